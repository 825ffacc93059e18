"""Every CSV the service makes is written here: cells kept safe from spreadsheet formulas
(CSV injection), streamed or returned as UTF-8 for Excel.

Text that someone typed (a remedial action, a commentary) may start with ``=``; a spreadsheet
opening the CSV would run it as a formula (``=HYPERLINK(...)`` leaks the sheet). So every cell
goes through ``spreadsheet_cell``. XLSX files get the same protection from
``goldenthread.documents.workbook``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula is kept text with a
    leading apostrophe. Numbers (``-12.5``) are left as they are."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS and not _numeric(text) else text


def from_spreadsheet_cell(text: str) -> str:
    """The text ``spreadsheet_cell`` was given: a CSV the service wrote (an import template)
    imports again unchanged."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and not _numeric(text[1:]):
        return text[1:]
    return text


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class SafeWriter:
    """``csv.writer`` whose every cell has been through ``spreadsheet_cell``."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    """The one CSV writer: use it wherever the service writes CSV for people to open."""
    return SafeWriter(out, **options)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO(newline="")
    csv_writer(out).writerows(rows)
    return out.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` as a CSV download; a byte-order mark first so Excel reads UTF-8."""
    writer = csv_writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
