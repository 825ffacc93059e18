"""The idle timeout: a session ends after a spell without requests; activity renews it."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from goldenthread.security.middleware import renew_every
from goldenthread.security.twofactor import ACTIVE_SESSION_KEY

pytestmark = pytest.mark.django_db


def expiry(client: Client) -> float:
    return Session.objects.get(session_key=client.session.session_key).expire_date.timestamp()


def test_the_idle_timeout_comes_from_the_environment_setting(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 60 * 60  # GOLDENTHREAD_SESSION_IDLE_MINUTES=60
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    assert renew_every(3600) == 300 and renew_every(600) == 100


def test_a_page_soon_after_the_last_renewal_writes_nothing(client: Client, owner: User) -> None:
    client.force_login(owner)
    before = expiry(client)
    client.get("/scorecard/")
    assert expiry(client) == before


def test_activity_after_the_renewal_interval_pushes_the_expiry_forward(
    client: Client, owner: User
) -> None:
    client.force_login(owner)
    session = client.session
    session[ACTIVE_SESSION_KEY] = int(time.time()) - 301  # last renewed over 5 minutes ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=60)  # and about to run out
    )
    before = expiry(client)
    response = client.get("/scorecard/")
    assert response.status_code == 200
    assert expiry(client) - before > 3000  # renewed to a full hour
    assert response.cookies["sessionid"]["max-age"] == 3600
