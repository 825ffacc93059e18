"""Fixtures for the importers: a quarterly and a ratio indicator, and helpers to write files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from goldenthread.imports.registry import REGISTRY, Report
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator
from tests.conftest import dec, period

Rows = Sequence[Sequence[Any]]


@pytest.fixture
def days(make_indicator: Callable[..., Indicator], periods: None) -> Indicator:
    """A quarterly indicator reported to one decimal place."""
    return make_indicator(code="BV 8", title="Days to pay invoices", decimals=1)


@pytest.fixture
def recycling(make_indicator: Callable[..., Indicator], periods: None) -> Indicator:
    """A monthly percentage worked out from a numerator and denominator."""
    return make_indicator(
        code="NI 192",
        title="Household waste recycled",
        polarity="higher",
        unit="percent",
        aggregation="ratio",
        frequency="month",
    )


@pytest.fixture
def submitted(days: Indicator) -> Actual:
    """BV 8's value for Q1 2025/26, 9.5, submitted for approval."""
    return services.actual_record(
        actor=None,
        indicator=days,
        period=period("2025-26-Q1"),
        value=dec("9.5"),
        commentary="First",
        state=Actual.State.SUBMITTED,
    )


def csv_bytes(rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1, 100_000))

    def write(rows: Rows, *, encoding: str = "utf-8", name: str = "", **kw: Any) -> Path:
        path = tmp_path / (name or f"file{next(counter)}.csv")
        path.write_bytes(csv_bytes(rows, encoding=encoding, **kw))
        return path

    return write


def run_import(kind: str, path: Path, *, actor: Any = None, dry_run: bool = False) -> Report:
    return REGISTRY[kind].run(path, actor=actor, dry_run=dry_run, progress=None, options={})


def problem_texts(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


def write_xlsx(path: Path, rows: Rows, *, cached: dict[str, str] | None = None) -> Path:
    """An XLSX written by openpyxl; ``cached`` gives formula cells a saved value.

    openpyxl writes formulas without the value Excel would save beside them (it does not
    calculate), and there is no LibreOffice on the build machine to recalculate, so the saved
    values are written into the sheet's XML directly: ``<c r="C2"><f>A2*2</f><v>4</v></c>``,
    which is what Excel itself writes. A value starting with "#" is saved as an error cell
    (``t="e"``), as Excel saves #DIV/0!.
    """
    import re
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    if not cached:
        return path
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in cached.items():
        kind = ' t="e"' if value.startswith("#") else ""
        xml, found = re.subn(
            # <v/> from openpyxl's own writer, <v></v> when it writes with lxml.
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v ?/>|<v></v>)</c>',
            rf'<c r="{ref}"\g<1>{kind}><f>\g<2></f><v>{value}</v></c>',
            xml,
        )
        assert found == 1, f"no formula cell {ref} to give a saved value"
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
