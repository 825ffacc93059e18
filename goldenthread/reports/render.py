"""Report files: the IPR as HTML, Word (.docx) and PDF; the scorecard as XLSX and CSV; the
reporting matrix as XLSX.

Written directly with python-docx and openpyxl, and PDF by converting the .docx with
LibreOffice headless, in one module so it can be folded into a shared document layer.
Charts in Word are PNGs rasterised from the same SVG the web page shows (CairoSVG), so the
two never disagree (docs/adr/0012-reports.md).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from goldenthread.core.csvfiles import csv_text
from goldenthread.documents import to_pdf, word, workbook_bytes
from goldenthread.indicators.presenters import format_measure, format_target
from goldenthread.reports.finance import FinanceLine
from goldenthread.reports.ipr import Chart, Ipr
from goldenthread.reports.selectors import Matrix
from goldenthread.scorecard.columns import EXPORT
from goldenthread.scorecard.selectors import Scorecard, ScorecardRow
from goldenthread.status import Rag

# Fill and font for each RAG word: GOV.UK tag colours, dark text on a light fill.
RAG_FILLS = {
    Rag.GREEN.label: ("CCE2D8", "005A30"),
    Rag.AMBER.label: ("FFF7BF", "594D00"),
    Rag.RED.label: ("F4CDC6", "942514"),
    Rag.MISSING.label: ("E6E7E8", "0B0C0C"),
}
# The same fills for a tag in the Word document, by colour key (a RAG value, or "awaiting").
TAG_COLOURS = {
    Rag.GREEN.value: RAG_FILLS[Rag.GREEN.label],
    Rag.AMBER.value: RAG_FILLS[Rag.AMBER.label],
    Rag.RED.value: RAG_FILLS[Rag.RED.label],
    "missing": RAG_FILLS[Rag.MISSING.label],
    "awaiting": ("BBD4EA", "0C2D4A"),
    "none": ("FFFFFF", "0B0C0C"),
}


# --- HTML -----------------------------------------------------------------------------------


def ipr_html(ipr: Ipr) -> str:
    """A standalone HTML file: inline SVG charts, no scripts, prints as it reads."""
    return render_to_string("reports/ipr_document.html", {"ipr": ipr})


# --- Word -----------------------------------------------------------------------------------


def chart_png(chart: Chart, width: int = 1000) -> bytes:
    """The chart's SVG rasterised 1,000 pixels wide: about 160 dots an inch at the 16 cm it is
    printed, sharp on paper, and a third quicker to make than twice its drawn size."""
    # Imported here: CairoSVG loads the system's libcairo, which only the Word export needs.
    import cairosvg

    png = cairosvg.svg2png(bytestring=chart.svg.encode(), output_width=width)
    assert isinstance(png, bytes)
    return png


def _table(
    document: DocxDocument,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    *,
    tags: dict[int, list[str]] | None = None,
) -> None:
    """A table with a bold header row repeated on every page; ``widths`` in cm per column.

    ``tags`` gives, for a column, each row's tag colour key ("green", "red", "awaiting" …):
    that cell is shaded as a status tag, the word in it kept, so colour is never alone."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    # Repeat the header row on every page (w:tblHeader), as a table header row should; a
    # tagged PDF marks it as the table's header row (TH cells).
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)
    for index, values in enumerate(rows):
        added = table.add_row()
        # A row is kept on one page, so a reader never finds half an entry on each.
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = added.cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
        for column, keys in (tags or {}).items():
            fill, colour = TAG_COLOURS.get(keys[index], TAG_COLOURS["missing"])
            word.shade(cells[column], fill, colour)
    table.autofit = False
    for index, column in enumerate(table.columns):
        column.width = Cm(widths[index])
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(widths[index])
    document.add_paragraph()


def _row_values(ipr: Ipr, row: ScorecardRow) -> list[str]:
    indicator = row.indicator
    return [
        f"{indicator.code} {indicator.title}",
        format_measure(
            row.actual.value if row.actual else None, indicator.unit, indicator.decimals
        ),
        format_target(row.target, indicator),
        ipr.state_of(row)[0],
        row.status.against_last_year.label,
    ]


