"""The action pages: a lead's progress, new dates and completion; the plan owner's actions and
decisions; remedial actions from the indicator page; reminders and each person's work items.

Every write is audited, refuses bad input with a field error and saves nothing, and refuses
the second of two writes from one opened version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.utils import override_settings

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.improvement import action_services, selectors, services
from goldenthread.improvement import reminders as action_reminders
from goldenthread.improvement.models import (
    Action,
    ActionPlan,
    DueDateRequest,
    ProgressUpdate,
    Recommendation,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.returns.reminders import send_reminders
from tests.conftest import page_queries

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


@dataclass
class World:
    plan: ActionPlan
    rec: Recommendation
    action: Action
    lead: User
    owner: User
    other: User


def person(council: Council, username: str, role: str, first: str, last: str) -> User:
    user = User.objects.create_user(
        username, password="pw-for-tests-1", first_name=first, last_name=last,
        email=f"{username}@example.org",
    )  # fmt: skip
    Person.objects.create(user=user, council=council, role=role, job_title=f"{first}'s job")
    return user


def action_for(world_rec: Recommendation, lead: User, *, due_in: int, text: str) -> Action:
    return action_services.action_create(
        None, world_rec, text=text, started_on=TODAY - timedelta(days=60),
        due=TODAY + timedelta(days=due_in), timescale="", lead=lead.person, today=TODAY,
    )  # fmt: skip


@pytest.fixture
def world(council: Council) -> World:
    lead = person(council, "lead", "owner", "Aisha", "Rahman")
    owner = person(council, "planowner", "director", "Helen", "Ashworth")
    other = person(council, "other", "owner", "Joseph", "Okafor")
    plan = services.plan_create(
        None, council=council, ref="cip", kind="corporate", title="Corporate plan",
        owner=owner.person,
    )  # fmt: skip
    rec = services.recommendation_add(None, plan, 1, "Process claims faster")
    action = action_for(rec, lead, due_in=-10, text="Clear the backlog")
    return World(plan, rec, action, lead, owner, other)


def fresh(action: Action) -> Action:
    return Action.objects.get(pk=action.pk)


# --- services: the lead ----------------------------------------------------------------------


def test_progress_is_recorded_audited_and_moves_the_action_on(world: World) -> None:
    opened = version_of(world.action)
    update = action_services.progress_record(
        world.lead, world.action.pk, opened, on=TODAY, text="Half cleared", status="at_risk",
        percent_complete=50, today=TODAY,
    )  # fmt: skip
    action = fresh(world.action)
    assert (action.status, action.percent_complete, update.by) == ("at_risk", 50, "Aisha Rahman")
    assert action.shown_status(TODAY).label == "Overdue"  # past due: one status, overdue
    assert AuditEntry.objects.filter(reason="Progress recorded").count() == 2
    assert version_of(action) != opened


@pytest.mark.parametrize(
    ("on", "field"),
    [(TODAY + timedelta(days=1), "on"), (TODAY - timedelta(days=61), "on")],
    ids=["in the future", "before the action started"],
)
def test_a_bad_progress_date_is_a_field_error_and_nothing_is_saved(
    world: World, on: date, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        action_services.progress_record(
            world.lead, world.action.pk, version_of(world.action), on=on, text="x",
            status="on_track", percent_complete=10, today=TODAY,
        )  # fmt: skip
    assert field in refused.value.message_dict
    assert ProgressUpdate.objects.count() == 0
    assert fresh(world.action).revision == world.action.revision


def write_twice(world: World, write: Callable[[str], Any]) -> None:
    """The same write twice from one opened version: the second is refused, not saved."""
    opened = version_of(fresh(world.action))
    write(opened)
    entries = AuditEntry.objects.count()
    after_first = version_of(fresh(world.action))
    with pytest.raises(StaleEdit) as refused:
        write(opened)
    assert "changed by someone else since you opened it" in str(refused.value.message)
    assert version_of(fresh(world.action)) == after_first
    assert AuditEntry.objects.count() == entries


def test_each_lead_write_from_one_opened_page_saves_once(world: World) -> None:
    def progress(version: str) -> None:
        action_services.progress_record(
            world.lead, world.action.pk, version, on=TODAY, text="Same words",
            status="on_track", percent_complete=20, today=TODAY,
        )  # fmt: skip

    write_twice(world, progress)
    assert ProgressUpdate.objects.count() == 1

    def ask(version: str) -> None:
        action_services.date_request(
            world.lead, world.action.pk, version, new_due=TODAY + timedelta(days=30),
            reason="Staff off sick", today=TODAY,
        )  # fmt: skip

    write_twice(world, ask)
    assert DueDateRequest.objects.count() == 1
    DueDateRequest.objects.all().delete()

    def done(version: str) -> None:
        action_services.mark_done(
            world.lead, world.action.pk, version, on=TODAY, note="", today=TODAY
        )

    write_twice(world, done)
    assert fresh(world.action).shown_status(TODAY).label == "Complete"


def test_a_closed_action_cannot_be_changed(world: World) -> None:
    action_services.mark_done(world.lead, world.action.pk, None, on=TODAY, note="", today=TODAY)
    with pytest.raises(ValidationError, match="closed"):
        action_services.progress_record(
            world.lead, world.action.pk, version_of(fresh(world.action)), on=TODAY, text="x",
            status="on_track", percent_complete=10, today=TODAY,
        )  # fmt: skip
    assert ProgressUpdate.objects.filter(status="on_track").count() == 0


def test_new_date_agreed_moves_the_due_date_and_the_status(world: World) -> None:
    assert world.action.shown_status(TODAY).label == "Overdue"
    request = action_services.date_request(
        world.lead, world.action.pk, version_of(world.action),
        new_due=TODAY + timedelta(days=40), reason="Waiting for the new system", today=TODAY,
    )  # fmt: skip
    assert fresh(world.action).due == TODAY - timedelta(days=10)  # unchanged until agreed
    opened = version_of(request)
    action_services.date_decide(world.owner, request.pk, opened, agree=True, note="", today=TODAY)
    action = fresh(world.action)
    assert action.due == TODAY + timedelta(days=40)
    assert action.shown_status(TODAY).label != "Overdue"
    assert DueDateRequest.objects.get().state == "agreed"
    with pytest.raises(StaleEdit):  # the same decision twice from one page
        action_services.date_decide(world.owner, request.pk, opened, agree=False, note="No", today=TODAY)  # fmt: skip
    assert DueDateRequest.objects.get().state == "agreed"


def test_bad_new_dates_and_refusals_without_a_reason_save_nothing(world: World) -> None:
    version = version_of(world.action)
    for new_due, reason, field in [
        (TODAY - timedelta(days=1), "Late", "new_due"),
        (TODAY + timedelta(days=5), "  ", "reason"),
    ]:
        with pytest.raises(ValidationError) as refused:
            action_services.date_request(
                world.lead, world.action.pk, version, new_due=new_due, reason=reason, today=TODAY
            )
        assert field in refused.value.message_dict
    assert DueDateRequest.objects.count() == 0
    request = action_services.date_request(
        world.lead, world.action.pk, version, new_due=TODAY + timedelta(days=5), reason="Why",
        today=TODAY,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        action_services.date_decide(
            world.owner, request.pk, version_of(request), agree=False, note="", today=TODAY
        )
    assert "note" in refused.value.message_dict
    assert DueDateRequest.objects.get().state == "pending"


# --- services: the plan's owner --------------------------------------------------------------


def test_a_due_date_before_the_start_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        action_services.action_create(
            world.owner, world.rec, text="New", started_on=TODAY, due=TODAY - timedelta(days=1),
            timescale="", lead=None, today=TODAY,
        )  # fmt: skip
    assert "due" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        action_services.action_edit(
            world.owner, world.action.pk, version_of(world.action), text="Clear it",
            started_on=TODAY, due=TODAY - timedelta(days=3), timescale="", lead=None,
            today=TODAY,
        )  # fmt: skip
    assert "due" in refused.value.message_dict
    assert Action.objects.count() == 1 and fresh(world.action).text == "Clear the backlog"


def test_adding_the_same_action_twice_adds_it_once(world: World) -> None:
    def add() -> Action:
        return action_services.action_create(
            world.owner, world.rec, text="Publish the backlog weekly", started_on=TODAY,
            due=None, timescale="Ongoing", lead=world.lead.person, today=TODAY,
        )  # fmt: skip

    add()
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as twice:
        add()
    assert "text" in twice.value.message_dict
    assert Action.objects.filter(text="Publish the backlog weekly").count() == 1
    assert AuditEntry.objects.count() == entries


def test_owner_writes_from_one_opened_page_save_once(world: World) -> None:
    def edit(version: str) -> None:
        action_services.action_edit(
            world.owner, world.action.pk, version, text="Clear the whole backlog",
            started_on=TODAY - timedelta(days=60), due=TODAY + timedelta(days=9), timescale="",
            lead=world.other.person, today=TODAY,
        )  # fmt: skip

    write_twice(world, edit)
    assert [str(lead) for lead in fresh(world.action).leads.all()] == ["AR", "JO"]

    def close(version: str) -> None:
        action_services.action_close(world.owner, world.action.pk, version, reason="Superseded", today=TODAY)  # fmt: skip

    write_twice(world, close)
    assert fresh(world.action).shown_status(TODAY).label == "Cancelled"


def test_merging_keeps_the_progress_and_closes_the_merged_action(world: World) -> None:
    kept = action_for(world.rec, world.other, due_in=30, text="Recruit temporary staff")
    action_services.progress_record(
        world.lead, world.action.pk, None, on=TODAY, text="Backlog at 400", status="on_track",
        percent_complete=30, today=TODAY,
    )  # fmt: skip

    def merge(version: str) -> None:
        action_services.action_merge(world.owner, world.action.pk, version, into=kept, today=TODAY)

    write_twice(world, merge)
    merged = fresh(world.action)
    assert merged.merged_into_id == kept.pk and merged.shown_status(TODAY).label == "Cancelled"
    assert list(kept.progress.values_list("text", flat=True)) == ["Backlog at 400"]
    assert {str(lead) for lead in kept.leads.all()} == {"AR", "JO"}
    assert AuditEntry.objects.filter(reason=f"Merged into action {kept.pk}").count() == 1


def test_remedial_actions_from_the_indicator_page(
    world: World, make_indicator: Callable[..., Indicator]
) -> None:
    indicator = make_indicator()
    with pytest.raises(ValidationError) as refused:
        action_services.remedial_add(
            world.lead, indicator, text="", due=TODAY - timedelta(days=1), lead=None, today=TODAY
        )
    assert set(refused.value.message_dict) == {"text", "due"}
    action = action_services.remedial_add(
        world.lead, indicator, text="Overtime on claims", due=TODAY + timedelta(days=30),
        lead=world.lead.person, today=TODAY,
    )  # fmt: skip
    assert list(action.indicators.all()) == [indicator]
    with pytest.raises(ValidationError) as twice:  # the same form sent twice adds one action
        action_services.remedial_add(
            world.lead, indicator, text="Overtime on claims", due=TODAY + timedelta(days=30),
            lead=world.lead.person, today=TODAY,
        )  # fmt: skip
    assert "text" in twice.value.message_dict
    assert Action.objects.filter(indicators=indicator).count() == 1
    assert action.recommendation.plan.kind == "remedial"
    assert [str(lead) for lead in action.leads.all()] == ["AR"]
    assert AuditEntry.objects.filter(reason=f"Remedial action for {indicator.code}").exists()


# --- work items and reminders ----------------------------------------------------------------


def test_work_items_list_what_a_lead_and_a_plan_owner_owe(
    world: World, django_assert_num_queries: Any
) -> None:
    action_for(world.rec, world.lead, due_in=20, text="Second action")
    with django_assert_num_queries(2):
        items = selectors.work_items(world.lead.person, TODAY)
    kinds = sorted((item.kind, item.title) for item in items)
    assert ("Overdue actions", "Clear the backlog") in kinds
    assert ("Action progress to report", "Second action") in kinds  # none in 60 days
    assert all(item.kind != "New due dates to decide" for item in items)
    action_services.date_request(
        world.lead, world.action.pk, None, new_due=TODAY + timedelta(days=9), reason="Why",
        today=TODAY,
    )  # fmt: skip
    with django_assert_num_queries(2):
        owed = selectors.work_items(world.owner.person, TODAY)
    assert [(item.kind, item.title) for item in owed] == [
        ("New due dates to decide", "Clear the backlog")
    ]
    assert selectors.work_items(world.other.person, TODAY) == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_leads_are_reminded_once_per_stage(world: World) -> None:
    letters = action_reminders.action_letters(TODAY)
    assert [letter.recipient for letter in letters] == [world.lead]
    assert sorted(key.split(":")[0] for key in letters[0].keys) == [
        "action-overdue",
        "action-progress",
    ]
    assert send_reminders(today=TODAY) == 1
    assert "Overdue since" in mail.outbox[0].body and "Clear the backlog" in mail.outbox[0].body
    assert send_reminders(today=TODAY) == 0  # the same stage: not again
    action_services.progress_record(
        world.lead, world.action.pk, None, on=TODAY, text="Going", status="on_track",
        percent_complete=40, today=TODAY,
    )  # fmt: skip
    next_month = TODAY + timedelta(days=29)
    assert send_reminders(today=next_month) == 1  # next month's progress: a new stage
    assert "Progress is due by" in mail.outbox[1].body
    assert "Overdue" not in mail.outbox[1].body  # the overdue stage went last time


# --- pages -----------------------------------------------------------------------------------


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data)


def test_a_lead_records_progress_and_asks_for_a_new_date_in_the_pages(
    client: Client, world: World
) -> None:
    client.force_login(world.lead)
    url = f"/improvement/actions/{world.action.pk}/"
    page = client.get(url).content.decode()
    assert "Record progress" in page and "Edit the action" not in page
    form = client.get(url + "progress/")
    version = form.context["form"].initial["version"]
    bad = post(client, url + "progress/", {
        "version": version, "on": "2030-01-01", "text": "x", "status": "on_track",
        "percent_complete": "10",
    })  # fmt: skip
    assert "The date of the progress cannot be in the future." in bad.content.decode()
    assert ProgressUpdate.objects.count() == 0
    good = {"version": version, "on": TODAY.isoformat(), "text": "Backlog halved",
            "status": "on_track", "percent_complete": "50"}  # fmt: skip
    assert post(client, url + "progress/", good).status_code == 302
    stale = post(client, url + "progress/", good)
    assert "changed by someone else since you opened it" in stale.content.decode()
    assert ProgressUpdate.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED).count() == 1
    version = client.get(url + "new-date/").context["form"].initial["version"]
    response = post(client, url + "new-date/", {
        "version": version, "new_due": (TODAY + timedelta(days=30)).isoformat(),
        "reason": "The team is short-staffed",
    })  # fmt: skip
    assert response.status_code == 302
    client.force_login(world.other)  # not a lead, not the plan owner
    assert client.get(url + "progress/").status_code == 403
    assert client.get(f"/improvement/plans/{world.plan.pk}/new-dates/").status_code == 403


def test_the_plan_owner_agrees_a_new_date_in_the_pages(client: Client, world: World) -> None:
    request = action_services.date_request(
        world.lead, world.action.pk, None, new_due=TODAY + timedelta(days=30), reason="Sick",
        today=TODAY,
    )  # fmt: skip
    client.force_login(world.owner)
    listing = client.get(f"/improvement/plans/{world.plan.pk}/new-dates/").content.decode()
    assert "Sick" in listing and "Clear the backlog" in listing
    url = f"/improvement/new-dates/{request.pk}/"
    version = client.get(url).context["form"].initial["version"]
    undecided = post(client, url, {"version": version, "note": "Hmm"})
    assert "Choose to agree or refuse the new date." in undecided.content.decode()
    refused = post(client, url, {"version": version, "decision": "refuse", "note": ""})
    assert "Say why the new date is refused." in refused.content.decode()
    assert (
        post(client, url, {"version": version, "decision": "agree", "note": ""}).status_code == 302
    )
    assert fresh(world.action).due == TODAY + timedelta(days=30)
    page = client.get(f"/improvement/actions/{world.action.pk}/").content.decode()
    assert ">Not started</strong>" in page and ">Overdue<" not in page  # no progress yet


@pytest.mark.parametrize("name", ["edit", "merge", "close"])
def test_the_plan_owner_pages_open_for_the_owner_only(
    client: Client, world: World, name: str
) -> None:
    url = f"/improvement/actions/{world.action.pk}/{name}/"
    client.force_login(world.lead)
    assert client.get(url).status_code == 403
    client.force_login(world.owner)
    assert client.get(url).status_code == 200
    assert client.get(f"/improvement/plans/{world.plan.pk}/actions/add/").status_code == 200


def test_the_remedial_page_adds_an_action_for_the_indicators_owner(
    client: Client, world: World, make_indicator: Callable[..., Indicator]
) -> None:
    indicator = make_indicator(owner=world.lead.person)
    url = f"/improvement/indicators/{indicator.pk}/remedial-action/"
    client.force_login(world.other)
    assert client.get(url).status_code == 403
    client.force_login(world.lead)
    assert f'href="{url}"' in client.get(f"/indicators/{indicator.pk}/").content.decode()
    response = post(client, url, {
        "text": "Overtime until the backlog clears", "due": (TODAY + timedelta(days=60)).isoformat(),
        "lead": world.lead.person.pk,
    })  # fmt: skip
    assert response.status_code == 302
    assert "Overtime until the backlog clears" in client.get(response["Location"]).content.decode()


def test_the_new_pages_take_the_same_queries_at_two_sizes(client: Client, world: World) -> None:
    client.force_login(world.owner)

    def grow(n: int) -> None:
        for i in range(n):
            action = action_for(world.rec, world.lead, due_in=5 + i, text=f"Action {n}.{i}")
            action_services.progress_record(
                world.lead, action.pk, None, on=TODAY, text="Going", status="on_track",
                percent_complete=10, today=TODAY,
            )  # fmt: skip
            action_services.date_request(
                world.lead, action.pk, None, new_due=TODAY + timedelta(days=90), reason="Why",
                today=TODAY,
            )  # fmt: skip

    def sizes() -> list[int]:
        return [
            page_queries(client, f"/improvement/plans/{world.plan.pk}/new-dates/"),
            page_queries(client, f"/improvement/actions/{Action.objects.last().pk}/"),  # type: ignore[union-attr]
        ]

    grow(2)
    small = sizes()
    grow(8)
    assert sizes() == small


def test_a_closed_actions_forms_say_so_and_refuse(client: Client, world: World) -> None:
    action_services.mark_done(world.lead, world.action.pk, None, on=TODAY, note="", today=TODAY)
    client.force_login(world.lead)
    url = f"/improvement/actions/{world.action.pk}/progress/"
    page = client.get(url).content.decode()
    assert "This action is closed" in page and "Save progress" not in page
    response = client.post(url, {
        "version": version_of(fresh(world.action)), "on": TODAY.isoformat(), "text": "More",
        "status": "on_track", "percent_complete": "90",
    })  # fmt: skip
    assert "it cannot be changed" in response.content.decode()
    assert ProgressUpdate.objects.filter(text="More").count() == 0
