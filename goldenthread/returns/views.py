"""Thin views for data collection: read through selectors, write through services."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core import editing
from goldenthread.core.clock import today
from goldenthread.core.csvfiles import csv_response, spreadsheet_cell
from goldenthread.core.models import AuditEntry
from goldenthread.indicators import selectors as indicator_selectors
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.indicators.services import StaleEdit
from goldenthread.returns import selectors, services
from goldenthread.returns.forms import (
    ApproveForm,
    ReasonForm,
    ReturnForm,
    SendBackForm,
    SignOffForm,
)
from goldenthread.returns.models import PeriodSignOff


@access.require("returns.mine")
def my_returns(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_returns(user=request.user, today=today())  # type: ignore[arg-type]
    outstanding = [r for r in rows if r.outstanding]
    return render(
        request,
        "returns/my_returns.html",
        {
            "outstanding": outstanding,
            "closed": [r for r in rows if r.closed],
            "done": [r for r in rows if not r.outstanding and not r.closed],
            "overdue": sum(r.overdue for r in outstanding),
            "due_soon": sum(r.due_soon for r in outstanding),
        },
    )


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def return_edit(request: HttpRequest, indicator_pk: int, period_code: str) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("council", "service", "owner__user"), pk=indicator_pk
    )
    period = get_object_or_404(Period, code=period_code, kind=indicator.frequency)
    if not access.can_enter(request.user, indicator):
        raise PermissionDenied("Only the indicator's owner or the performance team can enter it.")
    team = access.is_performance_team(request.user)
    warnings: list[str] = []
    conflict: Actual | None = None
    if request.method == "POST":
        form = ReturnForm(request.POST, indicator=indicator)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                saved = services.return_save(
                    actor=request.user,
                    indicator=indicator,
                    period=period,
                    entry=form.entry(),
                    submit=submit,
                    expected_version=form.cleaned_data["version"] or 0,
                    warnings_reason=form.cleaned_data["warnings_reason"],
                    override_reason=form.cleaned_data["override_reason"] if team else "",
                )
            except services.NeedsConfirmation as needs:
                warnings = needs.warnings
                form.add_error(
                    "warnings_reason",
                    "The checks flagged this figure: say why it is right, or correct it.",
                )
            except StaleEdit as stale:
                conflict = stale.current
                form.add_error(None, stale.messages[0])
                # The page now shows their change; saving again from here is deliberate.
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form.data = data
            except services.Locked as lock:
                form.add_error("override_reason" if team else None, lock.messages[0])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                verb = "submitted for approval" if submit else "saved as a draft"
                messages.success(
                    request,
                    f"{indicator.code} {period.label} {verb} ({saved.value.normalize():f}).",
                )
                return redirect("returns:mine")
    # Read after a save that did not go through (the service read it too), so a saved draft
    # costs one reading of the return and its history, not two.
    context = selectors.return_context(indicator=indicator, period=period)
    actual = context.actual
    locked = actual.is_locked if actual is not None else period.is_signed_off
    if locked and services.late_entry_open(request.user, actual, period):
        locked = False  # left open for the performance team's late entry at sign-off
    if request.method != "POST":
        initial: dict[str, Any] = {"version": 0}
        if actual is not None:
            # What the owner typed in (``services.Entry``), and the version it was read at.
            names = [*(field.name for field in dataclasses.fields(services.Entry)), "version"]
            initial = {name: getattr(actual, name) for name in names}
            initial["warnings_reason"] = actual.warnings_confirmed
        form = ReturnForm(initial=initial, indicator=indicator)
    return render(
        request,
        "returns/return_form.html",
        {
            "indicator": indicator,
            "period": period,
            "context": context,
            "actual": actual,
            "form": form,
            "warnings": warnings,
            "show_warnings_reason": bool(warnings or form["warnings_reason"].value()),
            "locked": locked,
            "can_override": locked and team,
            "conflict": conflict,
            "state_label": selectors.STATE_LABELS[
                actual.state if actual else selectors.NOT_STARTED
            ],
        },
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@access.require("returns.approve_any", methods=("GET", "HEAD", "POST"))
def approvals(request: HttpRequest) -> HttpResponse:
    if not access.approves_anything(request.user):
        raise PermissionDenied(
            "Approving returns is for heads of service, directors and the performance team."
        )
    if request.method == "POST":
        chosen = {
            int(pk): _int(request.POST.get(f"version-{pk}"))
            for pk in request.POST.getlist("chosen")
            if pk.isdigit()
        }
        if not chosen:
            messages.error(request, "Select the returns to approve.")
            return redirect("returns:approvals")
        approved, refused = services.returns_approve(actor=request.user, chosen=chosen)
        if approved:
            messages.success(
                request, f"Approved {len(approved)} return{'s' if len(approved) != 1 else ''}."
            )
        for sentence in refused:
            messages.error(request, sentence)
        return redirect("returns:approvals")
    waiting = selectors.awaiting_approval(user=request.user)  # type: ignore[arg-type]
    return render(request, "returns/approvals.html", {"waiting": waiting})


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def review(request: HttpRequest, pk: int) -> HttpResponse:
    actual = get_object_or_404(
        Actual.objects.select_related(
            "indicator__council",
            "indicator__service",
            "indicator__owner__user",
            "period",
            "submitted_by",
        ),
        pk=pk,
    )
    if not access.can_approve(request.user, actual.indicator, access.unit_parents()):
        raise PermissionDenied("You cannot approve returns for this service.")
    approve = ApproveForm(initial={"version": actual.version})
    send_back = SendBackForm(initial={"version": actual.version})
    used: ApproveForm | SendBackForm = send_back  # the form acted on: its errors head the page
    if request.method == "POST":
        if request.POST.get("action") == "approve":
            used = approve = ApproveForm(request.POST)
        else:
            used = send_back = SendBackForm(request.POST)
        if used.is_valid():
            try:
                return _review_act(request, actual, used)
            except StaleEdit:
                used.add_error(None, "This return changed since you opened it: check it again.")
                actual.refresh_from_db()
                # The page now shows the return as it stands; acting from here is deliberate.
                used.data = {**used.data, "version": str(actual.version)}
                if used is approve:
                    send_back = SendBackForm(initial={"version": actual.version})
                else:
                    approve = ApproveForm(initial={"version": actual.version})
            except ValidationError as error:
                _add_errors(used, error)
    context = selectors.return_context(indicator=actual.indicator, period=actual.period)
    return render(
        request,
        "returns/review.html",
        {
            "actual": actual,
            "context": context,
            "form": send_back,
            "approve": approve,
            "problems": used,
            "rag": context.rag_for(actual.value),
        },
    )


def _review_act(
    request: HttpRequest, actual: Actual, form: ApproveForm | SendBackForm
) -> HttpResponse:
    """Approve or send back, as the valid ``form`` says; raises what the services raise."""
    name = f"{actual.indicator.code} {actual.period.label}"
    version = form.cleaned_data["version"]
    if isinstance(form, ApproveForm):
        services.return_approve(actor=request.user, actual=actual, expected_version=version)
        messages.success(request, f"Approved {name}.")
    else:
        services.return_send_back(
            actor=request.user,
            actual=actual,
            reason=form.cleaned_data["reason"],
            expected_version=version,
        )
        messages.success(request, f"Returned {name} to its owner for correction.")
    return redirect("returns:approvals")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@access.require("team.manage")
def chase(request: HttpRequest) -> HttpResponse:
    groups = selectors.chase_list(today=today())
    return render(
        request,
        "returns/chase.html",
        {"groups": groups, "total": sum(g.count for g in groups), "today": today()},
    )


@access.require("team.manage")
def periods(request: HttpRequest) -> HttpResponse:
    rows = selectors.periods_for_sign_off(today=today())
    return render(
        request,
        "returns/periods.html",
        {"rows": rows, "form": ReasonForm(), "states": Actual.State},
    )


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def sign_off(request: HttpRequest, code: str) -> HttpResponse:
    """Sign off a period: first what is still open, by service; then, if anything is, what
    happens to it, a reason and a confirmation."""
    period = get_object_or_404(Period, code=code)
    summary = selectors.sign_off_summary(period=period)
    form = SignOffForm(
        request.POST if request.method == "POST" else None,
        open_count=summary.open_count,
        initial={"version": editing.version_of(period), "open_count": summary.open_count},
    )
    if request.method == "POST" and form.is_valid():
        try:
            published = services.period_sign_off(
                actor=request.user,
                period=period,
                reason=form.cleaned_data["reason"],
                open_returns=form.cleaned_data["open_returns"] or PeriodSignOff.OpenReturns.MISSING,
                expected_version=form.opened_version(),
                expected_open=form.cleaned_data["open_count"],
            )
        except editing.StaleEdit as stale:
            editing.record_refusal(request.user, stale)
            form.add_error(None, stale.messages[0])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            left = summary.open_count
            how = PeriodSignOff.OpenReturns(
                form.cleaned_data["open_returns"] or PeriodSignOff.OpenReturns.MISSING
            ).label
            note = f" {left} open return{'s' if left != 1 else ''}: {how.lower()}." if left else ""
            messages.success(
                request,
                f"{period.label} signed off and locked; {published} returns published.{note}",
            )
            return redirect("returns:periods")
    return render(
        request,
        "returns/sign_off.html",
        {"period": period, "summary": summary, "form": form},
    )


@access.require("team.manage", methods=("POST",))
def period_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Reopen a signed-off period (signing off is ``sign_off``: it warns first)."""
    if action != "reopen":
        raise Http404("No such action")
    period = get_object_or_404(Period, code=code)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Give a reason for reopening {period.label}.")
        return redirect("returns:periods")
    try:
        services.period_unlock(
            actor=request.user, period=period, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"{period.label} reopened.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("returns:periods")


CSV_HEADER = ["When", "Who", "Action", "Record", "Field", "Before", "After", "Reason"]


def _audit_rows(entries: Iterable[AuditEntry]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for entry in entries:
        who = entry.actor.get_username() if entry.actor else "system"
        base = [entry.at.isoformat(), who, entry.get_action_display(), entry.object_repr]
        changes = entry.changes or {}
        pairs = [
            (field, value)
            for field, value in changes.items()
            if isinstance(value, list) and len(value) == 2
        ]
        if not pairs:
            yield [*base, "", "", spreadsheet_cell(changes) if changes else "", entry.reason]
        for field, (before, after) in pairs:
            yield [*base, field, spreadsheet_cell(before), spreadsheet_cell(after), entry.reason]


@access.require("person.any")
def indicator_history_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    if not access.can(request.user, "indicator.view", indicator):
        raise PermissionDenied
    entries = indicator_selectors.history(
        indicator=indicator, unchecked=access.sees_unchecked(request.user, indicator)
    )
    return csv_response(_audit_rows(entries), f"{indicator.code}-history.csv".replace(" ", "-"))


@access.require("team.manage")
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    entries = AuditEntry.objects.select_related("actor").order_by("at", "id").iterator(2000)
    return csv_response(_audit_rows(entries), "audit-trail.csv")
