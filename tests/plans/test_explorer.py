"""The explorer follows the thread down from a theme to a person's objective and back up, with
each node's rollup, in a fixed number of queries whatever the size of the tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.plans import selectors, services
from goldenthread.plans.models import Plan, PlanKind
from goldenthread.status import Rag
from tests.conftest import dec, period
from tests.plans.fixtures import Thread

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


def walk(node: selectors.ThreadNode) -> list[selectors.ThreadNode]:
    return [node] + [n for branch in node.branches for n in walk(branch)]


def test_down_from_the_theme_reaches_the_persons_objective(
    council: Council, thread: Thread
) -> None:
    graph = selectors.thread_graph(council=council, today=TODAY)
    down = selectors.objective_thread(
        graph=graph, objective_id=thread.theme.pk, viewer=thread.manager
    )
    titles = [n.objective.title for n in walk(down.down)]
    assert titles == [
        "A clean borough", "Less waste", "Cleaner", "Recycle more", "New food waste round",
    ]  # fmt: skip
    section_node = walk(down.down)[-1]
    assert [e.staff_objective.title for e in section_node.staff] == [
        "Sign up 500 households to food waste collection"
    ]


def test_up_from_the_section_objective_reaches_the_theme(council: Council, thread: Thread) -> None:
    graph = selectors.thread_graph(council=council, today=TODAY)
    up = selectors.objective_thread(
        graph=graph, objective_id=thread.section_objective.pk, viewer=None
    )
    chain = []
    nodes = up.up
    while nodes:
        chain.append(nodes[0].objective.title)
        nodes = nodes[0].branches
    assert chain == ["Recycle more", "Cleaner", "Less waste", "A clean borough"]


def test_staff_objectives_are_hidden_from_people_outside_the_appraisal(
    council: Council, thread: Thread
) -> None:
    graph = selectors.thread_graph(council=council, today=TODAY)
    down = selectors.objective_thread(
        graph=graph, objective_id=thread.section_objective.pk, viewer=None
    )
    assert down.down.staff == [] and down.down.staff_hidden == 1


def test_rollup_counts_rags_and_milestones_below(
    council: Council, thread: Thread, measured: Indicator, periods: None
) -> None:
    indicator_services.target_set(
        actor=None, indicator=measured, period=period("2025-26-Q2"), value=dec(50)
    )
    indicator_services.actual_record(
        state="approved", actor=None, indicator=measured, period=period("2025-26-Q2"), value=dec(40)
    )
    services.milestone_create(
        actor=None, objective=thread.section_objective, title="Late", due=date(2025, 9, 1)
    )
    services.milestone_create(
        actor=None, objective=thread.section_objective, title="Done", due=date(2025, 8, 1),
        status="done", done_on=date(2025, 8, 1),
    )  # fmt: skip
    graph = selectors.thread_graph(council=council, today=TODAY)
    rollup = graph.rollup(thread.theme.pk)
    assert rollup.rags == {Rag.RED: 1}
    assert (rollup.milestones, rollup.milestones_done, rollup.milestones_late) == (2, 1, 1)
    assert graph.rollup(thread.section_objective.pk).rags == {}


def grow(
    thread: Thread,
    make_plan: Callable[..., Plan],
    make_indicator: Callable[..., Indicator],
    n: int,
    first: int = 0,
) -> None:
    """Add ``n`` service plans, each with objectives, sub-objectives, milestones, indicators
    and a staff objective, all linked into the thread."""
    for k in range(first, first + n):
        plan = make_plan(PlanKind.CORPORATE, f"Plan {k}")
        objective = services.objective_create(actor=None, plan=plan, title=f"Objective {k}")
        sub = services.objective_create(actor=None, plan=plan, parent=objective, title=f"Sub {k}")
        services.objective_link(actor=None, source=objective, target=thread.outcome)
        services.objective_measure(
            actor=None, objective=sub, indicator=make_indicator(code=f"G {k}", title=f"Grown {k}")
        )
        services.milestone_create(actor=None, objective=sub, title="Step", due=date(2025, 5, 1))
        services.staff_objective_create(
            actor=None, appraisal=thread.appraisal, title=f"Mine {k}", supports=[objective]
        )


@pytest.mark.parametrize(
    "url",
    [
        "/plans/thread/",
        "/plans/objectives/{theme}/",
        "/plans/objectives/{section}/",
        "/plans/{strategy}/",
        "/plans/coverage/",
        "/plans/coverage.csv",
        "/plans/",
        "/plans/appraisals/",
    ],
)
def test_pages_take_the_same_number_of_queries_at_two_sizes(
    url: str,
    client: Client,
    thread: Thread,
    make_plan: Callable[..., Plan],
    make_indicator: Callable[..., Indicator],
    performance_user: Any,
    django_assert_num_queries: Any,
    periods: None,
) -> None:
    client.force_login(performance_user)
    target = url.format(
        theme=thread.theme.pk, section=thread.section_objective.pk, strategy=thread.strategy.pk
    )
    grow(thread, make_plan, make_indicator, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    grow(thread, make_plan, make_indicator, 25, first=2)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(target)
    assert response.status_code == 200
