"""The dashboards by role (issue 18 item 1): thin views over ``dashboards.selectors``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.dashboards import presenters, selectors
from goldenthread.organisation.models import OrgUnit, Person, Portfolio
from goldenthread.organisation.shortcuts import council_or_404


@access.require("dashboards.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """A director's directorate, from their scope. The performance team and a director with
    the whole council in scope (the chief executive) see the council by directorate, and may
    pick one directorate with ``?directorate=``."""
    council = council_or_404()
    person = access.person_of(request.user)
    if person is not None and person.role == Person.Role.COUNCILLOR:
        return _portfolio(request, person)
    units = selectors.directorates(council)
    whole_council = access.is_performance_team(request.user) or (
        person is not None and person.scope_id is None
    )
    directorate: OrgUnit | None = None
    if whole_council:
        asked = request.GET.get("directorate", "")
        if asked:
            directorate = next((u for u in units if str(u.pk) == asked), None)
            if directorate is None:
                raise Http404("No such directorate")
    elif person is not None and person.scope_id is not None:
        directorate = _directorate_of(person.scope_id, units)
    board = selectors.dashboard(
        council=council, today=today(), directorate=directorate, units=units
    )
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "board": board,
            "council_name": council.name,
            "units": units,
            "whole_council": whole_council,
            "charts": [
                (chart, presenters.small_multiple_svg(chart, n))
                for n, chart in enumerate(board.charts, start=1)
            ],
            "team": access.is_performance_team(request.user),
            "changes": [
                ("better", board.better, board.better_query, "better"),
                ("worse", board.worse, board.worse_query, "worse"),
            ],
        },
    )


def _portfolio(request: HttpRequest, person: Person) -> HttpResponse:
    """A portfolio holder's dashboard: their portfolio (``?portfolio=`` picks among theirs)."""
    council = council_or_404()
    held = list(Portfolio.objects.filter(holder=person).order_by("name"))
    asked = request.GET.get("portfolio", "")
    portfolio = next((p for p in held if str(p.pk) == asked), None) if asked else held[0]
    if portfolio is None:
        raise Http404("Not a portfolio you hold")
    board = selectors.portfolio_dashboard(
        council=council, today=today(), portfolio=portfolio, holder=person
    )
    return render(
        request,
        "dashboards/portfolio.html",
        {"board": board, "council_name": council.name, "held": held},
    )


def _directorate_of(scope_id: int, units: list[OrgUnit]) -> OrgUnit:
    """A director's scope is their directorate; one scoped to a service sees its directorate."""
    by_pk = {u.pk: u for u in units}
    if scope_id in by_pk:
        return by_pk[scope_id]
    parent = OrgUnit.objects.filter(pk=scope_id).values_list("parent_id", flat=True).first()
    if parent in by_pk:
        return by_pk[parent]
    raise Http404("Your scope is not a directorate")
