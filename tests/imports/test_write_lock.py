"""Issue row 5: an import held SQLite's write lock while it checked the whole file, so other
people's saves waited 20 s and failed. On SQLite the file is now checked with no lock held
and written in one short transaction; a file too large for that is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from goldenthread.core.models import AuditEntry
from goldenthread.imports import base
from goldenthread.indicators.models import Actual, Indicator, Period
from tests.conftest import sqlite_only
from tests.imports.conftest import problem_texts, run_import

pytestmark = sqlite_only("PostgreSQL checks and writes in one transaction: no one-writer lock")
HEADER = ["Indicator", "Period", "Value"]
Write = Callable[..., Path]


@pytest.fixture
def monthly(make_indicator: Callable[..., Indicator], periods: None) -> list[list[str]]:
    indicator = make_indicator(code="M1", frequency="month", aggregation="sum")
    months = Period.objects.filter(kind="month").order_by("start").values_list("code", flat=True)
    return [[indicator.code, month, f"{n}.5"] for n, month in enumerate(months)]


def test_an_import_checks_the_whole_file_before_taking_the_write_lock(
    monthly: list[list[str]], write_csv: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "CHUNK", 10)
    # The test's own transaction wraps everything; the import must open none of its own.
    outside = len(connection.atomic_blocks)
    in_transaction: list[bool] = []
    from goldenthread.indicators.importers.values import ValuesPlanner

    real = ValuesPlanner.plan

    def watched(self: Any, *args: Any) -> Any:
        in_transaction.append(len(connection.atomic_blocks) > outside)
        return real(self, *args)

    monkeypatch.setattr(ValuesPlanner, "plan", watched)
    report = run_import("values", write_csv([HEADER, *monthly]))
    assert report.ok, problem_texts(report)
    assert len(in_transaction) > 2 and not any(in_transaction)
    assert Actual.objects.count() == len(monthly)


@override_settings(IMPORT_SQLITE_MAX_ROWS=20)
def test_a_file_too_large_for_a_short_lock_is_imported_in_one_transaction_on_sqlite(
    monthly: list[list[str]], write_csv: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the limit, the plans are not kept in memory: each chunk is checked and written
    inside the one transaction (requests meeting its lock are told the service is busy)."""
    from goldenthread.indicators.importers.values import ValuesPlanner

    outside = len(connection.atomic_blocks)
    in_transaction: list[bool] = []
    real = ValuesPlanner.plan

    def watched(self: Any, *args: Any) -> Any:
        in_transaction.append(len(connection.atomic_blocks) > outside)
        return real(self, *args)

    monkeypatch.setattr(ValuesPlanner, "plan", watched)
    assert len(monthly) > 20
    report = run_import("values", write_csv([HEADER, *monthly]))
    assert report.ok, problem_texts(report)
    assert in_transaction and all(in_transaction)
    assert Actual.objects.count() == len(monthly)


def test_a_value_changed_between_the_check_and_the_write_stops_the_import(
    monthly: list[list[str]], write_csv: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_import("values", write_csv([HEADER, *monthly]))
    assert first.ok
    changed = [[code, period, "7"] for code, period, _ in monthly]
    real = base._changed_since_checked

    def someone_saves_meanwhile(plans: list[base.Plan[Any]]) -> list[Any]:
        actual = Actual.objects.order_by("pk").first()
        assert actual is not None
        actual.commentary = "saved by the owner"
        actual.save()
        return real(plans)

    monkeypatch.setattr(base, "_changed_since_checked", someone_saves_meanwhile)
    entries = AuditEntry.objects.count()
    report = run_import("values", write_csv([HEADER, *changed]))
    assert "changed by someone else" in " ".join(problem_texts(report))
    assert not Actual.objects.filter(value=7).exists()
    assert AuditEntry.objects.count() == entries
