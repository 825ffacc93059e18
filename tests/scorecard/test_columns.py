"""One column list makes every scorecard table: each header and its cells stay tied.

The staff scorecard, the public one and the export (CSV and xlsx) take their headings from
``columns.COLUMNS``; every row has as many cells as its header has columns, and a row that
spans the table (no indicators) spans all of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.reports import render
from goldenthread.scorecard import columns, presenters, selectors
from tests.conftest import TODAY, approve
from tests.public.fixtures import figure
from tests.public.fixtures import indicator as public_indicator

pytestmark = pytest.mark.django_db

QUARTER = "2025-26-Q2"


class Table(HTMLParser):
    """The scorecard table's header cells and, for each body row, how many columns it spans."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.in_scorecard = False
        self.header: list[str] = []
        self.rows: list[int] = []
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "gt-scorecard" in (found.get("class") or ""):
            self.in_scorecard = True
        if not self.in_scorecard:
            return
        if tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.rows.append(0)
        elif tag in ("th", "td") and self.section == "tbody":
            self.rows[-1] += int(found.get("colspan") or 1)
        elif tag == "th" and self.section == "thead":
            self.heading = []

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self.heading is not None:
            self.header.append("".join(self.heading))
            self.heading = None
        elif tag == "table":
            self.in_scorecard = False


def table_of(html: str) -> Table:
    table = Table()
    table.feed(html)
    return table


def test_the_staff_scorecard_has_a_cell_for_every_heading_and_its_headings_are_the_lists(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    for n in range(3):
        approve(make_indicator(code=f"K{n}"), QUARTER, str(n + 1))
    client.force_login(performance_user)
    for url in (f"/scorecard/?period={QUARTER}", f"/scorecard/?period={QUARTER}&rag=green"):
        table = table_of(client.get(url).content.decode())
        assert table.header == [c.heading for c in columns.COLUMNS if c.cell]
        assert table.header == [
            "Indicator",
            "Actual",
            "Target",
            "Status",
            "Since last period",
            "Since last year",
            "Trend",
            "Quartile",
            "Year-end forecast",
            "Owner",
        ]
        assert table.rows  # three indicators, or one row saying none match
        assert all(cells == len(table.header) for cells in table.rows)


def test_the_public_scorecard_has_a_cell_for_every_heading_and_its_headings_are_the_lists(
    client: Client, council: Council, service_unit: OrgUnit, periods: None, settings: Any
) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    expected = [c.public_heading or c.heading for c in columns.COLUMNS if c.cell and c.public]
    table = table_of(client.get("/public/").content.decode())
    assert table.header == expected
    assert table.rows == [len(expected)]  # nothing published yet: one row spanning the table
    for n in range(2):
        published = public_indicator(council, service_unit, f"P{n}", public=True)
        figure(published, Period.objects.get(code=QUARTER), 10 + n, Actual.State.PUBLISHED)
    table = table_of(client.get("/public/").content.decode())
    assert table.header == expected
    assert "Figure" in table.header and "Owner" not in table.header
    assert len(table.rows) == 2
    assert all(cells == len(table.header) for cells in table.rows)


def test_the_export_has_a_value_for_every_heading_and_its_headings_are_the_lists(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    for n in range(3):
        approve(make_indicator(code=f"K{n}"), QUARTER, str(n + 1))
    card = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER)
    expected = [c.export_heading or c.heading for c in columns.COLUMNS if c.value]

    header, *rows = list(csv.reader(io.StringIO(render.scorecard_csv(card))))
    assert header == expected == render.SCORECARD_COLUMNS
    assert len(rows) == 3 and all(len(row) == len(header) for row in rows)

    sheet = load_workbook(io.BytesIO(render.scorecard_xlsx(card))).active
    assert sheet is not None
    header_cells, *value_rows = list(sheet.iter_rows(values_only=True))
    assert list(header_cells) == expected
    assert len(value_rows) == 3 and all(len(row) == len(expected) for row in value_rows)


def test_a_new_column_is_one_entry_and_shows_wherever_it_says(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    approve(make_indicator(code="K1"), QUARTER, "1")
    (row,) = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER).rows
    frequency = columns.Column(
        "Frequency",
        cell=lambda row, href: row.period.kind,
        value=lambda row: row.period.kind,
        public=False,
    )
    listed = (*columns.COLUMNS, frequency)
    staff = columns.page_table(listed, public=False)
    export = columns.export_table(listed)

    assert staff.header.endswith('<th scope="col" class="govuk-table__header">Frequency</th>')
    assert staff.width == columns.STAFF.width + 1
    assert staff.line(row, "/").endswith('<td class="govuk-table__cell">quarter</td>')
    assert export.headings[-1] == "Frequency"
    assert export.records([row])[0][-1] == "quarter"
    assert columns.page_table(listed, public=True) == columns.PUBLIC  # staff only


def test_every_column_is_somewhere_and_every_cell_is_written_by_a_presenter() -> None:
    for column in columns.COLUMNS:
        assert column.cell or column.value, column.heading
        if column.cell and not column.row_heading:
            assert column.cell.__module__ == presenters.__name__, column.heading
