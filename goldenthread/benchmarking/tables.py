"""Reading a CSV or XLSX file as a header and rows of text, for the benchmarking importers.

Small on purpose: the shared readers (``goldenthread.imports.readers``) are being written on
another branch; when they land, these importers can use them and this module can go.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

# What downloads write for "no value": LG Inform, ONS and LGBF conventions.
MISSING_MARKERS = frozenset({"", "x", "..", ":", "-", "na", "n/a", "nan", "null", "*", "c"})


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]  # (spreadsheet row number, cells by column)


def read_table(path: Path) -> Table:
    """A CSV (UTF-8, with or without a byte-order mark) or the first sheet of an XLSX file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    handle = path.open(newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            for number, cells in enumerate(reader, start=2):
                if any(c.strip() for c in cells):
                    yield number, dict(zip(header, (c.strip() for c in cells), strict=False))

    return Table(header, rows())


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(values, ())]

    def text(cell: object) -> str:
        return "" if cell is None else str(cell).strip()

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for number, cells in enumerate(values, start=2):
                texts = [text(c) for c in cells]
                if any(texts):
                    yield number, dict(zip(header, texts, strict=False))
        finally:
            book.close()

    return Table(header, rows())


def missing_columns(header: list[str], required: tuple[str, ...]) -> list[str]:
    return [column for column in required if column not in header]


def number(text: str) -> Decimal | None:
    """A decimal from a cell, None for a missing-value marker; ValueError for anything else."""
    cleaned = text.replace(",", "").replace("£", "").replace("%", "").strip()
    if cleaned.lower() in MISSING_MARKERS:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number") from None
    if not value.is_finite():
        raise ValueError(f"“{text}” is not a number")
    return value


def financial_year(text: str) -> int:
    """2023 from “2023/24”, “2023-24”, “2023”; a multi-year “2019-23” ends in 2022/23 → 2022."""
    cleaned = text.strip().replace("/", "-")
    first, _, second = cleaned.partition("-")
    if not (first.isdigit() and len(first) == 4):
        raise ValueError(f"“{text}” is not a year such as 2023/24")
    start = int(first)
    if not second:
        return start
    if not (second.isdigit() and len(second) in (2, 4)):
        raise ValueError(f"“{text}” is not a year such as 2023/24")
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if end < start:
        end += 100
    if end <= start:
        raise ValueError(f"“{text}” ends before it starts")
    return end - 1
