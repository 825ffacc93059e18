"""The admin writes plans with the models' own checks, and audits what it writes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.plans.models import Objective, ObjectiveLink
from tests.plans.fixtures import Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, performance_user: User) -> Client:
    performance_user.is_superuser = True
    performance_user.save()
    client.force_login(performance_user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "plan",
        "objective",
        "objectivelink",
        "objectiveindicator",
        "milestone",
        "area",
        "partner",
        "stretchtarget",
        "targetshare",
        "appraisal",
        "staffobjective",
        "staffobjectivelink",
    ],
)
def test_every_plans_screen_opens(admin_client: Client, thread: Thread, model: str) -> None:
    assert admin_client.get(f"/admin/plans/{model}/").status_code == 200
    assert admin_client.get(f"/admin/plans/{model}/add/").status_code == 200


def test_a_parent_that_would_make_a_cycle_is_refused(admin_client: Client, thread: Thread) -> None:
    theme, outcome = thread.theme, thread.outcome
    assert outcome.parent == theme
    response = admin_client.post(
        f"/admin/plans/objective/{theme.pk}/change/",
        {
            "plan": theme.plan_id,
            "parent": outcome.pk,
            "ref": theme.ref,
            "title": theme.title,
            "kind": theme.kind,
            "position": theme.position,
        },
    )
    assert response.status_code == 200
    assert "cannot also be above it" in response.content.decode()
    assert Objective.objects.get(pk=theme.pk).parent is None


def test_a_link_made_in_the_admin_is_audited(admin_client: Client, thread: Thread) -> None:
    before = ObjectiveLink.objects.count()
    response = admin_client.post(
        "/admin/plans/objectivelink/add/",
        {"source": thread.section_objective.pk, "target": thread.priority.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ObjectiveLink.objects.count() == before + 1
    assert AuditEntry.objects.filter(model="plans.objectivelink", action="create").exists()
