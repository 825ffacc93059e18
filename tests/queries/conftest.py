"""A portfolio over the test service, its holder, a councillor who asks, a scrutiny member,
the indicator's owner and an indicator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio


@dataclass
class Cast:
    holder: User
    councillor: User
    scrutiny: User
    owner: User
    other_owner: User
    other_councillor: User
    performance: User
    staff: User
    portfolio: Portfolio
    indicator: Indicator


def make_person(council: Council, username: str, role: str, **fields: Any) -> User:
    user = User.objects.create_user(
        username,
        password="pw-for-tests-1",
        email=f"{username}@example.gov.uk",
        first_name=username.title(),
    )
    Person.objects.create(user=user, council=council, role=role, **fields)
    return user


@pytest.fixture
def cast(
    council: Council,
    directorate: OrgUnit,
    make_indicator: Callable[..., Indicator],
    performance_user: User,
) -> Cast:
    holder = make_person(council, "holder", Person.Role.COUNCILLOR)
    portfolio = Portfolio.objects.create(council=council, name="Place", holder=holder.person)
    directorate.portfolio = portfolio
    directorate.save()
    owner = make_person(council, "owner", Person.Role.OWNER)
    indicator = make_indicator(owner=owner.person)
    return Cast(
        holder=holder,
        councillor=make_person(council, "asker", Person.Role.COUNCILLOR),
        scrutiny=make_person(council, "scrutineer", Person.Role.COUNCILLOR, scrutiny_member=True),
        owner=owner,
        other_owner=make_person(council, "otherowner", Person.Role.OWNER),
        other_councillor=make_person(council, "othercllr", Person.Role.COUNCILLOR),
        performance=performance_user,
        staff=make_person(council, "staffer", Person.Role.STAFF),
        portfolio=portfolio,
        indicator=Indicator.objects.select_related("service__parent").get(pk=indicator.pk),
    )
