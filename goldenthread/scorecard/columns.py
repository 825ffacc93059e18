"""The scorecard's columns, in one list.

The staff scorecard, the public one and the export (``goldenthread export scorecard``, the
reports page's xlsx and CSV) each take their header and their cells from ``COLUMNS``, so a
heading can never lose its cell or its place. Adding a column is one entry here and the
presenter that writes its cell (docs/howto/add-a-scorecard-column.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from goldenthread.scorecard import presenters
from goldenthread.scorecard.selectors import ScorecardRow

# A cell's content on a scorecard page, already escaped, given the row and its indicator's link.
Cell = Callable[[ScorecardRow, str], str]
# A cell's value in the export: text, or a number a spreadsheet can sum.
Value = Callable[[ScorecardRow], object]


@dataclass(frozen=True)
class Column:
    """One column of the scorecard: on the pages if it has a ``cell``, in the export if it has
    a ``value``."""

    heading: str
    cell: Cell | None = None
    value: Value | None = None
    public: bool = True  # on the public scorecard too (if it has a cell)
    public_heading: str = ""  # when the public page calls it something else
    export_heading: str = ""  # when the export calls it something else
    numeric: bool = False  # a figure: aligned as one
    row_heading: bool = False  # the cell names the row (a <th>)
    width: int = 0  # in the spreadsheet, in characters


COLUMNS = (
    Column("Code", value=lambda row: row.indicator.code, width=10),
    Column(
        "Indicator",
        cell=presenters.row_heading,
        value=lambda row: row.indicator.title,
        row_heading=True,
        width=50,
    ),
    Column("Service", value=lambda row: row.indicator.service_name, width=28),
    Column("Period", value=lambda row: row.period.label, width=16),
    Column(
        "Actual",
        cell=presenters.actual_cell,
        value=presenters.actual_number,
        public_heading="Figure",
        numeric=True,
        width=12,
    ),
    Column(
        "Target",
        cell=presenters.target_cell,
        value=presenters.target_text,
        numeric=True,
        width=14,
    ),
    Column(
        "Status",
        cell=presenters.status_cell,
        value=lambda row: row.status.rag.label,
        width=12,
    ),
    Column(
        "Since last period",
        cell=presenters.since_last_period_cell,
        value=lambda row: row.status.against_previous.label,
        export_heading="Against previous period",
        width=16,
    ),
    Column(
        "Since last year",
        cell=presenters.since_last_year_cell,
        value=lambda row: row.status.against_last_year.label,
        export_heading="Against last year",
        width=16,
    ),
    Column("Previous period", value=presenters.previous_number, width=14),
    Column("Same period last year", value=presenters.last_year_number, width=14),
    Column("Trend", cell=presenters.trend_cell),
    Column("Quartile", cell=presenters.quartile_cell, public=False),
    Column(
        "Year-end forecast",
        cell=presenters.forecast_cell,
        value=lambda row: presenters.forecast_verdict(row.forecast),
        public=False,
        width=22,
    ),
    Column("Owner", cell=presenters.owner_cell, public=False),
)

# Cells are written one after another, each on its own line, indented as in the template.
BETWEEN_CELLS = "\n      "


@dataclass(frozen=True)
class PageTable:
    """A scorecard page's table: its header row's cells, and each row's cells as one string."""

    columns: tuple[Column, ...]
    headings: tuple[str, ...]
    header: SafeString = field(init=False)
    # One format string for the whole row: an 800-row page formats it once a row.
    row_format: str = field(init=False)

    def __post_init__(self) -> None:
        header = BETWEEN_CELLS.join(
            '<th scope="col" class="govuk-table__header{}">{}</th>'.format(
                " gt-num" if column.numeric else "", heading
            )
            for column, heading in zip(self.columns, self.headings, strict=True)
        )
        row_format = BETWEEN_CELLS.join(_cell_format(column) for column in self.columns)
        object.__setattr__(self, "header", mark_safe(header))  # nosec B308 B703  # constants
        object.__setattr__(self, "row_format", row_format)

    @property
    def width(self) -> int:
        """How many columns a cell spanning the table (``colspan``) spans."""
        return len(self.columns)

    def line(self, row: ScorecardRow, href: str) -> SafeString:
        """The row's cells, linking to its indicator at ``href``."""
        cells = [column.cell(row, href) for column in self.columns if column.cell]
        return mark_safe(self.row_format.format(*cells))  # nosec B308 B703  # escaped cells

    def lines(self, rows: Iterable[ScorecardRow], url_name: str) -> list[SafeString]:
        """Each row's cells, linking to its indicator's page under ``url_name``."""
        link = presenters.indicator_link(url_name)
        return [self.line(row, link(row.indicator.pk)) for row in rows]


def _cell_format(column: Column) -> str:
    if column.row_heading:
        return '<th scope="row" class="govuk-table__header">{}</th>'
    return '<td class="govuk-table__cell{}">{{}}</td>'.format(" gt-num" if column.numeric else "")


@dataclass(frozen=True)
class ExportTable:
    """The scorecard as a spreadsheet: a header row, then a row of values for each indicator."""

    columns: tuple[Column, ...]

    @property
    def headings(self) -> list[str]:
        return [column.export_heading or column.heading for column in self.columns]

    @property
    def widths(self) -> list[int]:
        return [column.width for column in self.columns]

    def records(self, rows: Iterable[ScorecardRow]) -> list[list[object]]:
        values = [column.value for column in self.columns if column.value]
        return [[value(row) for value in values] for row in rows]


def page_table(listed: Iterable[Column], *, public: bool) -> PageTable:
    """The table of the staff scorecard, or of the public one, from a list of columns."""
    shown = tuple(c for c in listed if c.cell and (c.public or not public))
    return PageTable(shown, tuple((c.public_heading if public else "") or c.heading for c in shown))


def export_table(listed: Iterable[Column]) -> ExportTable:
    return ExportTable(tuple(c for c in listed if c.value))


STAFF = page_table(COLUMNS, public=False)
PUBLIC = page_table(COLUMNS, public=True)
EXPORT = export_table(COLUMNS)
