"""The benchmarks keep working: they build their council and measure the real page."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from goldenthread.bench import scorecard, status_rules
from tests.conftest import sqlite_only

# One engine for all of these: they check that each benchmark still runs and reports its
# figures, which is the same code on either engine. The import benchmark, which times
# PostgreSQL's COPY too, runs on both (tests/imports/test_bench.py).
pytestmark = sqlite_only("the benchmarks' own code is the same on either engine")


def test_status_rules_benchmark_evaluates_every_pair() -> None:
    result = status_rules.run(2_000)
    assert result["pairs"] == 2_000
    assert result["per_second"] > 0


@pytest.mark.django_db
def test_scorecard_benchmark_serves_one_row_per_key_indicator(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    figures = scorecard.run(indicators=6, years=1, requests=2, today=date(2026, 11, 23))
    assert figures["rows_shown"] == 6
    # 10, plus 3 for the quartile column, plus the two-factor device that verified the session,
    # plus the data version its cached content is keyed on; plus the navigation's "My work"
    # and "Approvals" counts (mywork.selectors: at most twelve reads when worked out afresh,
    # one or two per part that gives people work)
    assert 0 < int(str(figures["queries"])) <= 15 + 12
    assert figures["requests"] == 2
    # The floor runs the page's own queries: it reads at least the six indicators' rows.
    assert figures["floor_rows"] >= 6
    assert 0 < figures["floor_median_ms"] <= figures["floor_p95_ms"]
    assert figures["ratio_to_floor"] > 0


def test_the_bench_command_runs_one_part_and_prints_its_figures() -> None:
    out = io.StringIO()
    call_command("bench", "--quick", "--only", "status", stdout=out)
    text = out.getvalue()
    assert "Status rules: 100,000 (indicator, period) pairs" in text
    assert "Scorecard" not in text


@pytest.mark.django_db
def test_benchmarking_benchmark_imports_and_computes_every_group_year() -> None:
    from goldenthread.bench import benchmarking

    figures = benchmarking.run(authorities=20, measures=3, years=2)
    assert figures["rows"] == 120
    assert figures["group_years"] == 3 * 2 * 20  # every measure-year for each of 20 groups


@pytest.mark.django_db
def test_reports_benchmark_produces_the_docx_and_pdf() -> None:
    from goldenthread.bench import reports

    figures = reports.run(indicators=4, years=2)
    assert figures["indicators"] == 4
    assert figures["charts"] >= 4
    assert figures["pdf_pages"] >= 2


@pytest.mark.django_db
def test_setup_benchmark_creates_ten_years_of_periods_and_changes_nothing_again(
    settings: Any,
) -> None:
    from goldenthread.bench import setup as setup_bench
    from goldenthread.periods import PeriodKind, generate_periods

    settings.GOLDENTHREAD_TODAY = "2026-11-23"
    figures = setup_bench.run(people=40)
    assert figures["years"] == 10
    assert figures["periods"] == len(generate_periods(list(PeriodKind), 2019, 2028))
    assert figures["unchanged"] is True
    assert figures["people_created"] == figures["invitations"] == 40
    assert figures["people_again_unchanged"] is True
