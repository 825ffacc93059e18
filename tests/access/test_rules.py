"""The access rules case by case: scopes, partners, portfolio holders and scrutiny members."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from goldenthread import access
from goldenthread.imports.permissions import import_permission
from goldenthread.indicators.models import Family, Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio

pytestmark = pytest.mark.django_db

Maker = Callable[..., Indicator]


@pytest.fixture
def section(section_unit: OrgUnit) -> OrgUnit:
    return section_unit


@pytest.fixture
def person(council: Council) -> Callable[..., User]:
    def make(username: str, role: str, **fields: Any) -> User:
        user = User.objects.create_user(username, password="pw-for-tests-1")
        Person.objects.create(user=user, council=council, role=role, **fields)
        return User.objects.select_related("person").get(pk=user.pk)

    return make


def test_a_scope_covers_the_units_below_it_at_any_depth(
    directorate: OrgUnit, service_unit: OrgUnit, section: OrgUnit, council: Council
) -> None:
    other = OrgUnit.objects.create(council=council, kind="directorate", name="Other", code="o")
    parents = access.unit_parents()
    assert access.covers(directorate.pk, section.pk, parents)
    assert access.covers(service_unit.pk, section.pk, parents)
    assert access.covers(None, section.pk, parents)
    assert not access.covers(section.pk, service_unit.pk, parents)
    assert not access.covers(other.pk, section.pk, parents)


def test_a_director_approves_a_section_indicator_and_may_import_its_values(
    person: Callable[..., User], make_indicator: Maker, directorate: OrgUnit, section: OrgUnit
) -> None:
    director = person("dir", Person.Role.DIRECTOR, scope=directorate)
    head_elsewhere = person("hos", Person.Role.HEAD_OF_SERVICE, scope=section)
    indicator = make_indicator(service=section)
    assert access.can(director, "returns.approve", indicator)
    assert access.can(head_elsewhere, "returns.approve", indicator)
    assert not access.can(director, "returns.enter", indicator)
    allowed = import_permission(director, "values")
    assert allowed.allowed and allowed.indicators is not None
    assert Indicator.objects.filter(allowed.indicators).filter(pk=indicator.pk).exists()
    assert not import_permission(director, "definitions").allowed


def test_an_owner_enters_their_own_returns_only(
    person: Callable[..., User], make_indicator: Maker
) -> None:
    owner = person("own", Person.Role.OWNER)
    other = person("other", Person.Role.OWNER)
    indicator = make_indicator(owner=owner.person)
    assert access.can(owner, "returns.enter", indicator)
    assert not access.can(other, "returns.enter", indicator)
    assert not access.can(owner, "returns.approve", indicator)
    assert not access.can(AnonymousUser(), "returns.enter", indicator)


def test_a_partner_sees_their_partnership_indicator_and_nothing_else_internal(
    person: Callable[..., User], make_indicator: Maker, periods: None
) -> None:
    partner = person("police", Person.Role.PARTNER)
    theirs = make_indicator(owner=partner.person, family=Family.PARTNERSHIP)
    council_only = make_indicator(family=Family.PARTNERSHIP)
    owned_local = make_indicator(owner=partner.person, family=Family.LOCAL)
    assert access.can(partner, "indicator.view", theirs)
    assert not access.can(partner, "indicator.view", council_only)
    assert not access.can(partner, "indicator.view", owned_local)
    assert not access.can(partner, "internal.view")
    client = Client()
    client.force_login(partner)
    assert client.get(f"/indicators/{theirs.pk}/").status_code == 200
    assert client.get(f"/indicators/{council_only.pk}/").status_code == 403
    assert client.get("/scorecard/").status_code == 403
    assert client.get("/")["Location"] == "/returns/"


def test_the_portfolio_holder_answers_for_the_services_below_their_portfolio(
    person: Callable[..., User],
    make_indicator: Maker,
    council: Council,
    directorate: OrgUnit,
    section: OrgUnit,
) -> None:
    holder = person("holder", Person.Role.COUNCILLOR)
    backbencher = person("member", Person.Role.COUNCILLOR, scrutiny_member=True)
    portfolio = Portfolio.objects.create(council=council, name="Environment", holder=holder.person)
    directorate.portfolio = portfolio
    directorate.save()
    indicator = Indicator.objects.select_related("service__parent__parent").get(
        pk=make_indicator(service=section).pk
    )
    assert access.portfolio_id_of(indicator.service) == portfolio.pk
    assert access.can(holder, "queries.answer_for", indicator)
    assert not access.can(backbencher, "queries.answer_for", indicator)
    assert access.can(backbencher, "queries.raise", indicator)
    assert access.can(backbencher, "queries.see_scrutiny")
    assert not access.can(holder, "queries.see_scrutiny")
    assert access.can(holder, "internal.view") and not access.can(holder, "team.manage")


@pytest.mark.parametrize(
    ("role", "team", "internal"),
    [
        (Person.Role.ADMIN, True, True),
        (Person.Role.PERFORMANCE, True, True),
        (Person.Role.DIRECTOR, False, True),
        (Person.Role.STAFF, False, True),
        (Person.Role.PARTNER, False, False),
    ],
)
def test_roles_and_their_reach(
    person: Callable[..., User], role: str, team: bool, internal: bool
) -> None:
    user = person("someone", role)
    assert access.can(user, "team.manage") is team
    assert access.can(user, "internal.view") is internal
    assert access.can(user, "person.any")
    assert not access.can(AnonymousUser(), "person.any")
