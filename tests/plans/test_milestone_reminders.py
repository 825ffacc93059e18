"""Milestone owners are reminded once per stage (due soon, overdue), and their milestones due
soon or overdue are on their own work list (``selectors.work_items``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.organisation.models import Council, Person
from goldenthread.plans import selectors, services
from goldenthread.plans.models import Milestone
from goldenthread.returns.models import Reminder
from goldenthread.returns.reminders import send_reminders
from tests.conftest import TODAY
from tests.plans.fixtures import Thread, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(council: Council) -> Person:
    person = make_person(council, "mowner", Person.Role.OWNER, None)
    person.user.email = "mowner@example.gov.uk"
    person.user.save()
    return person


def milestone(thread: Thread, owner: Person | None, title: str, due: date) -> Milestone:
    return services.milestone_create(
        actor=None, objective=thread.section_objective, title=title, due=due, owner=owner
    )


def test_each_milestone_reminder_goes_once_per_stage(
    settings: Any, thread: Thread, owner: Person
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    soon = milestone(thread, owner, "Round live", date(2025, 11, 30))
    milestone(thread, owner, "Later", date(2026, 2, 1))  # not due soon: no reminder
    done = milestone(thread, owner, "Leaflets", date(2025, 11, 1))
    services.milestone_done(actor=None, milestone=done, done_on=date(2025, 11, 1), today=TODAY)
    milestone(thread, None, "Nobody's", date(2025, 11, 25))  # no owner: nobody to remind

    assert send_reminders(today=TODAY) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["mowner@example.gov.uk"]
    assert "Round live (Collections work programme): due by 30 November 2025" in body
    assert f"/plans/milestones/{soon.pk}/done/" in body
    assert "Later" not in body and "Leaflets" not in body and "Nobody" not in body
    assert send_reminders(today=TODAY) == 0  # the same stage: not again

    # Past its date: overdue is a new stage, reminded once.
    assert send_reminders(today=date(2025, 12, 2)) == 1
    assert "Round live (Collections work programme): overdue since 30 November 2025" in (
        mail.outbox[1].body
    )
    assert send_reminders(today=date(2025, 12, 3)) == 0

    # Marked late with a new date: the new date is due again in its turn, once.
    services.milestone_late(
        actor=None,
        milestone=soon,
        reason="Crews",
        new_due=date(2025, 12, 12),
        today=date(2025, 12, 3),
    )
    assert send_reminders(today=date(2025, 12, 3)) == 1
    assert "due by 12 December 2025" in mail.outbox[2].body
    assert send_reminders(today=date(2025, 12, 4)) == 0
    assert sorted(Reminder.objects.values_list("key", flat=True)) == [
        f"milestone-due:{soon.pk}:2025-11-30",
        f"milestone-due:{soon.pk}:2025-12-12",
        f"milestone-overdue:{soon.pk}:2025-11-30",
    ]


def test_work_items_list_the_persons_milestones_due_soon_or_overdue(
    thread: Thread, owner: Person, council: Council
) -> None:
    other = make_person(council, "other", Person.Role.OWNER, None)
    overdue = milestone(thread, owner, "Round designed", date(2025, 11, 10))
    soon = milestone(thread, owner, "Round live", date(2025, 11, 21))
    milestone(thread, owner, "Later", date(2026, 2, 1))
    milestone(thread, other, "Someone else's", date(2025, 11, 22))

    items = selectors.work_items(owner, TODAY)

    assert [(i.title, i.state, i.due, i.url) for i in items] == [
        ("Round designed", "Overdue 10 days", date(2025, 11, 10), f"/plans/milestones/{overdue.pk}/done/"),
        ("Round live", "Due in 1 day", date(2025, 11, 21), f"/plans/milestones/{soon.pk}/done/"),
    ]  # fmt: skip
    assert items[0].kind == "Milestones"
    assert items[0].detail == "W1 New food waste round · Collections work programme"
    assert items[0].is_overdue(TODAY) and not items[1].is_overdue(TODAY)
    assert selectors.work_items(other, TODAY)[0].state == "Due in 2 days"


def test_work_items_take_one_query_however_many_milestones(thread: Thread, owner: Person) -> None:
    for k in range(2):
        milestone(thread, owner, f"Step {k}", date(2025, 11, 25))
    with CaptureQueriesContext(connection) as small:
        assert len(selectors.work_items(owner, TODAY)) == 2
    for k in range(2, 30):
        milestone(thread, owner, f"Step {k}", date(2025, 11, 25))
    with CaptureQueriesContext(connection) as large:
        assert len(selectors.work_items(owner, TODAY)) == 30
    assert len(small) == len(large) == 1
