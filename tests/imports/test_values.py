"""Importing values: every problem named by row and column, all or nothing, and idempotent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.core.models import AuditEntry
from goldenthread.imports.registry import Problem
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Person
from tests.conftest import dec, period
from tests.imports.conftest import problem_texts, run_import, write_xlsx

HEADER = ["Indicator", "Period", "Value", "Numerator", "Denominator", "Commentary", "Estimated"]
Write = Callable[..., Path]


def counts() -> tuple[int, int]:
    return Actual.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["BV 9", "2025-26-Q1", "1"], "Indicator", "no indicator with the code “BV 9”"),
        (["", "2025-26-Q1", "1"], "Indicator", "enter the indicator code"),
        (["BV 8", "2025-26-Q9", "1"], "Period", "there is no period “2025-26-Q9”"),
        (["BV 8", "2025-05", "1"], "Period", "2025-05 is a month; BV 8 is reported by quarter"),
        (["BV 8", "2025-26-Q1", "ten"], "Value", "“ten” is not a number"),
        (["BV 8", "2025-26-Q1", "N/A"], "Value", "“N/A” is not a number"),
        (["BV 8", "2025-26-Q1", "#DIV/0!"], "Value", "Excel error #DIV/0!"),
        (["BV 8", "2025-26-Q1", "NaN"], "Value", "“NaN” is not a number"),
        (["BV 8", "2025-26-Q1", "Infinity"], "Value", "“Infinity” is not a number"),
        (["BV 8", "2025-26-Q1", "=1/0"], "Value", "“=1/0” is not a number"),
        (["BV 8", "2025-26-Q1", "1e15"], "Value", "too large"),
        (["BV 8", "2025-26-Q1", "123456789012345"], "Value", "too large"),
        (["BV 8", "2025-26-Q1", "1.25"], "Value", "BV 8 is reported to 1 decimal place"),
        (["BV 8", "2025-26-Q1", "1", "3", ""], "Denominator", "numerator and the denominator"),
        (["BV 8", "2025-26-Q1", "1", "3", "0"], "Denominator", "cannot be zero"),
        (["BV 8", "2025-26-Q1", "1", "", "", "", "maybe"], "Estimated", "not yes or no"),
        (["BV 8", "2025-26-Q1", "", "", "", "Rose"], "Value", "enter the value"),
        (["NI 192", "2025-05", "", "430", ""], "Denominator", "enter the denominator"),
        (["NI 192", "2025-05", "", "1430", "1000"], "Numerator", "is not between 0 and 100"),
        (["NI 192", "2025-05", "40", "430", "1000"], "Value", "does not match"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(
    days: Indicator,
    recycling: Indicator,
    write_csv: Write,
    row: list[str],
    column: str,
    reason: str,
) -> None:
    good = ["BV 8", "2024-25-Q1", "9.5"]
    report = run_import("values", write_csv([HEADER, good, row]))
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(3, column)]
    assert reason in report.problems[0].message
    assert counts() == (0, 2)  # only the two indicators' own audit entries


def test_a_percentage_outside_0_to_100_is_refused(
    make_indicator: Any, periods: None, write_csv: Write
) -> None:
    make_indicator(code="P1", unit="percent", decimals=1)
    report = run_import("values", write_csv([HEADER, ["P1", "2025-26-Q1", "100.5"]]))
    assert problem_texts(report) == ["Row 2, column “Value”: 100.5 is not between 0 and 100"]


def test_duplicate_rows_for_one_indicator_and_period_are_refused(
    days: Indicator, write_csv: Write
) -> None:
    rows = [HEADER, ["BV 8", "2025-26-Q1", "9"], ["bv8", "Q1 2025/26", "9"]]
    report = run_import("values", write_csv(rows))
    assert problem_texts(report) == [
        "Row 3, column “Period”: BV 8 2025-26-Q1 is already in row 2: "
        "keep one row per indicator and period"
    ]


def test_missing_columns_are_named(days: Indicator, write_csv: Write) -> None:
    report = run_import("values", write_csv([["Indicator", "Value"], ["BV 8", "1"]]))
    assert problem_texts(report) == [
        "Row 1, column “period”: the column “period” is missing from the header"
    ]


def test_a_thousand_rows_with_one_bad_row_write_nothing_and_name_that_row(
    make_indicator: Any, periods: None, write_csv: Write
) -> None:
    codes = [make_indicator(code=f"M{i}", frequency="month").code for i in range(25)]
    months = list(Period.objects.filter(kind="month").order_by("start")[:40])
    rows: list[list[str]] = [HEADER]
    for code in codes:
        rows += [[code, month.code, str(len(rows))] for month in months]
    rows[617][2] = "12..5"
    before = counts()
    report = run_import("values", write_csv(rows))
    assert report.rows == 1000
    assert [(p.row, p.column) for p in report.problems] == [(618, "Value")]
    assert counts() == before
    report = run_import("values", write_csv([*rows[:617], *rows[618:]]))
    assert report.created == 999
    assert counts() == (before[0] + 999, before[1] + 999)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    days: Indicator, recycling: Indicator, write_csv: Write
) -> None:
    path = write_csv(
        [
            HEADER,
            ["BV 8", "2025-26-Q1", "9.5", "", "", "Faster since April ", "yes"],
            ["NI 192", "2025-05", "", "430", "1000", "", "no"],
        ]
    )
    first = run_import("values", path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    after_first = counts()
    stored = {
        (a.indicator_id, a.period_id): (a.version, a.modified_on) for a in Actual.objects.all()
    }
    second = run_import("values", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert counts() == after_first
    again = {
        (a.indicator_id, a.period_id): (a.version, a.modified_on) for a in Actual.objects.all()
    }
    assert again == stored
    ratio = Actual.objects.get(indicator=recycling)
    assert ratio.value == Decimal("43") and ratio.state == Actual.State.DRAFT


def test_a_change_is_audited_bumps_the_version_and_returns_a_submitted_value_to_draft(
    days: Indicator, submitted: Actual, write_csv: Write, performance_user: User
) -> None:
    report = run_import(
        "values",
        write_csv(
            [["indicator", "period", "value"], ["BV 8", "2025-26-Q1", "10.0"]], name="q1.csv"
        ),
        actor=performance_user,
    )
    assert report.updated == 1
    actual = Actual.objects.get()
    assert (actual.value, actual.version, actual.state) == (dec(10), 2, Actual.State.DRAFT)
    assert actual.commentary == "First"  # no commentary column: left as it was
    entry = AuditEntry.objects.filter(model="indicators.actual").first()
    assert entry is not None
    assert entry.reason == "import values q1.csv"
    assert entry.actor == performance_user
    assert entry.changes["value"] == ["9.5", "10"]
    assert entry.changes["state"] == ["submitted", "draft"]
    assert entry.scope == days.audit_scope


def test_dry_run_describes_the_changes_and_writes_nothing(
    days: Indicator, write_csv: Write
) -> None:
    services.actual_record(
        actor=None, indicator=days, period=period("2025-26-Q1"), value=dec("91.2")
    )
    before = counts()
    rows = [
        ["indicator", "period", "value"],
        ["BV 8", "2025-26-Q1", "93.0"],
        ["BV 8", "2025-26-Q2", "90"],
    ]
    report = run_import("values", write_csv(rows), dry_run=True)
    assert report.ok and report.dry_run
    assert report.changes == ["BV 8 Q1 2025/26: 91.2 → 93", "BV 8 Q2 2025/26: new, 90"]
    assert report.summary() == "Would create 1, would update 1, unchanged 0 (2 rows)."
    assert counts() == before


def test_approved_values_and_locked_periods_are_refused(days: Indicator, write_csv: Write) -> None:
    services.actual_record(
        actor=None,
        indicator=days,
        period=period("2025-26-Q1"),
        value=dec(9),
        state=Actual.State.APPROVED,
    )
    Period.objects.filter(code="2025-26-Q2").update(locked_at=datetime(2025, 11, 1, tzinfo=UTC))
    before = counts()
    rows = [
        ["indicator", "period", "value"],
        ["BV 8", "2025-26-Q1", "9"],  # the same as stored: unchanged, not refused
        ["BV 8", "2025-26-Q1", "10"],
        ["BV 8", "2025-26-Q2", "8"],
    ]
    report = run_import("values", write_csv([rows[0], rows[1]]))
    assert report.ok and report.unchanged == 1
    report = run_import("values", write_csv([rows[0], rows[2], rows[3]]))
    texts = problem_texts(report)
    assert texts[0].startswith("Row 2, column “value”: locked: approved on ")
    assert texts[1] == "Row 3, column “period”: locked: Q2 2025/26 was locked on 01 November 2025"
    assert counts() == before


def test_owners_import_only_their_own_indicators(
    days: Indicator, make_indicator: Any, write_csv: Write, council: Any
) -> None:
    owner_user = User.objects.create_user("owner")
    owner = Person.objects.create(user=owner_user, council=council, role=Person.Role.OWNER)
    services.indicator_update(actor=None, indicator=days, owner=owner)
    make_indicator(code="LPI 2")
    rows = [
        ["indicator", "period", "value"],
        ["BV 8", "2025-26-Q1", "9"],
        ["LPI 2", "2025-26-Q1", "9"],
    ]
    report = run_import("values", write_csv(rows), actor=owner_user)
    assert problem_texts(report) == [
        "Row 3, column “indicator”: you may import only for indicators you own or your "
        "service owns; LPI 2 is not one"
    ]
    assert run_import("targets", write_csv(rows), actor=owner_user).problems == [
        Problem(None, None, "Only the performance team may import targets.")
    ]


def test_xlsx_with_formulas_dates_blank_rows_and_extra_columns(
    days: Indicator, recycling: Indicator, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "values.xlsx",
        [
            ["Indicator", "Period", "Numerator", "Denominator", "Value", "My notes"],
            ["NI 192", "2025-05", 430, 1000, None, "checked"],
            [],
            ["BV 8", 45778, None, None, "=4.5*2", None],  # 1 May 2025 as a number: Q1
        ],
        cached={"E4": "9"},
    )
    report = run_import("values", path)
    assert report.ok, problem_texts(report)
    assert report.created == 2
    assert report.notes == ["Columns ignored: “My notes”"]
    assert Actual.objects.get(indicator=days).period.code == "2025-26-Q1"
    assert Actual.objects.get(indicator=days).value == 9


def test_the_import_runs_a_fixed_number_of_queries(
    make_indicator: Any, periods: None, write_csv: Write
) -> None:
    indicators = [make_indicator(code=f"M{i}", frequency="month") for i in range(30)]
    months = list(Period.objects.filter(kind="month").order_by("start")[:36])

    def queries(size: int, first_month: int) -> int:
        rows: list[list[Any]] = [["indicator", "period", "value"]]
        rows += [
            [i.code, m.code, n]
            for n, (i, m) in enumerate(
                (i, m) for m in months[first_month : first_month + 12] for i in indicators
            )
        ][:size]
        with CaptureQueriesContext(connection) as context:
            assert run_import("values", write_csv(rows)).created == size
        return len(context)

    # Lookups are loaded once and rows written in bulk: the same queries for 10 rows as for
    # 40, and beyond that one more insert per batch (SQLite takes about 45 actuals a batch).
    small = queries(10, 0)
    assert queries(40, 12) == small
    assert queries(300, 24) - small <= 2 * (300 // 40)
