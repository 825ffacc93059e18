"""Invitations: the emailed link sets a password and signs the person in once; an expired,
revoked or replaced link says so; administrators list, resend and revoke them, and two
administrators acting on the same opened page cannot both succeed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.onboarding import invitations
from goldenthread.organisation.models import Council, Invitation, OrgUnit, Person
from tests.imports.conftest import problem_texts, run_import
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-pass-phrase-7"


def token_in(message: Any) -> str:
    found = re.search(r"/invitation/([^/\s]+)/", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def invited(
    council: Council,
    service_unit: OrgUnit,
    write_csv: Callable[..., Path],
    django_capture_on_commit_callbacks: Any,
) -> list[Person]:
    rows = [["name", "email", "job title", "unit", "role", "manager"]]
    rows += [
        [f"Person {n}", f"person{n}@council.gov.uk", "Officer", "waste", "owner", ""]
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("people", write_csv(rows))
    assert report.ok, problem_texts(report)
    return list(Person.objects.filter(role="owner").select_related("user").order_by("pk"))


@pytest.fixture
def administrator(council: Council) -> User:
    user = User.objects.create_user("chief", password="pw-for-tests-1", is_staff=True)
    Person.objects.create(user=user, council=council, role=Person.Role.ADMIN)
    return user


def link_of(person: Person) -> str:
    message = next(m for m in mail.outbox if m.to == [person.user.email])
    return f"/invitation/{token_in(message)}/"


def test_the_link_sets_a_password_signs_in_and_works_once(invited: list[Person]) -> None:
    client = SignedInClient()
    link = link_of(invited[0])
    page = client.get(link)
    assert page.status_code == 200 and b"Choose your password" in page.content
    assert b"person0@council.gov.uk" in page.content
    done = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/"
    user = User.objects.get(email="person0@council.gov.uk")
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)  # signed in
    invitation = Invitation.objects.get(person=invited[0])
    assert invitation.accepted_at is not None
    assert AuditEntry.objects.filter(
        model="organisation.invitation", action="update", object_id=str(invitation.pk)
    ).exists()
    again = SignedInClient().get(link)
    assert again.status_code == 410 and b"used already" in again.content


def test_a_weak_password_is_refused_with_the_validators_message(invited: list[Person]) -> None:
    client = SignedInClient()
    link = link_of(invited[0])
    page = client.post(link, {"new_password1": "password", "new_password2": "password"})
    assert page.status_code == 200 and b"This password is too common" in page.content
    assert b"govuk-error-summary" in page.content
    assert not User.objects.get(email="person0@council.gov.uk").has_usable_password()
    assert Invitation.objects.get(person=invited[0]).accepted_at is None


def test_an_expired_link_says_so_and_sets_nothing(invited: list[Person]) -> None:
    link = link_of(invited[0])
    Invitation.objects.filter(person=invited[0]).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = SignedInClient()
    assert b"This link has expired" in client.get(link).content
    refused = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert refused.status_code == 410
    assert not User.objects.get(email="person0@council.gov.uk").has_usable_password()


def test_a_revoked_link_says_so(invited: list[Person], administrator: User) -> None:
    invitation = Invitation.objects.get(person=invited[0])
    invitations.invitation_revoke(actor=administrator, pk=invitation.pk, version=None)
    page = SignedInClient().get(link_of(invited[0]))
    assert page.status_code == 410 and b"withdrawn" in page.content


def test_an_unknown_token_says_the_link_does_not_work(invited: list[Person]) -> None:
    page = SignedInClient().get("/invitation/made-up-token/")
    assert page.status_code == 410 and b"This link does not work" in page.content


def test_resending_sends_a_new_link_and_kills_the_old(
    invited: list[Person], administrator: User, django_capture_on_commit_callbacks: Any
) -> None:
    old = link_of(invited[0])
    mail.outbox.clear()
    invitation = Invitation.objects.get(person=invited[0])
    client = SignedInClient()
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/people/invitations/",
            {"invitation": invitation.pk, "action": "resend", "version": version_of(invitation)},
        )
    assert done.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["person0@council.gov.uk"]
    new = link_of(invited[0])
    assert new != old
    assert SignedInClient().get(old).status_code == 410
    assert SignedInClient().get(new).status_code == 200
    assert (
        b"A new invitation was sent to person0@council.gov.uk"
        in client.get("/people/invitations/").content
    )


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_the_same_opened_page_acted_on_twice_is_refused_the_second_time(
    invited: list[Person], administrator: User, action: str
) -> None:
    invitation = Invitation.objects.get(person=invited[0])
    opened = version_of(invitation)
    client = SignedInClient()
    client.force_login(administrator)
    data = {"invitation": invitation.pk, "action": action, "version": opened}
    assert client.post("/people/invitations/", data).status_code == 302
    after_first = Invitation.objects.get(pk=invitation.pk)
    second = client.post("/people/invitations/", data)
    assert second.status_code == 409
    assert b"was changed by someone else since you opened it" in second.content
    assert version_of(Invitation.objects.get(pk=invitation.pk)) == version_of(after_first)
    assert AuditEntry.objects.filter(action="refused", model="organisation.invitation").count() == 1
    with pytest.raises(StaleEdit):
        service = getattr(invitations, f"invitation_{action}")
        service(actor=administrator, pk=invitation.pk, version=opened)


def test_an_accepted_invitation_cannot_be_resent_or_revoked(
    invited: list[Person], administrator: User
) -> None:
    SignedInClient().post(
        link_of(invited[0]), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    invitation = Invitation.objects.get(person=invited[0])
    client = SignedInClient()
    client.force_login(administrator)
    for action in ("resend", "revoke"):
        data = {"invitation": invitation.pk, "action": action, "version": version_of(invitation)}
        page = client.post("/people/invitations/", data)
        assert page.status_code == 400 and b"accepted already" in page.content
    assert version_of(Invitation.objects.get(pk=invitation.pk)) == version_of(invitation)


def test_the_list_shows_states_and_filters_by_unit_and_state(
    invited: list[Person], administrator: User, council: Council
) -> None:
    Invitation.objects.filter(person=invited[1]).update(revoked_at=timezone.now())
    client = SignedInClient()
    client.force_login(administrator)
    page = client.get("/people/invitations/").content.decode()
    assert (
        "3 invitations" in page
        and page.count('govuk-tag--blue">Waiting<') == 2
        and 'govuk-tag--grey">Revoked<' in page
    )
    revoked = client.get("/people/invitations/?state=revoked").content.decode()
    assert "1 invitation" in revoked and "person1@council.gov.uk" in revoked
    assert "person0@council.gov.uk" not in revoked
    elsewhere = OrgUnit.objects.create(
        council=council, kind="directorate", name="People", code="ppl"
    )
    none = client.get(f"/people/invitations/?unit={elsewhere.pk}").content.decode()
    assert "0 invitations" in none
    place = OrgUnit.objects.get(code="place")  # the directorate above Waste
    assert "3 invitations" in client.get(f"/people/invitations/?unit={place.pk}").content.decode()


def test_only_administrators_see_the_list(
    invited: list[Person], administrator: User, performance_user: User
) -> None:
    client = SignedInClient()
    assert client.get("/people/invitations/").status_code == 302  # to sign in
    client.force_login(performance_user)
    assert client.get("/people/invitations/").status_code == 403
    invitation = Invitation.objects.get(person=invited[0])
    data = {"invitation": invitation.pk, "action": "revoke", "version": version_of(invitation)}
    assert client.post("/people/invitations/", data).status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None
    client.force_login(administrator)
    assert client.get("/people/invitations/").status_code == 200


def test_the_list_takes_the_same_number_of_queries_at_two_sizes(
    invited: list[Person],
    administrator: User,
    write_csv: Callable[..., Path],
    django_assert_num_queries: Any,
) -> None:
    client = SignedInClient()
    client.force_login(administrator)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/people/invitations/").status_code == 200
    rows = [["name", "email", "job title", "unit", "role", "manager"]]
    rows += [[f"More {n}", f"more{n}@council.gov.uk", "", "place", "staff", ""] for n in range(30)]
    assert run_import("people", write_csv(rows)).ok
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/people/invitations/").status_code == 200


def test_a_closed_account_cannot_be_opened_by_its_invitation(invited: list[Person]) -> None:
    User.objects.filter(email="person0@council.gov.uk").update(is_active=False)
    client = SignedInClient()
    page = client.post(link_of(invited[0]), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert page.status_code == 410 and b"This account has been closed" in page.content
    user = User.objects.get(email="person0@council.gov.uk")
    assert not user.is_active and not user.has_usable_password()
    assert Invitation.objects.get(person=invited[0]).accepted_at is None
