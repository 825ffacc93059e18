"""A council with work to do: an owner's returns, a head of service's approvals, a councillor's
queries to the owner, and appraisals the owner manages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from goldenthread.plans.models import Appraisal
from goldenthread.queries import services as query_services
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.conftest import TODAY, dec, period

Q1, Q2 = "2025-26-Q1", "2025-26-Q2"


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


def make_person(council: Council, username: str, role: str, **fields: Any) -> User:
    user = User.objects.create_user(
        username, password="pw-for-tests-1", first_name=username.title(), last_name="Tester"
    )
    Person.objects.create(user=user, council=council, role=role, **fields)
    return user


@dataclass
class World:
    owner: User
    head: User
    councillor: User
    staff: User
    performance: User
    council: Council
    make_indicator: Callable[..., Indicator]
    service: OrgUnit

    def grow(self, n: int) -> None:
        """``n`` more of each kind of work: returns to enter and approve, queries to answer,
        appraisals to record."""
        for _ in range(n):
            indicator = self.make_indicator(owner=self.owner.person)
            submitted = services.return_save(
                actor=self.owner,
                indicator=indicator,
                period=period(Q1),
                entry=Entry(value=dec(4), commentary="Fine"),
                submit=True,
            )
            assert submitted.state == "submitted"
            query_services.query_raise(
                actor=self.councillor, indicator=indicator, question="Why has this moved?"
            )
            staff = make_person(self.council, f"staff{Person.objects.count()}", Person.Role.STAFF)
            Appraisal.objects.create(
                person=staff.person,
                manager=self.owner.person,
                year=2025,
                due=TODAY + timedelta(days=10),
            )


@pytest.fixture
def world(
    council: Council,
    directorate: OrgUnit,
    service_unit: OrgUnit,
    make_indicator: Callable[..., Indicator],
    performance_user: User,
    periods: None,
) -> World:
    holder = make_person(council, "holder", Person.Role.COUNCILLOR)
    directorate.portfolio = Portfolio.objects.create(
        council=council, name="Place", holder=holder.person
    )
    directorate.save()
    return World(
        owner=make_person(council, "owner", Person.Role.OWNER),
        head=make_person(council, "head", Person.Role.HEAD_OF_SERVICE, scope=service_unit),
        councillor=make_person(council, "asker", Person.Role.COUNCILLOR),
        staff=make_person(council, "staffer", Person.Role.STAFF),
        performance=performance_user,
        council=council,
        make_indicator=make_indicator,
        service=service_unit,
    )
