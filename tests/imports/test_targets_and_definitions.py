"""Importing targets and indicator definitions: the same all-or-nothing rules as values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisation.models import OrgUnit, Person
from tests.imports.conftest import problem_texts, run_import

Write = Callable[..., Path]
TARGETS = ["indicator", "period", "value", "lower", "upper", "stretch", "note"]


def test_targets_import_values_and_bands_and_a_second_import_changes_nothing(
    days: Indicator, write_csv: Write
) -> None:
    path = write_csv(
        [
            TARGETS,
            ["BV 8", "2025-26-Q1", "10", "", "", "no", ""],
            ["BV 8", "FY2025-26", "", "8", "12", "yes", "LPSA"],
        ]
    )
    first = run_import("targets", path)
    assert (first.created, first.updated) == (2, 0), problem_texts(first)
    band = Target.objects.get(period__code="FY2025-26")
    assert (band.lower, band.upper, band.is_stretch, band.note) == (8, 12, True, "LPSA")
    audits = AuditEntry.objects.count()
    second = run_import("targets", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == audits


def test_target_problems_are_named_and_nothing_is_written(
    days: Indicator, write_csv: Write
) -> None:
    rows = [
        TARGETS,
        ["BV 8", "2025-26-Q1", "10"],
        ["BV 8", "2025-26-Q2", "", "12", ""],
        ["BV 8", "2025-26-Q3", "", "12", "8"],
        ["BV 8", "2025-05", "1"],
        ["BV 8", "2025-26-Q4", "lots"],
    ]
    report = run_import("targets", write_csv(rows))
    assert problem_texts(report) == [
        "Row 3, column “upper”: a band needs both a lower and an upper bound",
        "Row 4, column “lower”: the band's lower bound must not be above its upper bound",
        "Row 5, column “period”: 2025-05 is a month; BV 8 is reported by quarter (e.g. 2022-23-Q1)",
        "Row 6, column “value”: “lots” is not a number",
    ]
    assert Target.objects.count() == 0


DEFINITIONS = ["code", "title", "polarity", "unit", "service", "first year", "owner", "decimals"]


def test_indicator_definitions_create_and_update_by_code(
    days: Indicator, service_unit: OrgUnit, performance_user: User, write_csv: Write
) -> None:
    path = write_csv(
        [
            DEFINITIONS,
            [
                "BV 8",
                "Days to pay undisputed invoices",
                "lower",
                "days",
                "waste",
                "2022",
                "performance",
                "1",
            ],
            [
                "LPI 50",
                "Fly-tipping incidents",
                "Lower is better",
                "Number",
                "Waste and Recycling",
                "2024",
                "",
                "0",
            ],
        ]
    )
    report = run_import("indicators", path, actor=performance_user)
    assert (report.created, report.updated) == (1, 1), problem_texts(report)
    days.refresh_from_db()
    assert days.title == "Days to pay undisputed invoices"
    assert days.owner == Person.objects.get(user=performance_user)
    new = Indicator.objects.get(code="LPI 50")
    assert (new.unit, new.service, new.first_year) == ("number", service_unit, 2024)
    assert AuditEntry.objects.filter(model="indicators.indicator", object_id=str(new.pk)).exists()
    again = run_import("indicators", path, actor=performance_user)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_indicator_definition_problems_follow_the_model_rules(
    service_unit: OrgUnit, write_csv: Write, make_indicator: Any
) -> None:
    rows = [
        [*DEFINITIONS, "aggregation", "tolerance kind", "tolerance amount", "last year"],
        ["A1", "A", "sideways", "days", "waste", "2022", "", "0", "", "", "", ""],
        ["A2", "A", "higher", "days", "nowhere", "2022", "nobody", "0", "", "", "", ""],
        ["A3", "A", "higher", "days", "waste", "2022", "", "1", "ratio", "percent", "", "2020"],
        ["A4", "", "higher", "days", "waste", "", "", "", "", "", "", ""],
        ["A1", "A", "higher", "days", "waste", "2022", "", "0", "", "", "", ""],
        ["A5", "A", "higher", "days", "waste", "2022", "", "9", "", "", "", ""],
    ]
    report = run_import("indicators", write_csv(rows))
    texts = problem_texts(report)
    assert texts[0].startswith("Row 2, column “polarity”: “sideways” is not one of: higher, lower")
    assert "Row 3, column “service”: there is no service with the code or name “nowhere”" in texts
    assert (
        "Row 3, column “owner”: nobody in the council has the username or email “nobody”" in texts
    )
    assert any(t.startswith("Row 7, column “decimals”: Ensure this value") for t in texts)
    assert not any("needs its polarity" in t for t in texts)  # its own problem says enough
    assert (
        "Row 4, column “tolerance amount”: Enter the tolerance amount, or clear the tolerance type"
        in texts
    )
    assert "Row 4, column “last year”: The last year cannot be before the first year" in texts
    assert "Row 4, column “aggregation”: A ratio indicator needs a %, rate or number unit" in texts
    assert "Row 5, column “title”: a new indicator needs its title" in texts
    assert "Row 6, column “code”: “A1” is already in row 2" in texts
    assert Indicator.objects.count() == 0
    assert len(texts) == 10
