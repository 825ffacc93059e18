"""A large values file is checked and written a chunk at a time, still all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from goldenthread.core.models import AuditEntry
from goldenthread.imports import base
from goldenthread.indicators.models import Actual, Indicator, Period
from tests.imports.conftest import problem_texts, run_import

HEADER = ["Indicator", "Period", "Value"]
Write = Callable[..., Path]


@pytest.fixture
def monthly(make_indicator: Callable[..., Indicator], periods: None) -> list[Indicator]:
    """Three monthly indicators: 3 x 48 months = 144 rows, many chunks of 10."""
    return [make_indicator(code=f"M{n}", frequency="month", aggregation="sum") for n in (1, 2, 3)]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "CHUNK", 10)


def rows(indicators: list[Indicator]) -> list[list[str]]:
    months = Period.objects.filter(kind="month").order_by("start").values_list("code", flat=True)
    return [[i.code, month, f"{n}.5"] for i in indicators for n, month in enumerate(months)]


def test_a_file_of_many_chunks_is_written_whole(monthly: list[Indicator], write_csv: Write) -> None:
    body = rows(monthly)
    report = run_import("values", write_csv([HEADER, *body]))
    assert report.ok, problem_texts(report)
    assert report.created == len(body) == 144
    assert Actual.objects.count() == 144
    assert AuditEntry.objects.filter(model="indicators.actual").count() == 144


def test_a_bad_row_in_the_last_chunk_writes_nothing_and_every_bad_row_is_reported(
    monthly: list[Indicator], write_csv: Write
) -> None:
    body = rows(monthly)
    body[3][2] = "three"  # the first chunk
    body[-2][2] = "ten"  # the last chunk, after thirteen chunks would have been written
    report = run_import("values", write_csv([HEADER, *body]))
    assert problem_texts(report) == [
        "Row 5, column “Value”: “three” is not a number",
        f"Row {len(body)}, column “Value”: “ten” is not a number",
    ]
    assert (report.created, report.updated) == (0, 0)
    assert Actual.objects.count() == 0
    assert not AuditEntry.objects.filter(model="indicators.actual").exists()


def test_a_bad_row_only_in_the_last_chunk_rolls_back_the_chunks_already_written(
    monthly: list[Indicator], write_csv: Write
) -> None:
    body = rows(monthly)
    body[-1][2] = "-"
    report = run_import("values", write_csv([HEADER, *body]))
    assert [p.row for p in report.problems] == [len(body) + 1]
    assert Actual.objects.count() == 0
    assert not AuditEntry.objects.filter(model="indicators.actual").exists()


def test_a_repeated_pair_in_a_later_chunk_names_the_first_row(
    monthly: list[Indicator], write_csv: Write
) -> None:
    body = rows(monthly)
    body.append(list(body[0]))  # row 2 again, about thirteen chunks later
    report = run_import("values", write_csv([HEADER, *body]))
    assert len(report.problems) == 1
    assert report.problems[0].row == len(body) + 1
    assert "is already in row 2" in report.problems[0].message
    assert Actual.objects.count() == 0


def test_a_dry_run_of_many_chunks_counts_every_row_and_writes_nothing(
    monthly: list[Indicator], write_csv: Write
) -> None:
    report = run_import("values", write_csv([HEADER, *rows(monthly)]), dry_run=True)
    assert report.ok and report.created == 144
    assert Actual.objects.count() == 0
