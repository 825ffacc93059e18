"""The demo council, built once per test module and rolled back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from goldenthread.demo.builder import BuildSummary, build_council

BUILD_DAY = date(2026, 11, 23)
PASSWORD = "demo-password-1"
FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def castlebridge(django_db_setup: Any, django_db_blocker: Any) -> Iterator[BuildSummary]:
    """The default demo council. Building it takes about a second, so each module that
    reads it builds it once; the outer transaction is rolled back when the module ends, so
    no other test sees it."""
    with django_db_blocker.unblock(), FAST_HASHING, transaction.atomic():
        summary = build_council(today=BUILD_DAY, password=PASSWORD)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def fast_hashing() -> Iterator[None]:
    with FAST_HASHING:
        yield
