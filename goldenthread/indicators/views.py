"""Thin views for the performance team's indicator and target pages and owners' proposals.

Every write goes through ``goldenthread.indicators.services`` (audited, checked against the
version the page was opened on); the rules are ``access``'s ``indicators.*``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from goldenthread import access, status
from goldenthread.core.clock import today
from goldenthread.core.editing import show_errors, submit, version_of
from goldenthread.indicators import presenters, selectors, services
from goldenthread.indicators.forms import (
    DecideForm,
    IndicatorForm,
    ProposeDefinitionForm,
    ProposeTargetForm,
    RetireForm,
    RollForwardForm,
    TargetYearForm,
    YearForm,
)
from goldenthread.indicators.models import Indicator, Period, Proposal
from goldenthread.organisation.models import Person
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.periods import PeriodKind, financial_year_label, financial_year_of


def _viewer(request: HttpRequest) -> Person | None:
    return access.person_of(request.user)


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("council", "service", "owner__user"), pk=pk
    )


def _years() -> list[int]:
    """Financial years that have periods, oldest first."""
    return list(
        Period.objects.filter(kind=PeriodKind.FINANCIAL_YEAR)
        .order_by("financial_year")
        .values_list("financial_year", flat=True)
    )


def _chosen_year(request: HttpRequest, years: list[int]) -> int:
    current = financial_year_of(today())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    return year if year in years else (current if current in years or not years else years[-1])


# --- definitions ------------------------------------------------------------------------


@access.require("indicators.define", methods=("GET", "HEAD", "POST"))
def indicator_new(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    form = IndicatorForm(
        request.POST or None, council=council, initial={"first_year": financial_year_of(today())}
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.DEFINITION_FIELDS}
        try:
            indicator = services.indicator_create(actor=request.user, council=council, **fields)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{indicator} created. Now set its targets.")
            return redirect("indicators:targets", pk=indicator.pk)
    return render(
        request,
        "indicators/indicator_form.html",
        {"form": form, "indicator": None, "council_name": council.name},
    )


@access.require("indicators.define", methods=("GET", "HEAD", "POST"))
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        council=indicator.council,
        initial={"version": version_of(indicator)},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.DEFINITION_FIELDS}
        saved = submit(
            request.user,
            form,
            lambda: services.indicator_edit(
                actor=request.user,
                indicator_pk=pk,
                version=form.opened_version(),
                fields=fields,
            ),
        )
        if saved is not None:
            messages.success(request, "The definition has been saved.")
            return redirect("indicator", pk=pk)
    return render(
        request,
        "indicators/indicator_form.html",
        {"form": form, "indicator": _indicator(pk), "council_name": indicator.council.name},
    )


@access.require("indicators.define", methods=("GET", "HEAD", "POST"))
def indicator_retire(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    retired = indicator.last_year is not None
    years = [y for y in _years() if y >= indicator.first_year] or [indicator.first_year]
    form = RetireForm(
        request.POST or None,
        years=years,
        retired=retired,
        initial={
            "version": version_of(indicator),
            "last_year": indicator.last_year or financial_year_of(today()),
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.indicator_retire(
                actor=request.user,
                indicator_pk=pk,
                version=form.opened_version(),
                last_year=form.cleaned_data["last_year"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            done = form.cleaned_data["last_year"]
            messages.success(
                request,
                f"Retired after {financial_year_label(done)}: its history is kept."
                if done is not None
                else "Reinstated: it is reported again.",
            )
            return redirect("indicator", pk=pk)
    return render(
        request,
        "indicators/retire.html",
        {"form": form, "indicator": indicator, "council_name": indicator.council.name},
    )


# --- a year's targets -------------------------------------------------------------------


def _typed(value: Decimal | None) -> str | None:
    """A stored figure as someone would type it: 60, not 60.000000."""
    return None if value is None else f"{value.normalize():f}"


def _target_context(indicator: Indicator, year: int) -> dict[str, Any]:
    periods = selectors.year_periods(indicator, year)
    if indicator.frequency == PeriodKind.FINANCIAL_YEAR:
        periods = []
    targets = selectors.year_targets(indicator, year)
    return {
        "periods": periods,
        "targets": targets,
        "annual": selectors.annual_target(indicator, targets),
        "version": selectors.targets_version(targets.values()),
        "year_label": financial_year_label(year),
        "locked": any(p.is_signed_off for p in periods),
    }


@access.require("indicators.define", methods=("GET", "HEAD", "POST"))
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    years = _years()
    year = _chosen_year(request, years)
    context = _target_context(indicator, year)
    annual = context["annual"]
    initial: dict[str, Any] = {"version": context["version"]}
    if annual is not None:
        initial |= {
            "value": _typed(annual.value),
            "lower": _typed(annual.lower),
            "upper": _typed(annual.upper),
            "is_stretch": annual.is_stretch,
            "note": annual.note,
        }
    for period in context["periods"]:
        target = context["targets"].get(period.code)
        initial[TargetYearForm.period_field(period)] = _typed(target.value if target else None)
    form = TargetYearForm(request.POST or None, periods=context["periods"], initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first = form.period_fields()[0].name if context["periods"] else "value"
        saved = submit(
            request.user,
            form,
            lambda: services.targets_year_set(
                actor=request.user,
                indicator=indicator,
                financial_year=year,
                method=data.get("method") or services.ProfileMethod.EVEN,
                value=data["value"],
                lower=data["lower"],
                upper=data["upper"],
                typed=form.typed(),
                is_stretch=data["is_stretch"],
                note=data["note"],
                version=form.opened_version(),
            ),
            rename={"profile": first, "financial_year": "value"},
        )
        if saved is not None:
            messages.success(request, f"Targets for {context['year_label']} saved.")
            return redirect(reverse("indicators:targets", args=[pk]) + f"?year={year}")
    return render(
        request,
        "indicators/targets.html",
        {
            **context,
            "form": form,
            "year": year,
            "year_form": YearForm(initial={"year": year}, years=years),
            "indicator": indicator,
            "council_name": indicator.council.name,
        },
    )


# --- proposals --------------------------------------------------------------------------


def _may_propose(request: HttpRequest, indicator: Indicator) -> None:
    if not access.can(request.user, "indicators.propose", indicator):
        raise PermissionDenied


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def propose_definition(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    _may_propose(request, indicator)
    form = ProposeDefinitionForm(
        request.POST or None, indicator=indicator, initial={"version": version_of(indicator)}
    )
    if request.method == "POST" and form.is_valid():
        proposal = submit(
            request.user,
            form,
            lambda: services.proposal_create(
                actor=request.user,
                person=_viewer(request),
                indicator=indicator,
                kind=Proposal.Kind.DEFINITION,
                reason=form.cleaned_data["reason"],
                proposed=form.proposed(),
                version=form.opened_version(),
            ),
        )
        if proposal is not None:
            messages.success(request, "Your proposal has been sent to the performance team.")
            return redirect("indicators:proposal", pk=proposal.pk)
    return render(
        request,
        "indicators/propose_definition.html",
        {"form": form, "indicator": indicator, "council_name": indicator.council.name},
    )


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def propose_target(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(pk)
    _may_propose(request, indicator)
    years = _years()
    year = _chosen_year(request, years)
    if "year" not in request.GET and selectors.year_is_locked(indicator, year):
        # Most of a year its first quarter is signed off and its targets locked: offer the
        # next year, which is the one a target proposal can still change.
        year = next((later for later in years if later > year), year)
    context = _target_context(indicator, year)
    form = ProposeTargetForm(request.POST or None, initial={"version": context["version"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = submit(
            request.user,
            form,
            lambda: services.proposal_create(
                actor=request.user,
                person=_viewer(request),
                indicator=indicator,
                kind=Proposal.Kind.TARGET,
                financial_year=year,
                reason=data["reason"],
                proposed={name: data[name] for name in ("value", "lower", "upper")},
                version=form.opened_version(),
            ),
        )
        if proposal is not None:
            messages.success(request, "Your proposal has been sent to the performance team.")
            return redirect("indicators:proposal", pk=proposal.pk)
    return render(
        request,
        "indicators/propose_target.html",
        {
            **context,
            "form": form,
            "year": year,
            "year_form": YearForm(initial={"year": year}, years=years),
            "indicator": indicator,
            "council_name": indicator.council.name,
        },
    )


@access.require("person.any")
def proposals(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    team = access.can(request.user, "indicators.define")
    open_, decided = selectors.proposals_for(_viewer(request), team=team)
    return render(
        request,
        "indicators/proposals.html",
        {
            "open": [(p, selectors.proposal_summary(p)) for p in open_],
            "decided": [(p, selectors.proposal_summary(p)) for p in decided],
            "team": team,
            "council_name": council.name,
        },
    )


def proposal_rows(proposal: Proposal) -> list[tuple[str, str, str]]:
    """What a proposal changes, as (what, now, proposed) in words and formatted figures."""
    indicator = proposal.indicator
    if proposal.kind == Proposal.Kind.TARGET:

        def as_target(data: dict[str, Any]) -> str:
            figures = {k: Decimal(str(v)) if v is not None else None for k, v in data.items()}
            if not any(figures.values()) and not data:
                return presenters.NO_VALUE
            return presenters.format_target(
                status.Target(figures.get("value"), figures.get("lower"), figures.get("upper")),
                indicator,
            )

        label = financial_year_label(proposal.financial_year or 0)
        return [
            (
                f"Annual target for {label}",
                as_target(proposal.current),
                as_target(proposal.proposed),
            )
        ]
    rows = []
    for name, new in proposal.proposed.items():
        field = Indicator._meta.get_field(name)
        choices = dict(getattr(field, "choices", None) or [])
        rows.append(
            (
                str(getattr(field, "verbose_name", name)).capitalize(),
                _words(proposal.current.get(name), choices),
                _words(new, choices),
            )
        )
    return rows


def _words(value: Any, choices: dict[Any, Any]) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(choices.get(value, value))


@access.require("person.any", methods=("GET", "HEAD", "POST"))
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Proposal.objects.select_related(
            "indicator__council", "proposed_by__user", "decided_by__user"
        ),
        pk=pk,
    )
    if not access.can(request.user, "indicators.proposal", found):
        raise PermissionDenied
    team = access.can(request.user, "indicators.define")
    if request.method == "POST" and not team:
        raise PermissionDenied
    form = DecideForm(request.POST or None, initial={"version": version_of(found)})
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.proposal_decide(
                actor=request.user,
                person=_viewer(request),
                proposal_pk=pk,
                version=form.opened_version(),
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            ),
        )
        if saved is not None:
            accepted = form.cleaned_data["decision"] == "accept"
            messages.success(
                request,
                "Accepted: the change has been made."
                if accepted
                else "Declined: the owner can see your note.",
            )
            return redirect("indicators:proposals")
    return render(
        request,
        "indicators/proposal.html",
        {
            "proposal": found,
            "rows": proposal_rows(found),
            "form": form,
            "may_decide": team and found.is_open,
            "council_name": found.indicator.council.name,
        },
    )


# --- rolling targets forward ------------------------------------------------------------


@access.require("indicators.define", methods=("GET", "HEAD", "POST"))
def roll_forward(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    years = [y for y in _years() if y + 1 in set(_years())]
    current = financial_year_of(today())
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "from_year" in request.GET else None)
    )
    form = RollForwardForm(
        data, years=years, initial={"from_year": current if current in years else None}
    )
    preview = None
    if data is not None and form.is_valid():
        choice = form.cleaned_data
        preview = selectors.roll_forward_preview(
            council=council,
            from_year=choice["from_year"],
            method=choice["method"],
            uplift=choice["uplift"],
            overwrite=choice["overwrite"],
        )
        if request.method == "POST":
            count = submit(
                request.user,
                form,
                lambda: services.targets_roll_forward(
                    actor=request.user,
                    council=council,
                    from_year=choice["from_year"],
                    method=choice["method"],
                    uplift=choice["uplift"],
                    overwrite=choice["overwrite"],
                    version=form.opened_version(),
                ),
            )
            if count is not None:
                messages.success(
                    request,
                    f"Targets for {financial_year_label(preview.to_year)} set for {count} "
                    f"indicator{'s' if count != 1 else ''}.",
                )
                return redirect(reverse("indicators:roll-forward"))
    return render(
        request,
        "indicators/roll_forward.html",
        {"form": form, "preview": preview, "council_name": council.name},
    )
