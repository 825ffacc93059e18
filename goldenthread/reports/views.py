"""Thin views: read through selectors, write through services, render GOV.UK templates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.access import is_performance_team
from goldenthread.core.clock import today
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import OrgUnit
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.reports import ipr as ipr_report
from goldenthread.reports import render as files
from goldenthread.reports import selectors, services
from goldenthread.reports.finance import finance_report
from goldenthread.reports.forms import (
    ChallengeForm,
    ChallengeUpdateForm,
    ExceptionFilterForm,
    ReferralForm,
)
from goldenthread.reports.models import Challenge, ChallengeSession, Meeting
from goldenthread.scorecard.selectors import scorecard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@access.require("internal.view")
def index(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    return render(
        request,
        "reports/index.html",
        {
            "directorates": selectors.directorates(council=council),
            "meetings": selectors.upcoming_meetings(council=council, today=today()),
            "council_name": council.name,
        },
    )


@access.require("internal.view")
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    directorate = get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.DIRECTORATE)
    found = selectors.reporting_matrix(directorate=directorate)
    if request.GET.get("format") == "xlsx":
        return _download(
            files.matrix_xlsx(found), XLSX, f"reporting-matrix-{directorate.code}.xlsx"
        )
    return render(request, "reports/matrix.html", {"matrix": found})


@access.require("internal.view")
def exceptions(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    choices = selectors.exception_choices(council=council, today=today())
    form = ExceptionFilterForm(request.GET or None, choices=choices)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    report = selectors.indicator_states(
        council=council,
        today=today(),
        period_code=data.get("period", ""),
        filters=selectors.ExceptionFilters(
            body=data.get("body"), directorate=data.get("directorate"), rule=data.get("rule", "")
        ),
    )
    return render(
        request,
        "reports/exceptions.html",
        {"report": report, "form": form, "can_refer": _may_refer(request)},
    )


def _may_refer(request: HttpRequest) -> bool:
    return access.can(request.user, "reports.refer")


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer an indicator by exception to Cabinet (a lead member or scrutiny committee)."""
    if not _may_refer(request):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator.objects.select_related("council"), pk=pk)
    period = get_object_or_404(Period, code=request.GET.get("period", ""))
    senders, receivers = selectors.referring_bodies(council=indicator.council)
    if not senders or not receivers:
        raise Http404("No lead member, scrutiny committee or Cabinet is set up")
    form = ReferralForm(request.POST or None, senders=senders, receivers=receivers)
    if request.method == "POST" and form.is_valid():
        bodies = {b.pk: b for b in senders + receivers}
        try:
            referral = services.referral_create(
                actor=request.user,
                indicator=indicator,
                period=period,
                from_body=bodies[form.cleaned_data["from_body"]],
                to_body=bodies[form.cleaned_data["to_body"]],
                note=form.cleaned_data["note"],
                referred_on=today(),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            meeting = (
                Meeting.objects.filter(body=referral.to_body, date__gte=referral.referred_on)
                .order_by("date")
                .first()
            )
            if meeting is not None:
                return redirect("reports:pack", pk=meeting.pk)
            return redirect("reports:exceptions")
    return render(
        request, "reports/refer.html", {"form": form, "indicator": indicator, "period": period}
    )


@access.require("internal.view")
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body__council"), pk=pk)
    return render(
        request, "reports/pack.html", {"pack": selectors.pack(meeting=meeting, today=today())}
    )


@access.require("internal.view")
def ipr(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    code = request.GET.get("period", "")
    fmt = request.GET.get("format", "")
    report = ipr_report.build(council=council, today=today(), period_code=code)
    name = (
        f"integrated-performance-report-{report.card.period.code if report.card.period else 'none'}"
    )
    if fmt == "docx":
        return _download(files.ipr_docx(report), DOCX, f"{name}.docx")
    if fmt == "pdf":
        return _download(files.ipr_pdf(report), "application/pdf", f"{name}.pdf")
    if fmt == "html":
        return _download(files.ipr_html(report), "text/html; charset=utf-8", f"{name}.html")
    return render(request, "reports/ipr.html", {"ipr": report})


@access.require("internal.view")
def finance(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    card = scorecard(council=council, today=today(), period_code=request.GET.get("period", ""))
    report = finance_report(
        council=council,
        period=card.period,
        rags={row.indicator.pk: row.status.rag for row in card.rows},
    )
    return render(request, "reports/finance.html", {"report": report})


@access.require("internal.view")
def scorecard_export(request: HttpRequest) -> HttpResponse:
    card = scorecard(
        council=council_or_404(), today=today(), period_code=request.GET.get("period", "")
    )
    code = card.period.code if card.period else "none"
    if request.GET.get("format") == "csv":
        return _download(
            files.scorecard_csv(card), "text/csv; charset=utf-8", f"scorecard-{code}.csv"
        )
    return _download(files.scorecard_xlsx(card), XLSX, f"scorecard-{code}.xlsx")


def _apply_errors(form: Any, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@access.require("internal.view")
def challenges(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    status = request.GET.get("status", "")
    if status not in {"", *Challenge.Status.values}:
        status = ""
    return render(
        request,
        "reports/challenges.html",
        {
            "challenges": selectors.challenges(council=council, status=status),
            "status": status,
            "statuses": Challenge.Status.choices,
            "can_edit": is_performance_team(request.user),
        },
    )


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def challenge_new(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    sessions = list(ChallengeSession.objects.filter(council=council))
    indicators = list(
        Indicator.objects.filter(council=council).order_by("code").only("code", "title")
    )
    form = ChallengeForm(
        request.POST or None,
        initial={"indicator": request.GET.get("indicator")},
        sessions=[(s.pk, str(s)) for s in sessions],
        indicators=[(i.pk, f"{i.code} {i.title}") for i in indicators],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_create(
                actor=request.user,
                session=next(s for s in sessions if s.pk == data["session"]),
                indicator=next(i for i in indicators if i.pk == data["indicator"]),
                challenge=data["challenge"],
                owner=data["owner"],
                due=data["due"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("reports:challenges")
    return render(request, "reports/challenge_new.html", {"form": form})


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def challenge_page(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.select_related("session", "indicator"), pk=pk)
    can_edit = is_performance_team(request.user)
    form = ChallengeUpdateForm(
        request.POST or None,
        initial={
            "answer": challenge.answer,
            "decision": challenge.decision,
            "status": challenge.status,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.challenge_update(
                    actor=request.user, challenge=challenge, today=today(), **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect("reports:challenges")
    return render(
        request,
        "reports/challenge.html",
        {"challenge": challenge, "form": form, "can_edit": can_edit},
    )


@access.require("internal.view")
def upcoming(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    return render(
        request,
        "reports/upcoming.html",
        {
            "items": selectors.upcoming(council=council, today=today()),
            "cycle": selectors.cycle(council=council),
        },
    )
