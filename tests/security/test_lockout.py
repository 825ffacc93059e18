"""django-axes: repeated wrong passwords lock one username from one address, on a GOV.UK page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.core.models import AuditEntry
from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_wrong_password_is_an_ordinary_form_error(client: Client, owner: User) -> None:
    response = attempt(client, "owner", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_five_wrong_passwords_lock_the_username_from_that_address(
    client: Client, owner: User, performance_user: User
) -> None:
    for _ in range(4):
        assert attempt(client, "owner", "wrong").status_code == 200
    locked = attempt(client, "owner", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in locked" in page and "govuk-warning-text" in page
    assert "15 minutes" in page
    # Now even the right password is refused from there...
    assert attempt(client, "owner", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but not from another address, nor for another username from the same one.
    assert attempt(Client(), "owner", PASSWORD, ip="10.0.0.2").status_code == 302
    assert attempt(Client(), "performance", PASSWORD).status_code == 302


def test_the_lockout_is_in_the_accounts_audit_trail(client: Client, owner: User) -> None:
    for _ in range(5):
        attempt(client, "owner", "wrong")
    entry = AuditEntry.objects.get(model="auth.user", object_id=str(owner.pk))
    assert entry.action == AuditEntry.Action.REFUSED
    assert "5 failed attempts from 10.0.0.1" in entry.reason


def test_the_limit_and_cool_off_come_from_settings(
    client: Client, owner: User, settings: Any
) -> None:
    from datetime import timedelta

    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    attempt(client, "owner", "wrong")
    locked = attempt(client, "owner", "wrong")
    assert locked.status_code == 429
    assert "30 minutes" in locked.content.decode()


def test_a_right_password_resets_the_count(client: Client, owner: User) -> None:
    for _ in range(4):
        attempt(client, "owner", "wrong")
    assert attempt(client, "owner", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert attempt(client, "owner", "wrong").status_code == 200


def test_the_test_clients_password_login_still_works(client: Client, owner: User) -> None:
    assert client.login(username="owner", password=PASSWORD)
    assert not client.login(username="owner", password="wrong")


def via_proxy(username: str, password: str, forwarded_for: str, proxy: str = "127.0.0.1") -> Any:
    return Client().post(
        "/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(
    owner: User, settings: Any
) -> None:
    settings.GOLDENTHREAD_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        via_proxy("owner", "wrong", "203.0.113.9")
    assert via_proxy("owner", PASSWORD, "203.0.113.9").status_code == 429
    # The real owner, elsewhere, comes through the same proxy and is let in.
    assert via_proxy("owner", PASSWORD, "198.51.100.7").status_code == 302
    reasons = AuditEntry.objects.filter(model="auth.user", object_id=str(owner.pk))
    assert reasons and all("from 203.0.113.9" in e.reason for e in reasons)


def test_a_client_cannot_pose_as_another_address_by_sending_x_forwarded_for_itself(
    owner: User, settings: Any
) -> None:
    settings.GOLDENTHREAD_TRUSTED_PROXIES = ["127.0.0.1"]
    # The proxy appends the peer it saw; the made-up left-hand entries are not believed.
    for n in range(5):
        via_proxy("owner", "wrong", f"10.9.9.{n}, 203.0.113.9")
    assert via_proxy("owner", PASSWORD, "10.1.1.1, 203.0.113.9").status_code == 429


def test_an_untrusted_peers_x_forwarded_for_is_ignored(owner: User, settings: Any) -> None:
    settings.GOLDENTHREAD_TRUSTED_PROXIES = ["127.0.0.1"]
    # Not through the proxy: changing the header each time does not dodge the lockout.
    for n in range(5):
        via_proxy("owner", "wrong", f"10.9.9.{n}", proxy="192.0.2.50")
    assert via_proxy("owner", PASSWORD, "10.9.9.99", proxy="192.0.2.50").status_code == 429
    assert via_proxy("owner", PASSWORD, "10.9.9.99", proxy="192.0.2.51").status_code == 302


def test_without_trusted_proxies_x_forwarded_for_is_ignored(owner: User, settings: Any) -> None:
    settings.GOLDENTHREAD_TRUSTED_PROXIES = []
    for n in range(5):
        via_proxy("owner", "wrong", f"10.9.9.{n}")
    assert via_proxy("owner", PASSWORD, "10.9.9.99").status_code == 429
