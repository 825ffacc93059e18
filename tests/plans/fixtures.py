"""Plan fixtures (loaded for every test by ``pytest_plugins`` in tests/conftest.py): a small
golden thread: strategy theme → corporate priority → service objective → section objective →
a person's objective, built through the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.plans import services
from goldenthread.plans.models import Appraisal, Objective, Plan, PlanKind

FY_START, FY_END = date(2025, 4, 1), date(2026, 3, 31)


@pytest.fixture
def section_unit(council: Council, service_unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(
        council=council, kind="section", name="Collections", code="collections", parent=service_unit
    )


@pytest.fixture
def make_plan(council: Council) -> Callable[..., Plan]:
    def make(kind: PlanKind, title: str = "", **fields: Any) -> Plan:
        fields.setdefault("start", FY_START)
        fields.setdefault("end", FY_END)
        return services.plan_create(
            actor=None, council=council, kind=kind, title=title or kind.label, **fields
        )

    return make


@dataclass
class Thread:
    strategy: Plan
    corporate: Plan
    service: Plan
    section: Plan
    theme: Objective
    outcome: Objective
    priority: Objective
    service_objective: Objective
    section_objective: Objective
    person: Person
    manager: Person
    appraisal: Appraisal


def make_person(council: Council, username: str, role: str, scope: OrgUnit | None) -> Person:
    user = User.objects.create_user(username, password="pw-for-tests-1")
    return Person.objects.create(user=user, council=council, role=role, scope=scope)


@pytest.fixture
def thread(
    council: Council,
    directorate: OrgUnit,
    service_unit: OrgUnit,
    section_unit: OrgUnit,
    make_plan: Callable[..., Plan],
) -> Thread:
    strategy = make_plan(
        PlanKind.COMMUNITY_STRATEGY,
        "Community Strategy",
        start=date(2024, 4, 1),
        end=date(2029, 3, 31),
    )
    corporate = make_plan(PlanKind.CORPORATE, "Corporate Plan 2025/26")
    service = make_plan(PlanKind.SERVICE, "Waste service plan", org_unit=service_unit)
    section = make_plan(
        PlanKind.WORK_PROGRAMME, "Collections work programme", org_unit=section_unit
    )
    create = services.objective_create
    theme = create(actor=None, plan=strategy, kind="theme", ref="T1", title="A clean borough")
    outcome = create(
        actor=None, plan=strategy, parent=theme, kind="outcome", ref="T1.1", title="Less waste"
    )
    priority = create(actor=None, plan=corporate, kind="priority", ref="P1", title="Cleaner")
    service_objective = create(actor=None, plan=service, ref="S1", title="Recycle more")
    section_objective = create(actor=None, plan=section, ref="W1", title="New food waste round")
    services.objective_link(actor=None, source=priority, target=outcome)
    services.objective_link(actor=None, source=service_objective, target=priority)
    services.objective_link(actor=None, source=section_objective, target=service_objective)
    person = make_person(council, "worker", Person.Role.STAFF, section_unit)
    manager = make_person(council, "boss", Person.Role.HEAD_OF_SERVICE, service_unit)
    appraisal = services.appraisal_create(
        actor=None, person=person, manager=manager, year=2025, due=date(2025, 6, 30)
    )
    services.staff_objective_create(
        actor=None,
        appraisal=appraisal,
        title="Sign up 500 households to food waste collection",
        supports=[section_objective],
    )
    return Thread(
        strategy, corporate, service, section, theme, outcome, priority,
        service_objective, section_objective, person, manager, appraisal,
    )  # fmt: skip


@pytest.fixture
def measured(thread: Thread, make_indicator: Callable[..., Indicator]) -> Indicator:
    indicator = make_indicator(code="NI 192", title="Household waste recycled", polarity="higher")
    services.objective_measure(actor=None, objective=thread.service_objective, indicator=indicator)
    return indicator
