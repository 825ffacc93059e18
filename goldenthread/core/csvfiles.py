"""CSV downloads: cells kept safe from spreadsheet formulas, streamed as UTF-8 for Excel.

Used by the audit trail (``goldenthread.returns``) and the open data (``goldenthread.public``).
"""

from __future__ import annotations

import csv
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


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[list[str]], filename: str) -> StreamingHttpResponse:
    """Stream ``rows`` as a CSV download; a byte-order mark first so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
