"""People for the returns tests: an owner, their head of service, and an outsider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


def make_person(council: Council, username: str, role: str, scope: OrgUnit | None = None) -> User:
    user = User.objects.create_user(
        username,
        password="pw-for-tests-1",
        email=f"{username}@example.gov.uk",
        first_name=username.replace("_", " ").title(),
        last_name="Tester",
    )
    Person.objects.create(user=user, council=council, role=role, scope=scope)
    return user


@pytest.fixture
def owner_user(council: Council) -> User:
    return make_person(council, "owner", Person.Role.OWNER)


@pytest.fixture
def head_user(council: Council, service_unit: OrgUnit) -> User:
    return make_person(council, "head", Person.Role.HEAD_OF_SERVICE, service_unit)


@pytest.fixture
def outsider(council: Council) -> User:
    other = OrgUnit.objects.create(
        council=council, kind="directorate", name="People", code="people"
    )
    return make_person(council, "outsider", Person.Role.HEAD_OF_SERVICE, other)


@pytest.fixture
def owned(make_indicator: Callable[..., Indicator], owner_user: User, periods: None) -> Indicator:
    """A quarterly, lower-is-better indicator in days, owned by ``owner_user``."""
    return make_indicator(owner=owner_user.person, code="BV 78a")
