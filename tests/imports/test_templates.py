"""Templates: an owner's, a service's or a period's indicators, filled in, in fixed queries;
a template imports back unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.imports import spreadsheets
from goldenthread.indicators import services
from goldenthread.indicators.importers import templates as selectors
from goldenthread.indicators.importers.definitions import definitions_table
from goldenthread.indicators.importers.targets import targets_table
from goldenthread.indicators.importers.values import values_table
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit
from tests.conftest import dec, period
from tests.imports.conftest import problem_texts, run_import

TODAY = date(2025, 11, 20)


def test_a_service_template_lists_each_indicators_periods_so_far_with_values(
    days: Indicator, recycling: Indicator, council: Council, directorate: OrgUnit
) -> None:
    services.actual_record(
        actor=None, indicator=days, period=period("2025-26-Q1"), value=dec("9.5"), commentary="ok"
    )
    rows = selectors.template_rows(council=council, today=TODAY, service=directorate)
    pairs = [(r.indicator.code, r.period.code) for r in rows]
    assert pairs[:3] == [("BV 8", "2025-26-Q1"), ("BV 8", "2025-26-Q2"), ("BV 8", "2025-26-Q3")]
    assert ("NI 192", "2025-11") in pairs and ("NI 192", "2025-12") not in pairs
    assert len(pairs) == 3 + 8
    header, body = values_table(rows)
    assert body[0][header.index("value")] == dec("9.5")
    assert body[0][header.index("state")] == "Draft"
    assert body[1][header.index("state")] == "Not started"


def test_a_period_template_has_the_indicators_of_that_frequency(
    days: Indicator, recycling: Indicator, council: Council
) -> None:
    rows = selectors.template_rows(council=council, today=TODAY, period=period("2024-05"))
    assert [(r.indicator.code, r.period.code) for r in rows] == [("NI 192", "2024-05")]


@pytest.mark.parametrize("size", [3, 30])
def test_the_template_selector_runs_four_queries_whatever_the_size(
    make_indicator: Any, periods: None, council: Council, size: int
) -> None:
    for n in range(size):
        indicator = make_indicator(code=f"Q{n}")
        services.actual_record(
            actor=None, indicator=indicator, period=period("2025-26-Q1"), value=dec(n)
        )
    with CaptureQueriesContext(connection) as context:
        rows = selectors.template_rows(council=council, today=TODAY)
    assert len(rows) == size * 3
    assert len(context) == 4


@pytest.mark.parametrize("kind", ["values", "targets", "indicators"])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_template_imports_back_unchanged(
    days: Indicator, recycling: Indicator, council: Council, tmp_path: Path, kind: str, form: str
) -> None:
    services.actual_record(
        actor=None,
        indicator=days,
        period=period("2025-26-Q1"),
        value=dec("9.5"),
        commentary="=not a formula",
        is_estimated=True,
        forecast=dec(9),
    )
    services.actual_record(
        actor=None,
        indicator=recycling,
        period=period("2025-05"),
        numerator=dec(1),
        denominator=dec(3),
    )
    services.target_set(actor=None, indicator=days, period=period("2025-26-Q1"), value=dec(10))
    services.target_set(
        actor=None, indicator=days, period=period("2025-26-Q2"), lower=dec(8), upper=dec(12)
    )
    if kind == "indicators":
        table = definitions_table(selectors.definition_rows(council=council))
    else:
        rows = selectors.template_rows(council=council, today=TODAY)
        table = (values_table if kind == "values" else targets_table)(rows)
    path = tmp_path / f"template.{form}"
    path.write_bytes(
        spreadsheets.to_csv(*table) if form == "csv" else spreadsheets.to_xlsx(*table, title=kind)
    )
    report = run_import(kind, path)
    assert report.ok, problem_texts(report)
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == {"values": 2, "targets": 2, "indicators": 2}[kind]
    assert Period.objects.filter(locked_at__isnull=False).count() == 0
