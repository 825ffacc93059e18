"""Plan refresh copies the structure into the next year; the appraisal report counts
appraisals done on time per directorate, with no names."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.plans import selectors, services
from goldenthread.plans.models import Milestone, Objective, ObjectiveLink
from tests.plans.fixtures import Thread, make_person

pytestmark = pytest.mark.django_db


def test_refresh_copies_the_tree_links_and_indicators_not_targets_or_milestones(
    thread: Thread, measured: Indicator
) -> None:
    sub = services.objective_create(
        actor=None, plan=thread.service, parent=thread.service_objective, title="Sub",
        target_text="90% by March",
    )  # fmt: skip
    services.milestone_create(actor=None, objective=sub, title="Step", due=date(2025, 5, 1))
    copy = services.plan_refresh(
        actor=None, plan=thread.service, start=date(2026, 4, 1), end=date(2027, 3, 31)
    )
    copied = {o.title: o for o in copy.objectives.all()}
    assert set(copied) == {"Recycle more", "Sub"}
    assert copied["Sub"].parent == copied["Recycle more"]
    assert copied["Sub"].target_text == ""
    assert list(copied["Recycle more"].contributes_to.all()) == [thread.priority]
    assert list(copied["Recycle more"].indicators.all()) == [measured]
    assert not Milestone.objects.filter(objective__plan=copy).exists()
    assert copy.refreshed_from == thread.service
    # The old plan is untouched.
    assert ObjectiveLink.objects.filter(source=thread.service_objective).count() == 1
    assert Objective.objects.filter(plan=thread.service).count() == 2


def test_refresh_must_move_forward(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.plan_refresh(
            actor=None, plan=thread.service, start=date(2024, 4, 1), end=date(2025, 3, 31)
        )
    assert "start" in error.value.message_dict


def test_appraisals_on_time_per_directorate(
    council: Council, directorate: OrgUnit, thread: Thread
) -> None:
    other = OrgUnit.objects.create(
        council=council, kind="directorate", name="Resources", code="res"
    )
    services.appraisal_complete(actor=None, appraisal=thread.appraisal, done=date(2025, 6, 1))
    services.appraisal_create(
        actor=None, person=thread.manager, year=2025, due=date(2025, 6, 30), done=date(2025, 7, 9)
    )
    for name, due in (("a", date(2025, 6, 30)), ("b", date(2026, 1, 31))):
        person = make_person(council, name, Person.Role.STAFF, other)
        services.appraisal_create(actor=None, person=person, year=2025, due=due)
    report = selectors.appraisal_report(council=council, year=2025, today=date(2025, 11, 20))
    rows = {str(r.directorate): r for r in report.rows}
    place, resources = rows["Place"], rows["Resources"]
    assert (place.total, place.on_time, place.late, place.on_time_percent) == (2, 1, 1, 50)
    assert (resources.overdue, resources.not_yet_due, resources.on_time_percent) == (1, 1, 0)
    assert report.council_total.total == 4


def test_a_person_cannot_appraise_themselves(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.appraisal_create(
            actor=None, person=thread.manager, manager=thread.manager, year=2024,
            due=date(2024, 6, 30),
        )  # fmt: skip
    assert "manager" in error.value.message_dict


def test_appraisals_are_seen_by_the_person_their_manager_and_the_performance_team(
    client: Client, council: Council, thread: Thread, performance_user: object
) -> None:
    outsider = make_person(council, "outsider", Person.Role.STAFF, None)
    wording = "Sign up 500 households"
    for user, sees in (
        (thread.person.user, True),
        (thread.manager.user, True),
        (performance_user, True),
        (outsider.user, False),
    ):
        client.force_login(user)  # type: ignore[arg-type]
        assert (wording in client.get("/plans/appraisals/").content.decode()) is sees
        thread_page = client.get(f"/plans/objectives/{thread.section_objective.pk}/")
        assert (wording in thread_page.content.decode()) is sees


def test_only_the_performance_team_may_delete_or_refresh(
    client: Client, thread: Thread, performance_user: object
) -> None:
    client.force_login(thread.manager.user)
    assert client.get(f"/plans/objectives/{thread.priority.pk}/delete/").status_code == 403
    assert client.post(f"/plans/{thread.service.pk}/refresh/").status_code == 403
    client.force_login(performance_user)  # type: ignore[arg-type]
    response = client.post(f"/plans/objectives/{thread.priority.pk}/delete/", {"links": ""})
    assert response.status_code == 200
    assert "Choose whether to move or remove" in response.content.decode()
    response = client.post(
        f"/plans/objectives/{thread.priority.pk}/delete/",
        {"links": "move", "move_to": str(thread.outcome.pk)},
    )
    assert response.status_code == 302
    assert list(thread.outcome.contributors.all()) == [thread.service_objective]
