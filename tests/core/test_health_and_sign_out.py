"""Health check for load balancers, and signing out."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client

from goldenthread.core import views


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client: Client, monkeypatch: Any) -> None:
    class Broken:
        def cursor(self) -> Any:
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_signing_out_ends_the_session(client: Client, performance_user: User) -> None:
    client.force_login(performance_user)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/scorecard/").status_code == 302  # back to sign in


@pytest.mark.django_db
def test_healthz_answers_200_over_plain_http_with_https_on(settings: Any) -> None:
    """Defect 14: a load balancer's plain-HTTP probe on loopback was sent a 301."""
    settings.SECURE_SSL_REDIRECT = True  # what GOLDENTHREAD_HTTPS turns on
    probe = Client()  # a new client, so SecurityMiddleware reads the setting afresh
    assert probe.get("/healthz", REMOTE_ADDR="127.0.0.1").status_code == 200
    # Every other page still goes to HTTPS.
    assert probe.get("/login/").status_code == 301
    assert probe.get("/healthz", secure=True).status_code == 200
