"""Hypothesis feeds the importers malformed files: they never raise, and never write when
they report problems."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator, Target
from tests.imports.conftest import csv_bytes, run_import

pytestmark = pytest.mark.django_db
FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

COLUMNS = {
    "values": [
        "indicator",
        "period",
        "value",
        "numerator",
        "denominator",
        "commentary",
        "remedial action",
        "estimated",
        "forecast",
    ],
    "targets": ["indicator", "period", "value", "lower", "upper", "stretch", "note"],
    "indicators": [
        "code",
        "title",
        "polarity",
        "service",
        "first year",
        "unit",
        "decimals",
        "frequency",
        "aggregation",
        "owner",
        "tolerance kind",
        "tolerance amount",
    ],
}
NASTY = [
    "",
    " ",
    "BV 8",
    "NI 192",
    "2025-26-Q1",
    "2025-05",
    "Q1 2025/26",
    "FY2025-26",
    "01/05/2025",
    "9.5",
    "43",
    "0",
    "-1",
    "1e400",
    "1E-400",
    "123456789012345678901234",
    "NaN",
    "-Infinity",
    "=1/0",
    "=SUM(A1:A2)",
    "#DIV/0!",
    "#N/A",
    "N/A",
    "£1,234.5",
    "50%",
    "1,2",
    "yes",
    "maybe",
    "higher",
    "percent",
    "ratio",
    "month",
    "waste",
    "performance",
    "\u0000",
    "\ufeff",
    "é",
    "x" * 400,
]
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
kinds = st.sampled_from(sorted(COLUMNS))


@st.composite
def table(draw: Any, kind: str) -> list[list[str]]:
    header = draw(st.lists(st.sampled_from([*COLUMNS[kind], "extra", ""]), max_size=10))
    width = max(1, len(header))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 2), max_size=8))
    return [header, *rows]


def written() -> tuple[int, int, int, int]:
    return (
        Actual.objects.count(),
        Target.objects.count(),
        Indicator.objects.count(),
        AuditEntry.objects.count(),
    )


def check(kind: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        before = written()
        report = run_import(kind, path)  # must not raise, whatever the bytes
        if not report.ok:
            assert written() == before
        for problem in report.problems:
            assert problem.message


@FIXTURES
@given(kind=kinds, data=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a"]))
def test_random_bytes(
    days: Indicator, recycling: Indicator, kind: str, data: bytes, name: str
) -> None:
    check(kind, name, data)


@FIXTURES
@given(
    kind=kinds,
    data=st.data(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_with_broken_cells_missing_columns_and_odd_encodings(
    days: Indicator, recycling: Indicator, kind: str, data: Any, encoding: str, delimiter: str
) -> None:
    rows = data.draw(table(kind))
    try:
        raw = csv_bytes(rows, delimiter=delimiter).decode().encode(encoding, errors="replace")
    except UnicodeError:
        raw = csv_bytes(rows)
    check(kind, "in.csv", raw)


@FIXTURES
@given(kind=kinds, data=st.data(), cut=st.integers(min_value=0, max_value=4000), flip=st.booleans())
def test_xlsx_broken_cells_formulas_and_truncated_archives(
    days: Indicator, recycling: Indicator, kind: str, data: Any, cut: int, flip: bool
) -> None:
    rows = data.draw(table(kind))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        # Characters XML cannot hold are what openpyxl refuses to write, not what we test.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    raw = out.getvalue()
    if cut:
        raw = raw[: len(raw) - cut] if flip else raw[:cut]
    check(kind, "in.xlsx", raw)
