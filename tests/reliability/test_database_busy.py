"""A request that meets a locked database is told to try again (503, Retry-After), never 500.

The lock is what SQLite raises after its busy timeout ("database is locked") and what
psycopg raises when PostgreSQL's lock_timeout runs out (SQLSTATE 55P03), made to happen on
the request's own queries with an execute wrapper; the load test in
``test_import_under_load.py`` meets the real thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from goldenthread.core.middleware import (
    RETRY_AFTER_SECONDS,
    DatabaseBusyMiddleware,
    database_busy,
)

pytestmark = pytest.mark.django_db


class LockNotAvailable(Exception):
    sqlstate = "55P03"


@contextmanager
def locked(after: int = 0, *, postgres: bool = False) -> Iterator[None]:
    """Every query after the first ``after`` fails as a locked database does."""
    seen = [0]

    def refuse(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        seen[0] += 1
        if seen[0] <= after:
            return execute(sql, *args)
        if postgres:
            raise OperationalError("canceling statement due to lock timeout") from (
                LockNotAvailable()
            )
        raise OperationalError("database is locked")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def signed_in(db: Any) -> Client:
    user = User.objects.create_user("owner", password="pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_page_meeting_a_locked_database_answers_503_with_retry_after(signed_in: Client) -> None:
    with locked():
        response = signed_in.get("/scorecard/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Sorry, the service is busy" in response.content.decode()


def test_the_api_meeting_a_locked_database_answers_503_in_json(rf: RequestFactory) -> None:
    request = rf.get("/api/v1/indicators")
    response = DatabaseBusyMiddleware(lambda request: HttpResponse()).process_exception(
        request, OperationalError("database is locked")
    )
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert json.loads(response.content)["retry_after"] == RETRY_AFTER_SECONDS


def test_a_sign_in_meeting_a_locked_database_answers_503_not_500() -> None:
    User.objects.create_user("owner", password="pw")
    client = Client(raise_request_exception=False)
    client.get("/login/")
    with locked():
        response = client.post("/login/", {"username": "owner", "password": "pw"})
    assert response.status_code == 503
    assert response["Retry-After"]


def test_postgresql_lock_timeout_is_busy_too() -> None:
    with pytest.raises(OperationalError) as raised, locked(postgres=True):
        User.objects.count()
    assert database_busy(raised.value)


def test_other_database_errors_are_still_500(signed_in: Client) -> None:
    def broken(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        raise OperationalError("no such table: indicators_actual")

    with connection.execute_wrapper(broken):
        response = signed_in.get("/scorecard/")
    assert response.status_code == 500
