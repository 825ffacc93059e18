"""A CSV or XLSX file as a header and rows of text, for the benchmarking importers.

The reading itself is the shared reader's (``goldenthread.imports.readers``: UTF-8 with or
without BOM, Windows-1252, XLSX with cached formula values, blank rows skipped); this module
only turns its cells into the trimmed text these importers parse, and a file it cannot read
into ``Unreadable``, which ``imports.base.run_checked`` turns into the report's one problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from goldenthread.imports import readers
from goldenthread.imports.registry import Problem

# What downloads write for "no value": LG Inform, ONS and LGBF conventions.
MISSING_MARKERS = frozenset({"", "x", "..", ":", "-", "na", "n/a", "nan", "null", "*", "c"})


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]  # (spreadsheet row number, cells by column)


def _text(cell: readers.Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, readers.CellError):
        return f"#ERROR {cell.message}"  # never a number, so the row is refused and named
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell).strip()


def read_table(path: Path) -> Table:
    """The file's header and non-blank rows as text; ``Unreadable`` if it cannot be read."""
    # Streamed: a national file read whole held about 400 MB at 512,000 rows.
    table = readers.open_rows(path)
    if isinstance(table, Problem):
        raise readers.Unreadable(table)
    header = [_text(h) for h in table.header]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in table.rows:
            yield row.number, dict(zip(header, (_text(c) for c in row.cells), strict=False))

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


# “2025 (Rev)”, “2025 (prov)”, “2024-25 (r)”: a year with the source's revision mark.
_MARKED = re.compile(r"^(?P<year>.*?)\s*\((?P<mark>[A-Za-z][A-Za-z .]{0,18})\)$")
_YEAR = re.compile(r"^(?P<first>\d{4})(?:[-/](?P<second>\d{2}|\d{4}))?$")
_SPAN = re.compile(r"^(?P<first>\d{4})[-/]\d{2}\s*[-–]\s*(?P<last>\d{2}|\d{4})[-/]\d{2}$")


@dataclass(frozen=True)
class PublishedYear:
    """A year label read: the financial year it is filed under, the first year of a span,
    the revision mark."""

    year: int
    span_start: int | None = None
    mark: str = ""


def _century(start: int, short: int) -> int:
    end = (start // 100) * 100 + short
    return end + 100 if end < start else end


def published_year(text: str) -> PublishedYear:
    """2023 from “2023/24”, “2023-24”, “2023”; the mark of “2025 (Rev)”; a span “2020-22”
    (financial years 2020/21 and 2021/22, as the LGBF writes them) or “2021/22-23/24” is filed
    under its last year with its first kept."""
    cleaned = " ".join(text.split())
    mark = ""
    if marked := _MARKED.match(cleaned):
        cleaned, mark = marked["year"], marked["mark"].strip()
    if span := _SPAN.match(cleaned):
        first = int(span["first"])
        last = int(span["last"]) if len(span["last"]) == 4 else _century(first, int(span["last"]))
        if last <= first:
            raise ValueError(f"“{text}” ends before it starts")
        return PublishedYear(last, first, mark)
    found = _YEAR.match(cleaned)
    if found is None:
        raise ValueError(f"“{text}” is not a year such as 2023/24")
    start, second = int(found["first"]), found["second"]
    if second is None:
        return PublishedYear(start, None, mark)
    end = int(second) if len(second) == 4 else _century(start, int(second))
    if end <= start or end - start > 50:
        raise ValueError(f"“{text}” ends before it starts")
    # “2019-23” ends in 2022/23: the span's last financial year starts a year before its end.
    return PublishedYear(end - 1, start if end - 1 > start else None, mark)


def financial_year(text: str) -> int:
    """The financial year a label is filed under (see ``published_year``)."""
    return published_year(text).year