def _score_table(document: DocxDocument, ipr: Ipr, rows: list[ScorecardRow]) -> None:
    _table(
        document,
        SCORE_HEADER,
        [_row_values(ipr, r) for r in rows],
        SCORE_WIDTHS,
        tags={3: [ipr.state_of(r)[1] for r in rows]},
    )


FINANCE_HEADER = [
    "Directorate",
    "Budget £000",
    "Spend to date £000",
    "Forecast £000",
    "Variance £000",
    "Green",
    "Amber",
    "Red",
]


def thousands(value: Decimal) -> str:
    """Pounds in thousands, as council finance tables show them: 16,802 or −62."""
    text = format_measure(value / 1000, "number", 0)
    return f"−{text[1:]}" if text.startswith("-") else text


def finance_values(line: FinanceLine) -> list[str]:
    percent = line.variance_percent
    variance = thousands(line.variance)
    if percent is not None:
        variance += f" ({percent:+.1f}%)".replace("-", "−")
    return [
        line.unit.name,
        thousands(line.budget),
        thousands(line.spend_to_date),
        thousands(line.forecast),
        variance,
        str(line.rags.get(Rag.GREEN, 0)),
        str(line.rags.get(Rag.AMBER, 0)),
        str(line.rags.get(Rag.RED, 0)),
    ]


SCORE_HEADER = ["Indicator", "Actual", "Target", "Status", "Against last year"]
SCORE_WIDTHS = [7, 2.6, 2.6, 2, 2.8]  # cm, adding up to A4's 17 cm between 2 cm margins


