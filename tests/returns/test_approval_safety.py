"""Approving safely: segregation of duties (defect 1), stale approvals (defect 7) and the
version an approval must name (defect 8)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db

Q2 = "2025-26-Q2"


def submit(user: User, indicator: Indicator, value: str, version: int | None = None) -> Actual:
    return services.return_save(
        actor=user,
        indicator=indicator,
        period=period(Q2),
        entry=Entry(value=dec(value), commentary="Steady", remedial_action="Overtime"),
        submit=True,
        expected_version=version,
    )


def test_changing_a_submitted_figure_makes_the_changer_its_submitter_so_they_cannot_approve_it(
    client: Client, owned: Indicator, owner_user: User, performance_user: User, head_user: User
) -> None:
    submitted = submit(owner_user, owned, "9")
    client.force_login(performance_user)
    response = client.post(
        f"/returns/{owned.pk}/{Q2}/",
        {
            "value": "9.5",
            "commentary": "Steady",
            "remedial_action": "Overtime",
            "version": str(submitted.version),
            "action": "submit",
        },
    )
    assert response.status_code == 302
    changed = Actual.objects.get(pk=submitted.pk)
    assert changed.submitted_by == performance_user and changed.value == dec("9.5")
    refused = client.post(
        f"/approvals/{changed.pk}/", {"action": "approve", "version": changed.version}
    )
    assert refused.status_code == 403
    bulk = client.post(
        "/approvals/",
        {"chosen": [str(changed.pk)], f"version-{changed.pk}": str(changed.version)},
        follow=True,
    )
    assert "entered or changed it must approve it" in bulk.content.decode()
    assert Actual.objects.get(pk=changed.pk).state == Actual.State.SUBMITTED
    # The approvals list names the last submitter, and someone else may approve.
    client.force_login(head_user)
    listed = client.get("/approvals/").content.decode()
    assert performance_user.username in listed or performance_user.get_full_name() in listed
    approved = services.return_approve(
        actor=head_user, actual=changed, expected_version=changed.version
    )
    assert approved.state == Actual.State.APPROVED


def test_saving_a_submitted_return_unchanged_keeps_its_submitter(
    owned: Indicator, owner_user: User, performance_user: User
) -> None:
    submitted = submit(owner_user, owned, "9")
    again = submit(performance_user, owned, "9", version=submitted.version)
    assert again.submitted_by == owner_user


def test_whoever_last_changed_a_return_may_not_approve_it_through_the_service(
    owned: Indicator, owner_user: User, performance_user: User
) -> None:
    submitted = submit(owner_user, owned, "9")
    changed = submit(performance_user, owned, "8", version=submitted.version)
    with pytest.raises(PermissionDenied):
        services.return_approve(
            actor=performance_user, actual=changed, expected_version=changed.version
        )


def test_a_stale_approval_says_the_return_changed_and_approves_nothing(
    client: Client, owned: Indicator, owner_user: User, head_user: User
) -> None:
    opened = submit(owner_user, owned, "9")
    submit(owner_user, owned, "12", version=opened.version)  # resubmitted after it was opened
    client.force_login(head_user)
    response = client.post(
        f"/approvals/{opened.pk}/", {"action": "approve", "version": str(opened.version)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This return changed since you opened it" in page
    assert "govuk-error-summary" in page and "12" in page
    current = Actual.objects.get(pk=opened.pk)
    assert current.state == Actual.State.SUBMITTED
    # The page now carries the version shown: approving from it is deliberate and works.
    assert f'value="{current.version}"' in page
    again = client.post(
        f"/approvals/{opened.pk}/", {"action": "approve", "version": str(current.version)}
    )
    assert again.status_code == 302


def test_a_stale_send_back_says_the_return_changed(
    client: Client, owned: Indicator, owner_user: User, head_user: User
) -> None:
    opened = submit(owner_user, owned, "9")
    submit(owner_user, owned, "12", version=opened.version)
    client.force_login(head_user)
    response = client.post(
        f"/approvals/{opened.pk}/",
        {"action": "send_back", "reason": "Check", "version": str(opened.version)},
    )
    assert response.status_code == 200
    assert "This return changed since you opened it" in response.content.decode()
    assert Actual.objects.get(pk=opened.pk).state == Actual.State.SUBMITTED


@pytest.mark.parametrize("version", [None, "", "x"])
def test_an_approval_without_the_version_seen_is_a_form_error(
    client: Client, owned: Indicator, owner_user: User, head_user: User, version: str | None
) -> None:
    actual = submit(owner_user, owned, "9")
    client.force_login(head_user)
    data = {"action": "approve"} | ({} if version is None else {"version": version})
    response = client.post(f"/approvals/{actual.pk}/", data)
    assert response.status_code == 200
    assert "Open the return again and check it before approving it" in response.content.decode()
    assert Actual.objects.get(pk=actual.pk).state == Actual.State.SUBMITTED


def test_a_bulk_approval_without_the_version_seen_approves_nothing(
    client: Client, owned: Indicator, owner_user: User, head_user: User
) -> None:
    actual = submit(owner_user, owned, "9")
    client.force_login(head_user)
    response = client.post("/approvals/", {"chosen": [str(actual.pk)]}, follow=True)
    assert "review it again" in response.content.decode()
    assert Actual.objects.get(pk=actual.pk).state == Actual.State.SUBMITTED
