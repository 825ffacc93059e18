"""Finance: the import (all or nothing), variances, unit costs, and the IPR's finance table."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from docx import Document

from goldenthread.imports.registry import REGISTRY
from goldenthread.reports import ipr, render
from goldenthread.reports.finance import finance_report
from goldenthread.reports.models import FinanceFigure, UnitCost
from goldenthread.status import Rag
from tests.conftest import TODAY, period
from tests.reports.fixtures import Scenario

pytestmark = pytest.mark.django_db

GOOD = """service,period,budget,spend to date,forecast
waste,2025/26-Q2,1000000,480000.50,1050000
Housing,2025-26-Q2,2000000,900000,1900000
"""


def run(tmp_path: Path, content: str, dry_run: bool = False) -> Any:
    path = tmp_path / "finance.csv"
    path.write_text(content, encoding="utf-8")
    return REGISTRY["finance"].run(path, actor=None, dry_run=dry_run, progress=None, options={})


def test_import_creates_then_leaves_unchanged(scenario: Scenario, tmp_path: Path) -> None:
    report = run(tmp_path, GOOD)
    assert report.ok and report.created == 2
    figure = FinanceFigure.objects.get(service__code="waste")
    assert figure.spend_to_date == Decimal("480000.50")
    assert figure.variance == Decimal(50000)
    again = run(tmp_path, GOOD)
    assert again.ok and again.unchanged == 2 and again.created == 0


def test_a_bad_row_means_nothing_is_written(scenario: Scenario, tmp_path: Path) -> None:
    bad = GOOD + "parks,2025/26-Q2,10,5,5\nwaste,2025/26-Q9,-4,1.234,\nwaste,2025/26-Q2,1,1,1\n"
    report = run(tmp_path, bad)
    assert not report.ok
    messages = [str(p) for p in report.problems]
    assert any(m.startswith("Row 4, column “service”: no service “parks”") for m in messages)
    assert any("Row 5, column “period”" in m and "not a quarter" in m for m in messages)
    assert any("Row 5, column “budget”" in m and "negative" in m for m in messages)
    assert any("Row 5, column “spend to date”" in m and "decimal places" in m for m in messages)
    assert any("Row 5, column “forecast”" in m for m in messages)
    assert any("Row 6" in m and "already in row 2" in m for m in messages)
    assert FinanceFigure.objects.count() == 0


def test_dry_run_writes_nothing(scenario: Scenario, tmp_path: Path) -> None:
    report = run(tmp_path, GOOD, dry_run=True)
    assert report.ok and report.created == 2 and FinanceFigure.objects.count() == 0


def test_the_import_command(scenario: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "finance.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import", "finance", str(path), stdout=io.StringIO())
    assert FinanceFigure.objects.count() == 2


def test_variances_by_directorate_and_unit_costs(
    scenario: Scenario, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    run(tmp_path, GOOD)
    waste = scenario.indicators["red"].service
    # Output: the "fine" indicator (latest) is 60 at Q2; use "worsening" in the waste service.
    UnitCost.objects.create(
        service=waste, indicator=scenario.indicators["worsening"], label="Cost per unit"
    )
    q2 = period("2025-26-Q2")
    rags = {i.pk: "red" for i in scenario.indicators.values()}
    with django_assert_num_queries(5):
        report = finance_report(council=scenario.council, period=q2, rags=rags)  # type: ignore[arg-type]
    by_name = {line.unit.name: line for line in report.directorates}
    assert by_name["Place"].variance == Decimal(50000)
    assert by_name["Place"].variance_percent == Decimal(5)
    assert by_name["People"].variance == Decimal(-100000)
    assert by_name["Place"].rags[Rag.RED] == 3
    service = next(line for line in report.services if line.unit.pk == waste.pk)
    # "worsening" is a snapshot (latest) indicator: 65 at Q1, 60 at Q2 → year to date 60.
    (cost,) = service.unit_costs
    assert cost.output == Decimal(60)
    assert cost.cost == Decimal("480000.50") / Decimal(60)


def test_ipr_has_finance_beside_performance(scenario: Scenario, tmp_path: Path) -> None:
    run(tmp_path, GOOD)
    report = ipr.build(council=scenario.council, today=TODAY, period_code="2025-26-Q2")
    document = Document(io.BytesIO(render.ipr_docx(report)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Directorate")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["People"][1:5] == ["2,000", "900", "1,900", "−100 (−5.0%)"]
    assert rows["Place"][5:] == ["1", "1", "1"]


def test_finance_page(
    client: Client, performance_user: User, scenario: Scenario, tmp_path: Path
) -> None:
    run(tmp_path, GOOD)
    client.force_login(performance_user)
    page = client.get("/reports/finance/?period=2025-26-Q2").content.decode()
    assert "£1,050,000" in page and "By service" in page


def test_finance_queries_are_fixed_at_two_sizes(
    scenario: Scenario, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    run(tmp_path, GOOD)
    UnitCost.objects.create(
        service=scenario.indicators["red"].service, indicator=scenario.indicators["red"], label="A"
    )
    q2 = period("2025-26-Q2")
    rags = {i.pk: Rag.RED for i in scenario.indicators.values()}
    with django_assert_num_queries(5):
        finance_report(council=scenario.council, period=q2, rags=rags)
    housing = scenario.indicators["fine"].service
    UnitCost.objects.create(service=housing, indicator=scenario.indicators["fine"], label="B")
    more = "".join(f"{code},2025-26-Q{q},1,1,1\n" for code in ("waste", "housing") for q in (1, 3))
    run(tmp_path, GOOD + more)
    with django_assert_num_queries(5):
        report = finance_report(council=scenario.council, period=q2, rags=rags)
    assert sum(len(line.unit_costs) for line in report.services) == 2
