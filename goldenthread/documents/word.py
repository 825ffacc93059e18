"""Write blocks as a Word document with python-docx (A4 portrait, Arial)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from goldenthread.documents.blocks import Block, Heading, PageBreak, Paragraph, Table


def write_docx(
    blocks: Iterable[Block], out: Path | IO[bytes], *, title: str = "", landscape: bool = False
) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    document.core_properties.title = title
    usable = int(Mm(210 - 36) if not landscape else Mm(297 - 36))
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style=block.style or None)
            run = paragraph.add_run(block.text)
            run.bold = block.bold
        elif isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, Table):
            _table(document, block, usable)
    if isinstance(out, Path):
        document.save(str(out))
    else:
        document.save(out)


def docx_bytes(blocks: Iterable[Block], *, title: str = "", landscape: bool = False) -> bytes:
    buffer = BytesIO()
    write_docx(blocks, buffer, title=title, landscape=landscape)
    return buffer.getvalue()


def _table(document: object, block: Table, usable: int) -> None:
    table = document.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    widths = block.widths or [1.0] * len(block.header)
    total = sum(widths)
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _repeat_header(table.rows[0])
    for index, values in enumerate(block.rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
        fill = block.shading[index] if index < len(block.shading) else None
        if fill:
            _shade(cells[-1], fill)
    # Word reads the cell widths, LibreOffice the grid's: set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = int(usable * width / total)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = int(usable * width / total)


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: object, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)
