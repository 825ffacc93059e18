"""Thin views: read through selectors, format through presenters, render GOV.UK templates."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from goldenthread import access
from goldenthread.benchmarking import charts as benchmarking_charts
from goldenthread.core import datacache
from goldenthread.improvement import selectors as improvement_selectors
from goldenthread.indicators import selectors as indicator_selectors
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.scorecard import columns, presenters, selectors
from goldenthread.scorecard.forms import ScorecardFilterForm


@access.require("internal.view")
def scorecard(request: HttpRequest) -> HttpResponse:
    """The corporate scorecard. Its content is the same for every reader and changes only with
    signed-off data and the date, so it is cached on those (``core.datacache``, ADR 0019)."""
    versions = datacache.current()
    filters = sorted(request.GET.lists())
    page = datacache.cached(
        versions.key("scorecard", filters), lambda: _scorecard_content(request, versions.today)
    )
    return render(
        request,
        "scorecard/scorecard_page.html",
        {"page": page, "council_name": page["council_name"]},
    )


def _scorecard_content(request: HttpRequest, today: date) -> dict[str, str]:
    council = council_or_404()
    choices = selectors.scorecard_choices(council=council, today=today)
    form = ScorecardFilterForm(request.GET or None, choices=choices)
    # A filter that does not validate (a stale link, say) is shown with its error and ignored.
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    card = selectors.scorecard(
        council=council,
        today=today,
        period_code=data.get("period", ""),
        filters=selectors.ScorecardFilters(
            directorate=data.get("directorate"),
            service=data.get("service"),
            family=data.get("family", ""),
            frequency=data.get("frequency", ""),
            rag=data.get("rag", ""),
            changed=data.get("changed", ""),
            portfolio=data.get("portfolio"),
        ),
    )
    if card.period is not None and data.get("period") != card.period.code:
        # The Quarter box names the quarter shown: with no quarter asked for (or one that is
        # not offered), the scorecard shows the latest reported one, and the box must say so,
        # or "Apply filters" would jump to the first quarter in the list.
        shown = request.GET.copy()
        shown["period"] = card.period.code
        form = ScorecardFilterForm(shown, choices=choices)
        form.is_valid()
    return {
        "title": f"Corporate scorecard {card.period.label}"
        if card.period
        else "Corporate scorecard",
        "body": render_to_string(
            "scorecard/scorecard.html",
            {
                "card": card,
                "table": columns.STAFF,
                "lines": columns.STAFF.lines(card.rows, "indicator"),
                "form": form,
            },
        ),
        "council_name": council.name,
    }


@access.require("person.any")
def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator. Its figures and its history are cached apart (``core.datacache``): an
    owner's draft changes the history, never the signed-off figures."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("council", "service__parent", "owner__user"), pk=pk
    )
    if not access.can(request.user, "indicator.view", indicator):
        raise PermissionDenied
    versions = datacache.current(scope=indicator.audit_scope)
    team = access.is_performance_team(request.user)
    body = datacache.cached(
        versions.key("indicator", indicator.pk, team),
        lambda: {"body": _indicator_body(indicator, versions.today, team=team)},
    )
    unchecked = access.sees_unchecked(request.user, indicator)
    history = datacache.cached(
        versions.key("indicator-history", indicator.pk, unchecked, version=versions.history),
        lambda: {"body": _indicator_history(indicator, unchecked=unchecked)},
    )
    return render(
        request,
        "scorecard/indicator.html",
        {
            "indicator": indicator,
            "council_name": indicator.council.name,
            "body": body["body"],
            "history": history["body"],
            "can_raise_query": access.can(request.user, "queries.raise"),
            "can_define": access.can(request.user, "indicators.define"),
            "can_propose": access.can(request.user, "indicators.propose", indicator),
            "can_add_remedial": access.can(request.user, "actions.remedial", indicator),
        },
    )


def _indicator_body(indicator: Indicator, today: date, *, team: bool) -> str:
    detail = selectors.indicator_detail(indicator=indicator, today=today)
    lines = detail.current_year
    return render_to_string(
        "scorecard/_indicator_body.html",
        {
            "indicator": indicator,
            "detail": detail,
            "chart": presenters.current_year_chart(indicator, lines),
            "forecast_rows": presenters.forecast_rows(indicator, detail),
            "council_name": indicator.council.name,
            "year_label": lines[0].period.reporting_year_label if lines else "",
            **benchmarking_charts.indicator_context(indicator),
            "remedial_actions": improvement_selectors.remedial_actions(indicator, today),
            "team": team,
        },
    )


def _indicator_history(indicator: Indicator, *, unchecked: bool) -> str:
    return render_to_string(
        "scorecard/_indicator_history.html",
        {
            "indicator": indicator,
            "unchecked": unchecked,
            "history": indicator_selectors.history(
                indicator=indicator, limit=indicator_selectors.HISTORY_ON_PAGE, unchecked=unchecked
            ),
            "history_limit": indicator_selectors.HISTORY_ON_PAGE,
        },
    )
