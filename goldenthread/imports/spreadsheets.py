"""Write import templates as CSV (UTF-8 with a byte-order mark, so Excel reads £ and – right)
or XLSX. Each kind's template (``Kind.template``) makes the header and rows; the headers are
the importer's own column names, so a template imports unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["to_csv", "to_xlsx"]


def to_csv(header: Sequence[str], body: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for line in body:
        writer.writerow(["" if cell is None else cell for cell in line])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: Sequence[str], body: Iterable[Sequence[Any]], *, title: str) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            # Control characters pasted into commentary cannot be stored in XLSX's XML.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if isinstance(value, str) and value.startswith("="):
            # Text someone typed that starts with "=" stays text, never a formula.
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append(list(header))
    for line in body:
        sheet.append([cell(value) for value in line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
