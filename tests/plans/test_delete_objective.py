"""Deleting an objective others rely on asks what to do with the links and loses nothing
silently: links are moved or removed only as chosen, each change audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from goldenthread.core.models import AuditEntry
from goldenthread.plans import services
from goldenthread.plans.models import Objective, ObjectiveLink, StaffObjectiveLink
from tests.plans.fixtures import Thread

pytestmark = pytest.mark.django_db


def test_deleting_without_a_choice_deletes_nothing(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_delete(actor=None, objective=thread.service_objective)
    assert "links" in error.value.message_dict
    assert Objective.objects.filter(pk=thread.service_objective.pk).exists()
    assert ObjectiveLink.objects.filter(target=thread.service_objective).count() == 1


def test_the_database_itself_refuses_to_drop_links_silently(thread: Thread) -> None:
    with pytest.raises(ProtectedError):
        thread.service_objective.delete()


def test_moving_the_links_keeps_every_contributor_and_staff_objective(thread: Thread) -> None:
    new_home = services.objective_create(actor=None, plan=thread.service, ref="S2", title="New")
    services.objective_link(actor=None, source=new_home, target=thread.priority)
    staff_link = StaffObjectiveLink.objects.get()
    services.objective_link(actor=None, source=thread.section_objective, target=new_home)
    # The section objective already contributes to both; the move must not duplicate it.
    services.objective_delete(
        actor=None, objective=thread.service_objective, links="move", move_to=new_home
    )
    assert not Objective.objects.filter(pk=thread.service_objective.pk).exists()
    assert list(new_home.contributors.all()) == [thread.section_objective]
    # The staff objective served the section objective, not the deleted one: untouched.
    assert StaffObjectiveLink.objects.get().pk == staff_link.pk
    deleted = AuditEntry.objects.filter(action="delete", model="plans.objectivelink")
    assert deleted.count() == 2  # the contribution in, and its own link up
    assert AuditEntry.objects.filter(action="delete", model="plans.objective").count() == 1


def test_removing_the_links_is_audited_link_by_link(thread: Thread) -> None:
    services.objective_delete(actor=None, objective=thread.section_objective, links="remove")
    assert not StaffObjectiveLink.objects.exists()
    removed = AuditEntry.objects.filter(action="delete", model="plans.staffobjectivelink")
    assert removed.count() == 1
    assert "deleted" in removed.get().reason


def test_an_objective_with_milestones_is_not_deleted(thread: Thread) -> None:
    services.milestone_create(
        actor=None, objective=thread.outcome, title="Baseline agreed", due=date(2025, 6, 30)
    )
    with pytest.raises(ValidationError) as error:
        services.objective_delete(actor=None, objective=thread.outcome, links="remove")
    assert "1 milestone" in error.value.message_dict["objective"][0]
    assert Objective.objects.filter(pk=thread.outcome.pk).exists()


def test_move_needs_a_destination(thread: Thread) -> None:
    with pytest.raises(ValidationError) as error:
        services.objective_delete(actor=None, objective=thread.priority, links="move")
    assert "move_to" in error.value.message_dict
