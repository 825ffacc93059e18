"""The IPR as a council publishes it (issue 19): figures not signed off have a state of their
own, successes are on target and not worsening, charts run over three years against each
period's own target, and the Word file is A4 with a cover, contents, page numbers, properties,
coloured status tags and charts with alternative text."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from goldenthread import status
from goldenthread.indicators import services as indicator_services
from goldenthread.reports import ipr, render
from tests.conftest import TODAY, dec, period
from tests.reports.fixtures import Scenario

pytestmark = pytest.mark.django_db


def build(scenario: Scenario) -> ipr.Ipr:
    return ipr.build(council=scenario.council, today=TODAY, period_code="2025-26-Q2")


def test_a_figure_awaiting_approval_is_its_own_state_not_an_exception(
    scenario: Scenario,
) -> None:
    before = build(scenario)
    assert [(u.row.indicator.code, u.state) for u in before.unsigned] == [
        ("T missing", ipr.OVERDUE)
    ]
    indicator_services.actual_record(
        state="submitted",
        actor=None,
        indicator=scenario.indicators["missing"],
        period=period("2025-26-Q2"),
        value=dec(20),  # far below the target of 50: red, were it signed off
    )
    report = build(scenario)
    assert "T missing" not in {s.indicator.code for s in report.concerns}
    assert [(u.row.indicator.code, u.state) for u in report.unsigned] == [
        ("T missing", ipr.AWAITING_APPROVAL)
    ]
    row = next(r for r in report.card.rows if r.indicator.code == "T missing")
    assert report.state_of(row) == ("Awaiting approval", "awaiting")
    words = [word for word, _, _ in report.headline]
    assert "Awaiting approval" in words and status.Rag.MISSING.label not in words
    # The Word appendix says so too, in a shaded tag.
    document = Document(io.BytesIO(render.ipr_docx(report)))
    appendix = document.tables[-1]
    line = next(r for r in appendix.rows if r.cells[0].text.startswith("T missing"))
    assert line.cells[4].text == "Awaiting approval"
    assert line.cells[4]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "BBD4EA"


def test_successes_are_on_target_and_not_worsening(scenario: Scenario) -> None:
    report = build(scenario)
    rows = {r.indicator.code: r for r in report.card.rows}
    # "worsening" is green (60 against 50) but worse each quarter: not a success.
    assert rows["T worsening"].status.rag == status.Rag.GREEN
    assert [r.indicator.code for r in report.successes] == ["T fine"]
    for row in report.successes:
        assert row.status.rag == status.Rag.GREEN
        assert status.Direction.WORSENING not in (
            row.status.against_previous,
            row.status.against_last_year,
        )


def test_concerns_are_red_or_consistently_missed(scenario: Scenario) -> None:
    report = build(scenario)
    assert report.concerns
    for concern in report.concerns:
        assert ipr.CONCERN_RULES & set(concern.rules)


def test_charts_run_over_three_years_against_each_periods_own_target(
    scenario: Scenario,
) -> None:
    fine = scenario.indicators["fine"]
    indicator_services.target_set(
        actor=None, indicator=fine, period=period("2025-26-Q2"), value=dec(58)
    )
    report = build(scenario)
    row = next(r for r in report.card.rows if r.indicator.pk == fine.pk)
    history = ipr.histories([row])[fine.pk]
    assert len(history.periods) == 12  # three years of quarters
    assert history.periods[-1].code == "2025-26-Q2"
    assert history.targets[-1] == dec(58) and history.targets[-2] == dec(50)
    assert history.values[-2:] == [dec(55), dec(60)]
    chart = next(c for p in report.priorities for c in p.charts if c.title.startswith("T fine"))
    assert "Target for each period" in chart.svg
    assert "Q2 2025/26 58" in chart.description and "Q1 2025/26 50" in chart.description


def test_word_is_a4_with_cover_contents_page_numbers_tags_and_alternative_text(
    scenario: Scenario,
) -> None:
    report = build(scenario)
    document = Document(io.BytesIO(render.ipr_docx(report)))
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None and height is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)
    properties = document.core_properties
    assert properties.title == "Integrated performance report: Q2 2025/26"
    assert properties.author == scenario.council.name
    assert properties.language == "en-GB"
    assert 'w:val="en-GB"' in document.styles.element.xml
    # The cover: council, title, meeting, date, author and version.
    text = "\n".join(p.text for p in document.paragraphs[:8])
    assert scenario.council.name in text
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert set(cover) >= {"Meeting", "Date", "Author", "Version"}
    assert cover["Meeting"].startswith("Cabinet")
    # Contents: a PAGEREF to a bookmark on each section's heading.
    body = document.element.body.xml
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    references = [
        t.text.split()[1]
        for t in document.element.body.iter(qn("w:instrText"))
        if "PAGEREF" in (t.text or "")
    ]
    assert len(references) >= 8 and set(references) <= bookmarks
    assert body.index("Contents") < body.index("Headline summary")
    # Page numbers in the footer.
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    # Every picture has alternative text.
    descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(descriptions) == 1 + sum(len(p.charts) for p in report.priorities)
    assert all(d and len(d) > 20 for d in descriptions)
    # The status column is a coloured tag with its word.
    red = next(
        row
        for table in document.tables
        for row in table.rows
        if row.cells[0].text.startswith("T red") and len(row.cells) == 5
    )
    assert red.cells[3].text == "Red"
    assert red.cells[3]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "F4CDC6"
