"""The demo council's golden thread: a theme leads down to people's objectives and back up."""

from __future__ import annotations

import pytest

from goldenthread.demo.builder import BuildSummary
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.plans import selectors
from goldenthread.plans.models import Objective, Plan, PlanKind, StretchTarget, TargetShare
from tests.demo.council.conftest import BUILD_DAY

pytestmark = pytest.mark.django_db


def test_demo_has_every_kind_of_plan(castlebridge: BuildSummary) -> None:
    kinds = set(Plan.objects.values_list("kind", flat=True))
    assert kinds == {k.value for k in PlanKind}
    strategy = Plan.objects.get(kind=PlanKind.COMMUNITY_STRATEGY)
    assert strategy.objectives.filter(kind="theme").count() == 7
    services = OrgUnit.objects.filter(kind="service")
    assert set(Plan.objects.filter(kind="service").values_list("org_unit", flat=True)) == set(
        services.values_list("pk", flat=True)
    )
    assert StretchTarget.objects.count() == 13
    assert TargetShare.objects.exclude(area=None).exists()


def test_every_theme_leads_down_to_someones_objective_and_back_up(
    castlebridge: BuildSummary,
) -> None:
    council = Council.objects.get()
    performance = Person.objects.get(user__username="performance")
    graph = selectors.thread_graph(council=council, today=BUILD_DAY)
    themes = Objective.objects.filter(kind="theme")
    reaching = 0
    for theme in themes:
        below = graph.reach([theme.pk], "down") | {theme.pk}
        staff = [e for pk in below for e in graph.staff_of.get(pk, [])]
        reaching += bool(staff)
        for entry in staff[:1]:
            served = graph.staff_links[entry.staff_objective.pk][0]
            assert theme.pk in graph.reach([served], "up")
            thread = selectors.objective_thread(
                graph=graph, objective_id=served, viewer=performance
            )
            assert thread.down.staff  # the performance team sees the person's objective
    assert reaching >= 5
