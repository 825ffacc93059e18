"""The demo council, built once per test process for the tests that only read it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from goldenthread.demo.builder import BuildSummary, build_council

BUILD_DAY = date(2026, 11, 23)
PASSWORD = "demo-password-1"


@pytest.fixture(scope="package")
def castlebridge(django_db_setup: Any, django_db_blocker: Any) -> Iterator[BuildSummary]:
    """The default demo council, built once for this package and rolled back after it.

    Building it takes seconds, and the tests here only read it, so they share one build;
    each test still runs in its own savepoint inside the outer transaction (pytest-django's
    ``django_db``), so a test that wrote would not be seen by the next. Chosen over a
    session-wide build, which would leak the council into every later test (the builder's
    own tests in tests/demo expect an empty database), and over a template database,
    which SQLite and PostgreSQL would each need done their own way. Package scope holds
    the transaction only while this package runs: pytest runs a package's tests together,
    and ``pytest_xdist_make_scheduler`` in tests/conftest.py sends them all to one
    worker, so the council is built once per suite."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = build_council(today=BUILD_DAY, password=PASSWORD)
        yield summary
        transaction.set_rollback(True)
