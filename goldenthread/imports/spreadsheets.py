"""Write import templates as CSV (UTF-8 with a byte-order mark, so Excel reads £ and – right)
or XLSX. Each kind's template (``Kind.template``) makes the header and rows; the headers are
the importer's own column names, so a template imports unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from goldenthread.core.csvfiles import csv_text
from goldenthread.documents import workbook_bytes

__all__ = ["to_csv", "to_xlsx"]


def to_csv(header: Sequence[str], body: Iterable[Sequence[Any]]) -> bytes:
    return csv_text([header, *body]).encode("utf-8-sig")


def to_xlsx(header: Sequence[str], body: Iterable[Sequence[Any]], *, title: str) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]

    def cell(value: Any) -> Any:
        # Control characters pasted into commentary cannot be stored in XLSX's XML.
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    sheet.append(list(header))
    for line in body:
        sheet.append([cell(value) for value in line])
    # Text someone typed that starts with "=" stays text, never a formula.
    return workbook_bytes(workbook)
