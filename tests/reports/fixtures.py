"""Reports fixtures (loaded for every test by ``pytest_plugins`` in tests/conftest.py): a small
council with two directorates, bodies with meetings, and quarterly indicators whose histories break each exception rule (as of 20 November 2025,
when Q2 2025/26 is the latest quarter whose deadline has passed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.reports import services
from goldenthread.reports.models import Body, Meeting
from tests.conftest import TODAY, dec, period

HISTORIES: dict[str, list[int | None]] = {
    # Q3 2024/25, Q4 2024/25, Q1 2025/26, Q2 2025/26; target 50 each, higher is better,
    # 5 either side is amber.
    "red": [None, None, 60, 40],
    "worsening": [None, 70, 65, 60],
    "static": [None, 47, 47, 47],
    "missing": [None, None, 60, None],
    "fine": [None, None, 55, 60],
}
QUARTERS = ["2024-25-Q3", "2024-25-Q4", "2025-26-Q1", "2025-26-Q2"]


@dataclass
class Scenario:
    council: Council
    place: OrgUnit
    people: OrgUnit
    indicators: dict[str, Indicator]
    cabinet: Body
    scrutiny: Body
    lead_member: Body
    director: Body
    cabinet_meetings: list[Meeting]


@pytest.fixture
def reports_today(settings: Any) -> date:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    return TODAY


def record_history(indicator: Indicator, values: list[int | None]) -> None:
    for code, value in zip(QUARTERS, values, strict=True):
        indicator_services.target_set(
            actor=None, indicator=indicator, period=period(code), value=dec(50)
        )
        if value is not None:
            indicator_services.actual_record(
                state="approved",
                actor=None,
                indicator=indicator,
                period=period(code),
                value=dec(value),
                commentary=f"Commentary for {indicator.code}",
                remedial_action=f"Remedial action for {indicator.code}" if value < 50 else "",
            )


@pytest.fixture
def make_quarterly(make_indicator: Callable[..., Indicator]) -> Callable[..., Indicator]:
    def make(code: str, **fields: Any) -> Indicator:
        defaults: dict[str, Any] = {
            "code": code,
            "title": f"Indicator {code}",
            "polarity": "higher",
            "unit": "number",
            "decimals": 0,
            "aggregation": "latest",
            "tolerance_kind": "absolute",
            "tolerance_amount": dec(5),
            "family": "local",
        }
        defaults.update(fields)
        return make_indicator(**defaults)

    return make


@pytest.fixture
def scenario(
    council: Council,
    directorate: OrgUnit,
    periods: None,
    reports_today: date,
    make_quarterly: Callable[..., Indicator],
) -> Scenario:
    people = OrgUnit.objects.create(
        council=council, kind="directorate", name="People", code="people"
    )
    housing = OrgUnit.objects.create(
        council=council, kind="service", name="Housing", code="housing", parent=people
    )
    families = {"red": "bvpi", "worsening": "ni", "static": "local", "missing": "directorate"}
    indicators = {}
    for name, values in HISTORIES.items():
        extra: dict[str, Any] = {"family": families.get(name, "local")}
        if name in ("missing", "fine"):
            extra["service"] = housing
        indicators[name] = make_quarterly(f"T {name}", title=f"The {name} indicator", **extra)
        record_history(indicators[name], values)

    def body(kind: str, name: str, short: str, position: int) -> Body:
        return services.body_create(
            actor=None, council=council, kind=kind, name=name, short_name=short, position=position
        )

    cabinet = body("cabinet", "Cabinet", "Cabinet", 1)
    scrutiny = body("scrutiny", "Overview and Scrutiny", "Scrutiny", 2)
    lead = body("lead_member", "Lead member for housing", "Lead Memb.", 3)
    director = body("director", "Director of Place", "Director", 4)
    for indicator in indicators.values():
        services.matrix_set(actor=None, indicator=indicator, body=scrutiny, times_per_year=4)
    for name in ("red", "worsening"):
        services.matrix_set(
            actor=None,
            indicator=indicators[name],
            body=cabinet,
            times_per_year=4,
            format="Exception report",
        )
    services.matrix_set(
        actor=None,
        indicator=indicators["red"],
        body=director,
        times_per_year=12,
        comments="Monthly",
    )
    meetings = [
        services.meeting_create(actor=None, body=cabinet, date=d)
        for d in (date(2025, 10, 9), date(2025, 12, 4), date(2026, 2, 5), date(2026, 3, 19))
    ]
    return Scenario(
        council, directorate, people, indicators, cabinet, scrutiny, lead, director, meetings
    )
