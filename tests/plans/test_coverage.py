"""The coverage report lists exactly the unlinked items of a constructed case, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.plans import selectors, services
from goldenthread.plans.models import Plan
from tests.plans.fixtures import Thread

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture
def gaps(
    thread: Thread,
    measured: Indicator,
    make_indicator: Callable[..., Indicator],
    make_plan: Callable[..., Plan],
) -> dict[str, object]:
    create = services.objective_create
    # A second theme with nothing under it: unmeasured. A priority with a milestone: measured.
    bare_theme = create(actor=None, plan=thread.strategy, kind="theme", ref="T2", title="Bare")
    with_milestone = create(actor=None, plan=thread.corporate, ref="P2", title="Milestoned")
    services.milestone_create(
        actor=None, objective=with_milestone, title="Consult", due=date(2025, 9, 30)
    )
    # A service objective leading nowhere, measured by an indicator that so serves no priority.
    stray = create(actor=None, plan=thread.service, ref="S9", title="Stray")
    stray_indicator = make_indicator(code="LPI 90", title="Stray measure")
    services.objective_measure(actor=None, objective=stray, indicator=stray_indicator)
    # A sub-objective of a linked service objective serves the priority through its parent.
    create(
        actor=None, plan=thread.service, parent=thread.service_objective, ref="S1.1", title="Sub"
    )
    orphan = make_indicator(code="LPI 91", title="Orphan")
    make_indicator(code="LPI 92", title="Retired", first_year=2020, last_year=2023)
    lonely = services.staff_objective_create(actor=None, appraisal=thread.appraisal, title="Learn")
    return {
        "bare_theme": bare_theme,
        "stray": stray,
        "stray_indicator": stray_indicator,
        "orphan": orphan,
        "lonely": lonely,
    }


def test_coverage_lists_exactly_the_gaps(council: Council, thread: Thread, gaps: dict) -> None:
    graph = selectors.thread_graph(council=council, today=TODAY)
    report = selectors.coverage(council=council, graph=graph)
    assert report.unmeasured_priorities == [gaps["bare_theme"]]
    assert report.indicators_without_priority == [
        (gaps["stray_indicator"], "Its objectives lead up to no priority"),
        (gaps["orphan"], "Measures no objective"),
    ]
    assert report.service_objectives_unlinked == [gaps["stray"]]
    assert [e.staff_objective for e in report.staff_objectives_unlinked] == [gaps["lonely"]]
    assert report.total == 5


def test_coverage_csv_has_a_row_per_gap(
    client: Client, council: Council, thread: Thread, gaps: dict, performance_user: object
) -> None:
    client.force_login(performance_user)  # type: ignore[arg-type]
    response = client.get("/plans/coverage.csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "gap,reference,title,plan or service,detail"
    assert len(lines) == 1 + 5
    assert any("Stray measure" in line for line in lines)
    assert any(",Learn," in line for line in lines)  # the performance team sees the wording


def test_other_people_see_a_staff_gap_without_its_wording(
    client: Client, thread: Thread, gaps: dict
) -> None:
    client.force_login(thread.manager.user)
    other = services.appraisal_create(
        actor=None, person=thread.manager, year=2025, due=date(2025, 6, 30)
    )
    services.staff_objective_create(actor=None, appraisal=other, title="Secret ambition")
    client.force_login(thread.person.user)
    body = client.get("/plans/coverage/").content.decode()
    assert "Secret ambition" not in body
    assert "A staff objective (private)" in body
    assert "Learn" in body  # their own
