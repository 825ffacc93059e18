"""Writing the thread in the service's own pages (issue 17b): plans, objectives, links and
milestones; milestone owners marking them done or late; stretch targets, partner shares and
appraisals. Every write is audited, refused on bad input with nothing saved, and refused when
sent twice from one opened version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.plans import services
from goldenthread.plans.models import (
    Appraisal,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    StaffObjective,
    StretchTarget,
    TargetShare,
)
from tests.conftest import TODAY, dec
from tests.plans.fixtures import Thread, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


@pytest.fixture
def milestone(thread: Thread) -> Milestone:
    return services.milestone_create(
        actor=None, objective=thread.section_objective, title="Round live", due=date(2025, 11, 30)
    )


@pytest.fixture
def milestone_owner(council: Council, thread: Thread, milestone: Milestone) -> User:
    person = make_person(council, "mowner", Person.Role.OWNER, None)
    milestone.owner = person
    milestone.save()
    return person.user


def audits(model: type[Any], action: str = AuditEntry.Action.UPDATE) -> int:
    return AuditEntry.objects.filter(model=model._meta.label_lower, action=action).count()


def form_errors(response: Any) -> dict[str, Any]:
    form = response.context["form"]
    return {field: list(errors) for field, errors in form.errors.items()}


# --- the services: bad input -----------------------------------------------------------


def test_a_milestone_due_outside_its_plan_is_refused(thread: Thread) -> None:
    with pytest.raises(ValidationError) as refused:
        services.milestone_create(
            actor=None, objective=thread.section_objective, title="Late", due=date(2026, 5, 1)
        )
    assert "within the plan" in refused.value.message_dict["due"][0]
    assert not Milestone.objects.exists()


def test_a_plan_cannot_shrink_past_its_milestones(thread: Thread, milestone: Milestone) -> None:
    with pytest.raises(ValidationError) as refused:
        services.plan_update(actor=None, plan=thread.section, end=date(2025, 10, 31))
    assert "Round live" in refused.value.message_dict["end"][0]
    assert Plan.objects.get(pk=thread.section.pk).end == date(2026, 3, 31)


def test_a_link_that_would_make_a_cycle_is_refused(
    thread: Thread, make_plan: Callable[..., Plan]
) -> None:
    laa = make_plan(PlanKind.LAA, "LAA")  # the same level as the strategy
    shared = services.objective_create(actor=None, plan=laa, title="Fewer burglaries")
    services.objective_link(actor=None, source=shared, target=thread.outcome)
    with pytest.raises(ValidationError) as refused:
        services.objective_link(actor=None, source=thread.outcome, target=shared)
    assert "its own ancestor" in refused.value.message_dict["target"][0]
    assert not ObjectiveLink.objects.filter(source=thread.outcome).exists()


def test_done_is_not_in_the_future_and_late_needs_a_reason_and_a_later_date(
    milestone: Milestone,
) -> None:
    with pytest.raises(ValidationError) as future:
        services.milestone_done(
            actor=None, milestone=milestone, done_on=date(2025, 11, 21), today=TODAY
        )
    assert "future" in future.value.message_dict["done_on"][0]
    with pytest.raises(ValidationError) as late:
        services.milestone_late(
            actor=None, milestone=milestone, reason=" ", new_due=TODAY, today=TODAY
        )
    assert set(late.value.message_dict) == {"reason", "new_due"}
    with pytest.raises(ValidationError) as outside:
        services.milestone_late(
            actor=None, milestone=milestone, reason="Crews", new_due=date(2026, 6, 1), today=TODAY
        )
    assert "within the plan" in outside.value.message_dict["due"][0]
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert (fresh.status, fresh.due, fresh.late_reason) == ("not_started", date(2025, 11, 30), "")


def test_done_and_late_are_saved_and_audited(milestone: Milestone) -> None:
    services.milestone_late(
        actor=None,
        milestone=milestone,
        reason="The crews start in January",
        new_due=date(2026, 1, 31),
        today=TODAY,
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.due) == ("in_progress", date(2026, 1, 31))
    assert milestone.late_reason == "The crews start in January"
    services.milestone_done(
        actor=None, milestone=milestone, done_on=date(2025, 11, 18), note="Live", today=TODAY
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on, milestone.note) == (
        "done",
        date(2025, 11, 18),
        "Live",
    )
    entries = AuditEntry.objects.filter(model="plans.milestone", action="update").order_by("pk")
    assert [sorted(e.changes) for e in entries] == [
        ["due", "late_reason", "status"],
        ["done_on", "note", "status"],
    ]


# --- the services: twice from one version ------------------------------------------------


def twice(write: Callable[[], Any]) -> StaleEdit | ValidationError:
    """Run ``write`` twice; the first must succeed, the second be refused."""
    write()
    with pytest.raises(ValidationError) as refused:
        write()
    return refused.value


def test_each_edit_sent_twice_from_one_version_is_refused(
    thread: Thread, milestone: Milestone, make_indicator: Callable[..., Indicator]
) -> None:
    plan_v = version_of(thread.section)
    objective_v = version_of(thread.section_objective)
    milestone_v = version_of(milestone)
    appraisal_v = version_of(thread.appraisal)
    writes: list[tuple[Callable[[], Any], Callable[[], Any]]] = [
        (
            lambda: services.plan_update(
                actor=None, plan=thread.section, version=plan_v, title=f"Plan {next(n)}"
            ),
            lambda: Plan.objects.get(pk=thread.section.pk).title,
        ),
        (
            lambda: services.objective_update(
                actor=None,
                objective=thread.section_objective,
                version=objective_v,
                title=f"Objective {next(n)}",
            ),
            lambda: Objective.objects.get(pk=thread.section_objective.pk).title,
        ),
        (
            lambda: services.milestone_update(
                actor=None, milestone=milestone, version=milestone_v, title=f"Step {next(n)}"
            ),
            lambda: Milestone.objects.get(pk=milestone.pk).title,
        ),
        (
            lambda: services.appraisal_complete(
                actor=None,
                appraisal=thread.appraisal,
                done=date(2025, 6, next(n)),
                today=TODAY,
                version=appraisal_v,
            ),
            lambda: Appraisal.objects.get(pk=thread.appraisal.pk).done,
        ),
    ]
    n = iter(range(1, 100))
    for write, read in writes:
        refused = twice(write)
        assert isinstance(refused, StaleEdit)
        assert "changed by someone else since you opened it" in refused.messages[0]
        kept = read()
        assert kept in ("Plan 1", "Objective 3", "Step 5", date(2025, 6, 7)), kept


@pytest.mark.parametrize("action", ["done", "late"])
def test_done_or_late_sent_twice_from_one_version_is_refused(
    milestone: Milestone, action: str
) -> None:
    opened = version_of(milestone)
    days = iter(range(10, 20))

    def write() -> Milestone:
        if action == "done":
            return services.milestone_done(
                actor=None,
                milestone=milestone,
                done_on=date(2025, 11, next(days)),
                today=TODAY,
                version=opened,
            )
        return services.milestone_late(
            actor=None,
            milestone=milestone,
            reason=f"Reason {next(days)}",
            new_due=date(2026, 1, 31),
            today=TODAY,
            version=opened,
        )

    assert isinstance(twice(write), StaleEdit)
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert fresh.done_on == date(2025, 11, 10) if action == "done" else True
    assert fresh.late_reason == ("" if action == "done" else "Reason 10")
    assert audits(Milestone) == 1


def test_stretch_and_shares_sent_twice_from_one_version_are_refused(
    thread: Thread, make_plan: Callable[..., Plan], make_indicator: Callable[..., Indicator]
) -> None:
    lpsa = make_plan(PlanKind.LPSA, "LPSA")
    stretch_objective = services.objective_create(actor=None, plan=lpsa, title="Recycle more")
    indicator = make_indicator(code="R1", title="Recycled", polarity="higher")
    values = iter(range(50, 60))

    def set_stretch() -> StretchTarget:
        return services.stretch_target_set(
            actor=None,
            objective=stretch_objective,
            indicator=indicator,
            expected_without_stretch=dec(45),
            stretch=dec(next(values)),
            version="",  # opened when there was none
        )

    assert isinstance(twice(set_stretch), StaleEdit)
    assert StretchTarget.objects.get().stretch == dec(50)

    laa = make_plan(PlanKind.LAA, "LAA")
    shared = services.objective_create(actor=None, plan=laa, title="Fewer burglaries")
    police = services.partner_create(
        actor=None, council=thread.strategy.council, name="Police", code="police"
    )
    opened = services.shares_version(shared)

    def set_share() -> TargetShare:
        return services.target_share_set(
            actor=None, objective=shared, partner=police, value=dec(next(values)), version=opened
        )

    assert isinstance(twice(set_share), StaleEdit)
    assert TargetShare.objects.get().value == dec(52)


def test_each_create_sent_twice_makes_one_row(
    thread: Thread, council: Council, milestone: Milestone
) -> None:
    creates: list[tuple[Callable[[], Any], Callable[[], int]]] = [
        (
            lambda: services.plan_create(
                actor=None,
                council=council,
                kind=PlanKind.CORPORATE,
                title="Corporate Plan 2026/27",
                start=date(2026, 4, 1),
                end=date(2027, 3, 31),
            ),
            lambda: Plan.objects.filter(title="Corporate Plan 2026/27").count(),
        ),
        (
            lambda: services.objective_create(actor=None, plan=thread.section, title="Bins"),
            lambda: Objective.objects.filter(title="Bins").count(),
        ),
        (
            lambda: services.milestone_create(
                actor=None, objective=thread.section_objective, title="Go", due=date(2025, 12, 1)
            ),
            lambda: Milestone.objects.filter(title="Go").count(),
        ),
        (
            lambda: services.objective_link(
                actor=None, source=thread.section_objective, target=thread.priority
            ),
            lambda: ObjectiveLink.objects.filter(source=thread.section_objective).count() - 1,
        ),
        (
            lambda: services.staff_objective_create(
                actor=None, appraisal=thread.appraisal, title="Coach two new drivers"
            ),
            lambda: StaffObjective.objects.filter(title="Coach two new drivers").count(),
        ),
    ]
    for create, count in creates:
        twice(create)
        assert count() == 1
    # Removing a link twice: the second is told it is gone.
    refused = twice(
        lambda: services.objective_unlink(
            actor=None, source=thread.section_objective, target=thread.priority
        )
    )
    assert "no longer contributes" in refused.message_dict["target"][0]


# --- the pages -----------------------------------------------------------------------------


def test_the_team_creates_a_plan_an_objective_and_a_milestone(
    client: Any, thread: Thread, performance_user: User, directorate: Any
) -> None:
    client.force_login(performance_user)
    response = client.post(
        "/plans/new/",
        {
            "kind": "directorate",
            "title": "Place business plan 2025/26",
            "org_unit": directorate.pk,
            "start": "2025-04-01",
            "end": "2026-03-31",
            "reward_rule": "all_or_nothing",
        },
    )
    plan = Plan.objects.get(title="Place business plan 2025/26")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    response = client.post(
        f"/plans/{plan.pk}/objectives/new/",
        {"kind": "objective", "title": "Recycle half of all waste", "position": 1},
    )
    objective = Objective.objects.get(plan=plan)
    assert response["Location"] == f"/plans/objectives/{objective.pk}/"
    # Bad input: due after the plan ends. A clear field error, nothing saved.
    response = client.post(
        f"/plans/objectives/{objective.pk}/milestones/new/",
        {"title": "Half recycled", "due": "2026-06-30"},
    )
    assert response.status_code == 200
    assert "within the plan" in form_errors(response)["due"][0]
    assert not Milestone.objects.filter(objective=objective).exists()
    response = client.post(
        f"/plans/objectives/{objective.pk}/milestones/new/",
        {"title": "Half recycled", "due": "2026-03-31"},
    )
    assert response.status_code == 302
    assert Milestone.objects.get(objective=objective).due == date(2026, 3, 31)
    # A link up to the corporate priority, then one back down refused.
    response = client.post(
        f"/plans/objectives/{objective.pk}/links/", {"target": thread.priority.pk}
    )
    assert response.status_code == 302
    response = client.post(
        f"/plans/objectives/{objective.pk}/links/", {"target": thread.section_objective.pk}
    )
    assert response.status_code == 200 and "target" in form_errors(response)
    assert audits(Plan, "create") == 5 and audits(Objective, "create") >= 6


def test_a_stale_edit_is_shown_on_the_form_and_recorded(
    client: Any, thread: Thread, performance_user: User
) -> None:
    client.force_login(performance_user)
    url = f"/plans/objectives/{thread.section_objective.pk}/edit/"
    opened = client.get(url).context["form"]["version"].value()
    data = {"kind": "objective", "title": "First", "position": 0, "version": opened}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"title": "Second"})
    assert response.status_code == 200
    assert "changed by someone else" in response.context["form"].non_field_errors()[0]
    assert Objective.objects.get(pk=thread.section_objective.pk).title == "First"
    assert AuditEntry.objects.filter(action="refused", model="plans.objective").count() == 1


def test_a_milestone_owner_marks_it_done_and_others_may_not(
    client: Any, council: Council, milestone: Milestone, milestone_owner: User
) -> None:
    someone = make_person(council, "someone", Person.Role.OWNER, None).user
    client.force_login(someone)
    assert client.get(f"/plans/milestones/{milestone.pk}/done/").status_code == 403
    client.force_login(milestone_owner)
    page = client.get(f"/plans/milestones/{milestone.pk}/done/")
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    # The owner may not edit the milestone itself: that is the plan's keeper's.
    assert client.get(f"/plans/milestones/{milestone.pk}/edit/").status_code == 403
    response = client.post(
        f"/plans/milestones/{milestone.pk}/done/",
        {"done_on": "2025-11-25", "note": "", "version": version},
    )
    assert "future" in form_errors(response)["done_on"][0]
    response = client.post(
        f"/plans/milestones/{milestone.pk}/done/",
        {"done_on": "2025-11-19", "note": "Crews out", "version": version},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on) == ("done", date(2025, 11, 19))
    entry = AuditEntry.objects.get(model="plans.milestone", action="update")
    assert entry.actor == milestone_owner


def test_a_plan_keeper_edits_their_own_plan_only(
    client: Any, council: Council, thread: Thread
) -> None:
    keeper = make_person(council, "keeper", Person.Role.HEAD_OF_SERVICE, None)
    services.plan_update(actor=None, plan=thread.section, owner=keeper)
    client.force_login(keeper.user)
    assert client.get(f"/plans/{thread.service.pk}/edit/").status_code == 403
    page = client.get(f"/plans/{thread.section.pk}/edit/")
    assert page.status_code == 200
    assert "owner" not in page.context["form"].fields  # who keeps it is the team's call
    assert client.get(f"/plans/{thread.section.pk}/objectives/new/").status_code == 200
    assert client.get("/plans/new/").status_code == 403


def test_an_appraisal_is_recorded_by_its_manager_and_read_as_the_privacy_rules_say(
    client: Any, council: Council, thread: Thread
) -> None:
    url = f"/plans/appraisals/{thread.appraisal.pk}/"
    stranger = make_person(council, "stranger", Person.Role.HEAD_OF_SERVICE, None).user
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(thread.person.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"done": "2025-06-20"}).status_code == 403
    client.force_login(thread.manager.user)
    version = client.get(url).context["done_form"]["version"].value()
    response = client.post(url, {"done": "2025-12-01", "version": version})
    assert "future" in form_errors(response)["done"][0]
    assert client.post(url, {"done": "2025-06-20", "version": version}).status_code == 302
    response = client.post(url, {"title": "Lead the route review", "supports": ""})
    assert response.status_code == 302
    assert thread.appraisal.objectives.filter(title="Lead the route review").exists()
    assert Appraisal.objects.get(pk=thread.appraisal.pk).done == date(2025, 6, 20)


def test_the_team_sets_stretch_targets_and_partner_shares(
    client: Any,
    thread: Thread,
    performance_user: User,
    make_plan: Callable[..., Plan],
    make_indicator: Callable[..., Indicator],
) -> None:
    client.force_login(performance_user)
    lpsa = make_plan(PlanKind.LPSA, "LPSA")
    target = services.objective_create(actor=None, plan=lpsa, title="Recycle more")
    indicator = make_indicator(code="R1", title="Recycled", polarity="higher")
    url = f"/plans/objectives/{target.pk}/stretch/"
    version = client.get(url).context["form"]["version"].value()
    data = {
        "indicator": indicator.pk,
        "expected_without_stretch": "45",
        "stretch": "40",
        "reward_grant": "335000",
        "version": version,
    }
    response = client.post(url, data)
    assert "above the level expected" in form_errors(response)["stretch"][0]
    assert client.post(url, data | {"stretch": "50"}).status_code == 302
    assert StretchTarget.objects.get(objective=target).stretch == dec(50)
    laa = make_plan(PlanKind.LAA, "LAA")
    shared = services.objective_create(actor=None, plan=laa, title="Fewer burglaries")
    police = services.partner_create(
        actor=None, council=thread.strategy.council, name="Police", code="police"
    )
    url = f"/plans/objectives/{shared.pk}/shares/"
    version = client.get(url).context["form"]["version"].value()
    response = client.post(url, {"partner": police.pk, "value": "-1", "version": version})
    assert "value" in form_errors(response)
    response = client.post(url, {"partner": police.pk, "value": "60", "version": version})
    assert response.status_code == 302
    assert TargetShare.objects.get(objective=shared).value == dec(60)
    # Stretch targets are for LPSA objectives only.
    assert client.get(f"/plans/objectives/{shared.pk}/stretch/").status_code == 404


def test_the_objective_page_takes_the_same_queries_whatever_its_milestones(
    client: Any, thread: Thread, performance_user: User
) -> None:
    client.force_login(performance_user)
    url = f"/plans/objectives/{thread.section_objective.pk}/"

    def add(first: int, n: int) -> None:
        for k in range(first, first + n):
            services.milestone_create(
                actor=None,
                objective=thread.section_objective,
                title=f"Step {k}",
                due=date(2025, 12, 1),
                owner=thread.person,
            )

    add(0, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(2, 20)
    client.get(url)  # the navigation's counts worked out again after the writes
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.content.count(b"Mark done<") == 22
    assert len(large) == len(small)


def test_a_manager_starts_an_appraisal_for_someone_in_their_scope_once(
    client: Any, council: Council, thread: Thread, directorate: Any
) -> None:
    director = make_person(council, "dir", Person.Role.DIRECTOR, directorate)
    outsider = make_person(council, "outsider", Person.Role.STAFF, None)
    client.force_login(director.user)
    page = client.get("/plans/appraisals/new/")
    assert "manager" not in page.context["form"].fields  # they are the manager
    choices = {pk.value for pk, _ in page.context["form"].fields["person"].choices if pk}
    assert thread.person.pk in choices and outsider.pk not in choices
    assert director.pk not in choices
    data = {"person": thread.person.pk, "year": 2025, "due": "2025-12-31"}
    response = client.post("/plans/appraisals/new/", data | {"person": outsider.pk})
    assert "person" in form_errors(response)
    # The person already has 2025/26's: refused, nothing saved; 2026/27 is started.
    response = client.post("/plans/appraisals/new/", data)
    assert "already has an appraisal for 2025/26" in form_errors(response)["year"][0]
    response = client.post("/plans/appraisals/new/", data | {"year": 2026, "due": "2026-06-30"})
    assert response.status_code == 302
    made = Appraisal.objects.get(person=thread.person, year=2026)
    assert made.manager == director
    assert AuditEntry.objects.filter(model="plans.appraisal", action="create").count() == 2
    client.force_login(outsider.user)
    assert client.get("/plans/appraisals/new/").status_code == 403


def test_a_link_removed_twice_is_refused_the_second_time(
    client: Any, thread: Thread, performance_user: User
) -> None:
    client.force_login(performance_user)
    url = f"/plans/objectives/{thread.section_objective.pk}/links/"
    target = thread.service_objective.pk
    assert client.post(url, {"remove": target}).status_code == 302
    response = client.post(url, {"remove": target})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["That link was already removed."]
    assert not ObjectiveLink.objects.filter(source=thread.section_objective).exists()
    assert AuditEntry.objects.filter(model="plans.objectivelink", action="delete").count() == 1


def test_the_links_and_shares_pages_take_the_same_queries_at_two_sizes(
    client: Any, thread: Thread, performance_user: User, make_plan: Callable[..., Plan]
) -> None:
    client.force_login(performance_user)
    laa = make_plan(PlanKind.LAA, "LAA")
    shared = services.objective_create(actor=None, plan=laa, title="Fewer burglaries")
    council = thread.strategy.council

    def grow(first: int, n: int) -> None:
        for k in range(first, first + n):
            corporate = make_plan(PlanKind.CORPORATE, f"Corporate {k}")
            up = services.objective_create(actor=None, plan=corporate, title=f"Up {k}")
            services.objective_link(actor=None, source=thread.service_objective, target=up)
            partner = services.partner_create(
                actor=None, council=council, name=f"Partner {k}", code=f"p{k}"
            )
            services.target_share_set(actor=None, objective=shared, partner=partner, value=dec(k))

    urls = [
        f"/plans/objectives/{thread.service_objective.pk}/links/",
        f"/plans/objectives/{shared.pk}/shares/",
    ]
    grow(0, 2)
    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        small.append(len(captured))
    grow(2, 15)
    for url, expected in zip(urls, small, strict=True):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(captured) == expected, url
    assert response.content.count(b"Partner 1") >= 1
