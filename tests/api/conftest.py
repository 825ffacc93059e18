"""A small council for the API: two services, indicators in each, and tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.test import Client

from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_create
from goldenthread.improvement.models import (
    Action,
    ActionPlan,
    Recommendation,
    Risk,
    RiskMatrix,
    RiskRegister,
)
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import Council, OrgUnit
from tests.conftest import dec, period


@dataclass
class World:
    council: Council
    waste: OrgUnit
    housing: OrgUnit
    tonnage: Indicator  # waste, quarterly, days-like number
    recycling: Indicator  # waste, a ratio (%)
    voids: Indicator  # housing: outside the waste token
    token: str  # waste, read and write
    reader: str  # waste, read only
    client: ApiClient
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def indicators(self) -> list[Indicator]:
        return [self.tonnage, self.recycling, self.voids]


@pytest.fixture
def world(
    council: Council,
    directorate: OrgUnit,
    service_unit: OrgUnit,
    periods: None,
    make_indicator: Callable[..., Indicator],
) -> World:
    housing = OrgUnit.objects.create(
        council=council, kind="service", name="Housing", code="housing", parent=directorate
    )
    tonnage = make_indicator(code="LPI 1", title="Days to collect missed bins")
    recycling = make_indicator(
        code="LPI 2",
        title="Household waste recycled",
        unit="percent",
        aggregation="ratio",
        polarity="higher",
    )
    voids = make_indicator(code="LPI 9", title="Days to relet", service=housing)
    client, token = client_create(
        actor=None, council=council, name="Waste system", services=[service_unit], may_write=True
    )
    _, reader = client_create(
        actor=None, council=council, name="Dashboard", services=[service_unit]
    )
    return World(council, service_unit, housing, tonnage, recycling, voids, token, reader, client)


@pytest.fixture
def improvement(world: World) -> World:
    """An action plan with actions on each service's indicators, and a register per service."""
    plan = ActionPlan.objects.create(
        council=world.council, ref="recovery", kind="corporate", title="Recovery plan"
    )
    recommendation = Recommendation.objects.create(plan=plan, number=1, text="Do better")
    for n, indicator in enumerate(world.indicators):
        action = Action.objects.create(
            recommendation=recommendation, position=n, text=f"Act on {indicator.code}"
        )
        action.indicators.add(indicator)
    matrix = RiskMatrix.objects.create(council=world.council)
    for unit in (world.waste, world.housing):
        register = RiskRegister.objects.create(
            council=world.council, matrix=matrix, level="service", name=unit.name, unit=unit
        )
        Risk.objects.create(
            register=register,
            reference="R1",
            title=f"{unit.name} fails",
            owner="Head of service",
            inherent_likelihood=4,
            inherent_impact=4,
            residual_likelihood=3,
            residual_impact=3,
            target_likelihood=2,
            target_impact=2,
            next_review=date(2026, 1, 1),
        )
    return world


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(world: World) -> Client:
    """A test client that sends the waste token with every request."""
    return Client(headers=bearer(world.token))


def approved(indicator: Indicator, code: str, value: str) -> Actual:
    return Actual.objects.create(
        indicator=indicator, period=period(code), value=dec(value), state=Actual.State.APPROVED
    )
