"""The thread stays sound: no objective its own ancestor, no link down a level, every change
audited, and bad input refused with the field named."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from goldenthread.core.models import AuditEntry
from goldenthread.organisation.models import OrgUnit
from goldenthread.plans import services
from goldenthread.plans.models import Milestone, ObjectiveLink, Plan, PlanKind
from tests.plans.fixtures import Thread

pytestmark = pytest.mark.django_db


def test_a_link_that_makes_an_objective_its_own_ancestor_is_refused(
    thread: Thread, make_plan: Callable[..., Plan]
) -> None:
    # Two corporate-level plans may link to each other's objectives, so a loop is possible.
    other = make_plan(PlanKind.LPSA, "LPSA")
    target = services.objective_create(actor=None, plan=other, title="Stretch")
    services.objective_link(actor=None, source=target, target=thread.priority)
    links_before = ObjectiveLink.objects.count()
    with pytest.raises(ValidationError) as error:
        services.objective_link(actor=None, source=thread.priority, target=target)
    assert "its own ancestor" in error.value.message_dict["target"][0]
    assert ObjectiveLink.objects.count() == links_before


def test_moving_an_objective_under_its_own_descendant_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_update(actor=None, objective=thread.theme, parent=thread.outcome)
    assert "cannot also be above it" in error.value.message_dict["parent"][0]
    thread.theme.refresh_from_db()
    assert thread.theme.parent_id is None


def test_a_link_down_to_a_lower_level_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_link(actor=None, source=thread.priority, target=thread.section_objective)
    assert "contribute upward" in error.value.message_dict["target"][0]


def test_a_link_within_one_plan_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_link(actor=None, source=thread.outcome, target=thread.theme)
    assert "same plan" in error.value.message_dict["target"][0]


def test_a_parent_in_another_plan_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_create(
            actor=None, plan=thread.service, parent=thread.priority, title="Stray"
        )
    assert "same plan" in error.value.message_dict["parent"][0]


def test_every_link_is_audited(thread: Thread) -> None:
    entries = AuditEntry.objects.filter(model="plans.objectivelink")
    assert entries.count() == 3
    assert set(entries.values_list("action", flat=True)) == {"create"}


def test_a_milestone_due_after_the_plan_ends_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=None, objective=thread.section_objective, title="Late", due=date(2026, 4, 30)
        )
    assert "within the plan" in error.value.message_dict["due"][0]


def test_a_done_milestone_needs_its_date(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.milestone_create(
            actor=None,
            objective=thread.section_objective,
            title="Round live",
            due=date(2025, 9, 30),
            status=Milestone.Status.DONE,
        )
    assert "done_on" in error.value.message_dict


def test_milestones_past_due_and_not_done_are_late(thread: Thread) -> None:
    make = services.milestone_create
    late = make(actor=None, objective=thread.section_objective, title="A", due=date(2025, 6, 30))
    on_time = make(
        actor=None, objective=thread.section_objective, title="B", due=date(2025, 6, 30),
        status="done", done_on=date(2025, 6, 30),
    )  # fmt: skip
    done_late = make(
        actor=None, objective=thread.section_objective, title="C", due=date(2025, 6, 30),
        status="done", done_on=date(2025, 7, 2),
    )  # fmt: skip
    future = make(actor=None, objective=thread.section_objective, title="D", due=date(2026, 1, 31))
    today = date(2025, 11, 20)
    assert [m.is_late(today) for m in (late, on_time, done_late, future)] == [
        True, False, True, False,
    ]  # fmt: skip


def test_a_negative_pump_priming_grant_is_refused(make_plan: Callable[..., Plan]) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(PlanKind.LPSA, pump_priming_grant=Decimal("-1"))
    assert "pump_priming_grant" in error.value.message_dict


def test_a_service_plan_needs_a_service_not_a_directorate(
    make_plan: Callable[..., Plan], directorate: OrgUnit
) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(PlanKind.SERVICE, org_unit=directorate)
    assert "belongs to a service" in error.value.message_dict["org_unit"][0]


def test_the_pro_rata_rule_needs_its_threshold(make_plan: Callable[..., Plan]) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(PlanKind.LPSA, reward_rule="pro_rata")
    assert "reward_threshold" in error.value.message_dict


def test_a_plan_cannot_end_before_it_starts(make_plan: Callable[..., Plan]) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(PlanKind.CORPORATE, start=date(2025, 4, 1), end=date(2025, 3, 1))
    assert "end" in error.value.message_dict