class _Headings:
    """Headings that the contents lists, each bookmarked for its page number."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.entries: list[tuple[str, str, int]] = []

    def add(self, text: str, level: int = 1) -> None:
        heading = self.document.add_heading(text, level=level)
        if level <= 2:
            name = f"gt_section_{len(self.entries) + 1}"
            word.bookmark(heading, name, len(self.entries) + 1)
            self.entries.append((text, name, level))


def _cover(document: DocxDocument, ipr: Ipr) -> None:
    cover = ipr.cover
    council = document.add_paragraph()
    council_run = council.add_run(ipr.council.name)
    council_run.bold = True
    council_run.font.size = Pt(20)
    for _ in range(4):
        document.add_paragraph()
    document.add_heading(cover.title, level=0)
    document.add_paragraph()
    _table(
        document,
        ["Report", "Details"],
        [
            ["Meeting", cover.meeting],
            ["Date", f"{ipr.generated:%-d %B %Y}"],
            ["Author", cover.author],
            ["Version", cover.version],
            ["Period", ipr.card.period.label if ipr.card.period else "No period"],
        ],
        [4, 13],
    )
    document.add_page_break()


def ipr_docx(ipr: Ipr) -> bytes:
    """The IPR as a council publishes it: A4, a cover, contents, page numbers, headings for
    each part, tables with header rows and coloured status tags, and charts with
    alternative text."""
    document = Document()
    word.a4(document)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    word.set_properties(
        document,
        title=ipr.cover.title,
        author=ipr.council.name,
        subject=f"{ipr.cover.title} for {ipr.cover.meeting}",
    )
    _cover(document, ipr)

    # The contents go here, once every heading below is known: a marker paragraph.
    document.add_heading("Contents", level=1)
    contents_at = document.add_paragraph()
    document.add_page_break()
    headings = _Headings(document)

    headings.add("Headline summary")
    total = sum(count for _, count in ipr.counts)
    _table(
        document,
        ["Status", "Indicators"],
        [[label, str(count)] for label, _, count in ipr.headline] + [["All", str(total)]],
        [8, 3],
        tags={0: [key for _, key, _ in ipr.headline] + ["none"]},
    )
    if ipr.summary_chart is not None:
        word.picture(
            document,
            chart_png(ipr.summary_chart),
            width=Cm(15),
            alt=ipr.summary_chart.description,
            title=ipr.summary_chart.title,
        )
    share = ipr.improved_share
    document.add_paragraph(
        f"{ipr.improved} of {ipr.comparable} indicators comparable with the same period last "
        f"year improved ({share}%)."
        if share is not None
        else "No indicator can be compared with the same period last year yet."
    )
    if ipr.unsigned:
        document.add_paragraph(
            f"{len(ipr.unsigned)} key indicators have no signed-off figure for the period "
            "yet; they are listed under “Figures not yet signed off”, not as exceptions."
        )

    headings.add("Successes to celebrate")
    document.add_paragraph("Key indicators on target and not worsening.")
    if ipr.successes:
        _score_table(document, ipr, ipr.successes)
    else:
        document.add_paragraph("No key indicator is on target and not worsening this quarter.")

    headings.add("Areas of concern")
    document.add_paragraph(
        "Key indicators rated red, or missing their target period after period, with the "
        "remedial actions and their progress. Only signed-off figures are counted."
    )
    if ipr.concerns:
        _table(
            document,
            ["Indicator", "Actual", "Target", "Why", "Commentary", "Remedial actions"],
            [
                [
                    f"{s.indicator.code} {s.indicator.title}",
                    format_measure(s.value, s.indicator.unit, s.indicator.decimals),
                    format_target(s.target, s.indicator),
                    s.rule_labels,
                    s.commentary or "–",
                    "\n".join(
                        ([s.remedial_action] if s.remedial_action else [])
                        + [f"Action: {line}" for line in s.actions]
                    )
                    or "None recorded",
                ]
                for s in ipr.concerns
            ],
            [3.4, 1.9, 1.9, 2.4, 3.4, 4.0],
            tags={3: [s.rag.value for s in ipr.concerns]},
        )
    else:
        document.add_paragraph("No key indicator is a concern this quarter.")

    headings.add("Figures not yet signed off")
    if ipr.unsigned:
        _table(
            document,
            ["Indicator", "Period", "State", "Owner"],
            [
                [
                    f"{u.row.indicator.code} {u.row.indicator.title}",
                    u.row.period.label,
                    u.state,
                    u.row.indicator.owner_name or "–",
                ]
                for u in ipr.unsigned
            ],
            [7, 3, 3.5, 3.5],
            tags={2: [ipr.state_of(u.row)[1] for u in ipr.unsigned]},
        )
    else:
        document.add_paragraph("Every key indicator due has a signed-off figure.")

    headings.add("Finance beside performance")
    if ipr.finance.directorates:
        _table(
            document,
            FINANCE_HEADER,
            [finance_values(line) for line in ipr.finance.directorates],
            [3.0, 2.0, 2.2, 2.0, 2.5, 1.7, 1.8, 1.8],
        )
    else:
        document.add_paragraph("No finance figures for this quarter.")

    pictures: dict[tuple[str, str], bytes] = {}
    for priority in ipr.priorities:
        document.add_page_break()
        headings.add(priority.title)
        if not priority.rows:
            document.add_paragraph("No key indicator measures this priority yet.")
            continue
        _score_table(document, ipr, priority.rows)
        for chart in priority.charts:
            document.add_heading(chart.title, level=3)
            # An indicator under two priorities has the same chart twice: drawn once.
            key = (chart.title, chart.description)
            if key not in pictures:
                pictures[key] = chart_png(chart)
            word.picture(
                document, pictures[key], width=Cm(16), alt=chart.description, title=chart.title
            )
    document.add_page_break()
    headings.add("Open challenges")
    if ipr.challenges:
        _table(
            document,
            ["Indicator", "Challenge", "Session", "Who answers", "Due", "Status"],
            [
                [
                    f"{c.indicator.code} {c.indicator.title}",
                    c.challenge,
                    str(c.session),
                    c.owner,
                    f"{c.due:%-d %b %Y}",
                    c.get_status_display(),
                ]
                for c in ipr.challenges
            ],
            [4, 4.6, 3, 2.2, 1.9, 1.3],
        )
    else:
        document.add_paragraph("No challenge is open.")

    headings.add("Appendix: every key indicator")
    _table(
        document,
        ["Indicator", "Service", "Actual", "Target", "Status", "Against last year"],
        [
            [v[0], r.indicator.service_name, v[1], v[2], v[3], v[4]]
            for r in ipr.card.rows
            for v in [_row_values(ipr, r)]
        ],
        [5.4, 3, 2.2, 2.2, 2.1, 2.1],
        tags={4: [ipr.state_of(r)[1] for r in ipr.card.rows]},
    )

    # The contents, now every heading is known, in place of the marker.
    body = document.element.body
    existing = set(body)
    word.contents(document, headings.entries)
    marker = contents_at._p
    for element in [e for e in body if e not in existing]:
        marker.addprevious(element)
    body.remove(marker)
    word.page_numbers(document, label=ipr.cover.title)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def ipr_pdf(ipr: Ipr) -> bytes:
    """The .docx made a tagged PDF (headings, tables, figures with their alternative text)
    with the document's title, author and language."""
    return to_pdf(ipr_docx(ipr), ".docx", tagged=True)


