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


# --- the parts of a published report (issue 19): A4, properties, cover, contents, page
# numbers, coloured status tags and pictures with alternative text. Word fields (PAGE,
# PAGEREF) are worked out by Word and by LibreOffice when it lays the document out for PDF.


def a4(document: object, *, margin_mm: float = 20) -> None:
    """Every section A4 portrait (python-docx's default template is US Letter)."""
    for section in document.sections:  # type: ignore[attr-defined]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(margin_mm))


def set_properties(
    document: object, *, title: str, author: str, subject: str = "", language: str = "en-GB"
) -> None:
    """Title, author and language: read by screen readers and written into the PDF."""
    properties = document.core_properties  # type: ignore[attr-defined]
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.subject = subject
    properties.language = language
    properties.comments = ""
    # The default language of every run: LibreOffice writes it as the PDF's /Lang.
    styles = document.styles.element  # type: ignore[attr-defined]
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = run_defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_defaults.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    rpr.append(lang)
    # Word brings the page numbers of the contents up to date when the file is opened.
    settings = document.settings.element  # type: ignore[attr-defined]
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def add_field(paragraph: object, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, PAGEREF …) with ``shown`` as its text until it is worked out."""

    def run_with(element: object) -> None:
        run = paragraph.add_run()  # type: ignore[attr-defined]
        run._r.append(element)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown)  # type: ignore[attr-defined]
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def bookmark(paragraph: object, name: str, number: int) -> None:
    """Mark ``paragraph`` (a heading) so a PAGEREF in the contents can give its page."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    element = paragraph._p  # type: ignore[attr-defined]
    element.insert(1 if element.pPr is not None else 0, start)
    element.append(end)


def page_numbers(document: object, *, label: str) -> None:
    """A footer on every page: ``label`` and "Page N of M", centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in document.sections:  # type: ignore[attr-defined]
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{label} · Page ")
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        add_field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(8)


def contents(document: object, entries: list[tuple[str, str, int]]) -> None:
    """A contents list: each (text, bookmark, level) with its page number (a PAGEREF field),
    right-aligned after a dotted leader."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    section = document.sections[0]  # type: ignore[attr-defined]
    right = section.page_width - section.left_margin - section.right_margin
    for text, name, level in entries:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        paragraph.paragraph_format.left_indent = Mm(6 * max(level - 1, 0))
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{text}\t").bold = level == 1
        add_field(paragraph, f"PAGEREF {name} \\h", "0")


def shade(cell: object, fill: str, colour: str | None = None) -> None:
    """Fill a table cell (hex, no #), and make its text bold in ``colour``: a status tag."""
    from docx.shared import RGBColor

    _shade(cell, fill)
    if colour:
        for paragraph in cell.paragraphs:  # type: ignore[attr-defined]
            for run in paragraph.runs:
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(colour)


def picture(document: object, png: bytes, *, width: object, alt: str, title: str = "") -> None:
    """A picture in its own paragraph with alternative text (docPr descr), which LibreOffice
    writes as the figure's /Alt in a tagged PDF."""
    shape = document.add_picture(BytesIO(png), width=width)  # type: ignore[attr-defined]
    properties = shape._inline.docPr
    properties.set("descr", alt)
    if title:
        properties.set("title", title)