# --- spreadsheets ---------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")


def _header(sheet: Worksheet, row: int, values: list[str]) -> None:
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _print_landscape(sheet: Worksheet, title_rows: str | None = None) -> None:
    """Print across one page wide, landscape, repeating the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def _workbook_bytes(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)


# The export's columns come from the scorecard's one list (goldenthread.scorecard.columns).
SCORECARD_COLUMNS = EXPORT.headings


def scorecard_xlsx(card: Scorecard) -> bytes:
    """The scorecard with RAG conditional formatting, a frozen header row and filters."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Scorecard"
    _header(sheet, 1, SCORECARD_COLUMNS)
    records = EXPORT.records(card.rows)
    for record in records:
        sheet.append(record)
    for index, column in enumerate(EXPORT.columns, 1):
        if column.numeric:
            # A figure written as text (a target, a band) aligns with the numbers beside it.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(horizontal="right")
    last = max(len(records) + 1, 2)
    status_column = get_column_letter(SCORECARD_COLUMNS.index("Status") + 1)
    status_range = f"{status_column}2:{status_column}{last}"
    for label, (fill, font) in RAG_FILLS.items():
        sheet.conditional_formatting.add(
            status_range,
            CellIsRule(
                operator="equal",
                formula=[f'"{label}"'],
                fill=PatternFill("solid", start_color=fill, end_color=fill),
                font=Font(color=font, bold=True),
            ),
        )
    sheet.freeze_panes = "A2"
    _print_landscape(sheet, "1:1")
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SCORECARD_COLUMNS))}{last}"
    for index, width in enumerate(EXPORT.widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return _workbook_bytes(workbook)


def scorecard_csv(card: Scorecard) -> str:
    return csv_text([SCORECARD_COLUMNS, *EXPORT.records(card.rows)])


def matrix_xlsx(matrix: Matrix) -> bytes:
    """The directorate's reporting matrix in the layout of docs/sources.md#seed-002-appendix-5:
    a block per level, a column per body giving how many times a year it receives each
    indicator."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Reporting matrix"[:31]
    header = ["PI No.", "Performance indicator"] + [b.short_name for b in matrix.bodies]
    header.append("Reporting format / comments")
    sheet.append([f"Reporting matrix: {matrix.directorate.name}"])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = 3
    for level in matrix.levels:
        sheet.cell(row=row, column=1, value=f"Level {level.number}: {level.title}").font = Font(
            bold=True, size=12
        )
        row += 1
        sheet.cell(row=row, column=3, value="Frequency and reporting arrangements per annum")
        row += 1
        _header(sheet, row, header)
        row += 1
        for line in level.rows:
            values: list[object] = [line.indicator.code, line.indicator.title]
            values += [cell.times_per_year if cell else None for cell in line.cells]
            values.append(line.notes)
            for column, value in enumerate(values, 1):
                sheet.cell(row=row, column=column, value=value)
            row += 1
        if not level.rows:
            sheet.cell(row=row, column=2, value="No indicators at this level")
            row += 1
        row += 1
    _print_landscape(sheet)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 50
    for i in range(len(matrix.bodies)):
        sheet.column_dimensions[get_column_letter(3 + i)].width = 11
    sheet.column_dimensions[get_column_letter(3 + len(matrix.bodies))].width = 40
    return _workbook_bytes(workbook)
