"""The report files: structure checked by reading them back, and opened by LibreOffice.

LibreOffice and poppler-utils are installed by ``make browsers``. When they are missing these
tests fail (they never skip): a document nobody could open is not a pass.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from goldenthread.documents import DocumentError, to_pdf
from goldenthread.improvement import services as improvement
from goldenthread.plans import services as plan_services
from goldenthread.plans.models import Plan, PlanKind
from goldenthread.reports import ipr, render, selectors
from goldenthread.scorecard.selectors import scorecard
from tests.conftest import TODAY
from tests.reports.fixtures import Scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(scenario: Scenario, make_plan: Callable[..., Plan]) -> None:
    corporate = make_plan(PlanKind.CORPORATE, "Corporate Plan 2025/26")
    objective = plan_services.objective_create(
        actor=None, plan=corporate, title="Decent homes for all", kind="priority", ref="P1"
    )
    for name in ("red", "fine"):
        plan_services.objective_measure(
            actor=None, objective=objective, indicator=scenario.indicators[name]
        )


def build(scenario: Scenario) -> ipr.Ipr:
    return ipr.build(council=scenario.council, today=TODAY, period_code="2025-26-Q2")


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    """Render every page with pdftoppm; fail if it is not installed or renders nothing."""
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm is not installed: run `make browsers` (poppler-utils)"
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run([tool, "-r", "40", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and all(p.stat().st_size > 1000 for p in pages)
    return pages


def test_ipr_numbers(scenario: Scenario, priority: None) -> None:
    report = build(scenario)
    counts = {rag.value: count for rag, count in report.counts}
    assert (counts["green"], counts["red"], counts["amber"], counts["missing"]) == (2, 1, 1, 1)
    # "worsening" is 60 against a target of 50: green, and so is "fine" (improving).
    assert [r.indicator.code for r in report.successes] == ["T fine"]
    # Concerns are red or consistently missed, from signed-off figures; "worsening" is green
    # (and not a success), and "missing" has no figure, so it is not signed off, not a concern.
    assert [s.indicator.code for s in report.concerns] == ["T red", "T static"]
    assert [(u.row.indicator.code, u.state) for u in report.unsigned] == [
        ("T missing", ipr.OVERDUE)
    ]
    assert [p.title for p in report.priorities] == [
        "Priority: P1 Decent homes for all",
        "Other key indicators",
    ]
    assert [r.indicator.code for r in report.priorities[0].rows] == ["T fine", "T red"]
    assert len(report.priorities[0].charts) == 2


def test_docx_has_the_headings_and_one_row_per_exception(
    scenario: Scenario, priority: None
) -> None:
    report = build(scenario)
    document = Document(io.BytesIO(render.ipr_docx(report)))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    for expected in (
        "Headline summary",
        "Successes to celebrate",
        "Areas of concern",
        "Priority: P1 Decent homes for all",
        "Other key indicators",
    ):
        assert expected in headings
    concerns = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Indicator" and len(t.columns) == 6
    )
    body = concerns.rows[1:]
    assert len(body) == len(report.concerns) == 2
    assert body[0].cells[0].text == "T red The red indicator"
    assert body[0].cells[3].text == "Red"
    assert body[0].cells[5].text == "Remedial action for T red"
    # Header rows repeat on every page.
    assert concerns.rows[0]._tr.get_or_add_trPr().xml.count("tblHeader") == 1
    # One picture per chart, and the headline chart.
    assert len(document.inline_shapes) == 1 + sum(len(p.charts) for p in report.priorities)


def test_html_report_has_the_charts_as_svg(scenario: Scenario, priority: None) -> None:
    html = render.ipr_html(build(scenario))
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 6  # the headline chart and one for each indicator
    assert "Remedial action for T red" in html


def test_scorecard_xlsx_has_rag_formatting_frozen_header_and_filters(scenario: Scenario) -> None:
    card = scorecard(council=scenario.council, today=TODAY, period_code="2025-26-Q2")
    sheet = load_workbook(io.BytesIO(render.scorecard_xlsx(card))).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    # Eleven columns and the year-end forecast (ADR 0029).
    assert sheet.auto_filter.ref == "A1:L6"
    rules = [
        (str(cf.sqref), rule.operator, rule.formula[0])
        for cf in sheet.conditional_formatting
        for rule in cf.rules
    ]
    assert ("G2:G6", "equal", '"Red"') in rules
    assert ("G2:G6", "equal", '"Green"') in rules
    assert ("G2:G6", "equal", '"Amber"') in rules
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["T red"][4] == 40 and values["T red"][6] == "Red"
    assert values["T missing"][4] is None and values["T missing"][6] == "Missing"


def test_scorecard_csv(scenario: Scenario) -> None:
    card = scorecard(council=scenario.council, today=TODAY, period_code="2025-26-Q2")
    rows = list(csv.reader(io.StringIO(render.scorecard_csv(card))))
    assert rows[0][:2] == ["Code", "Indicator"]
    assert {r[0]: r[6] for r in rows[1:]}["T static"] == "Amber"


def test_matrix_xlsx_has_a_column_per_body(scenario: Scenario) -> None:
    matrix = selectors.reporting_matrix(directorate=scenario.place)
    sheet = load_workbook(io.BytesIO(render.matrix_xlsx(matrix))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    headers = [r for r in rows if r[0] == "PI No."]
    assert len(headers) == 3  # one block per level, as in docs/sources.md#seed-002-appendix-5
    assert list(headers[0]) == [
        "PI No.",
        "Performance indicator",
        "Cabinet",
        "Scrutiny",
        "Lead Memb.",
        "Director",
        "Reporting format / comments",
    ]
    red = next(r for r in rows if r[0] == "T red")
    assert list(red[2:6]) == [4, 4, None, 12]
    assert rows[2][0] == "Level 1: National performance indicators"


def test_libreoffice_opens_the_docx_and_xlsx_and_pages_render(
    scenario: Scenario, priority: None, tmp_path: Path
) -> None:
    report = build(scenario)
    pdf = render.ipr_pdf(report)
    assert pdf.startswith(b"%PDF")
    assert len(pdf_pages(pdf, tmp_path / "ipr")) >= 2
    card = scorecard(council=scenario.council, today=TODAY, period_code="2025-26-Q2")
    sheet_pdf = to_pdf(render.scorecard_xlsx(card), ".xlsx")
    assert len(pdf_pages(sheet_pdf, tmp_path / "scorecard")) >= 1
    matrix = selectors.reporting_matrix(directorate=scenario.place)
    matrix_pdf = to_pdf(render.matrix_xlsx(matrix), ".xlsx")
    assert len(pdf_pages(matrix_pdf, tmp_path / "matrix")) >= 1


def test_a_hung_conversion_is_stopped_with_a_clear_error() -> None:
    with pytest.raises(DocumentError, match="longer than"):
        to_pdf(b"PK", ".docx", timeout=0.01)


def test_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("goldenthread.documents.pdf.shutil.which", lambda name: None)
    with pytest.raises(DocumentError, match="make tools"):
        to_pdf(b"PK", ".docx")


def test_commands_write_each_format(scenario: Scenario, priority: None, tmp_path: Path) -> None:
    out = io.StringIO()
    for fmt in ("html", "docx"):
        call_command(
            "report", "ipr", period="2025/26-Q2", format=fmt, out=tmp_path / f"r.{fmt}", stdout=out
        )
    assert (tmp_path / "r.docx").read_bytes().startswith(b"PK")
    assert "Areas of concern" in (tmp_path / "r.html").read_text()
    call_command(
        "export", "scorecard", period="2025-26-Q2", format="csv", out=tmp_path / "s.csv", stdout=out
    )
    call_command(
        "export",
        "scorecard",
        period="2025-26-Q2",
        format="xlsx",
        out=tmp_path / "s.xlsx",
        stdout=out,
    )
    assert (tmp_path / "s.csv").read_text().startswith("Code,Indicator")
    assert "Wrote" in out.getvalue()


def test_command_names_a_bad_period(scenario: Scenario, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2025/27-Q2"):
        call_command("report", "ipr", period="2025/27-Q2", format="html", out=tmp_path / "x.html")


def test_command_refuses_a_quarter_not_started(scenario: Scenario, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not started"):
        call_command("report", "ipr", period="2025/26-Q4", format="html", out=tmp_path / "x.html")


def test_concerns_carry_their_tracked_actions_and_progress(
    scenario: Scenario, priority: None
) -> None:
    red = scenario.indicators["red"]
    action = improvement.remedial_action_ensure(
        None, red, text="Agency staff on the backlog", lead="Housing manager"
    )
    improvement.progress_add(
        None,
        action.recommendation,
        action=action,
        text="Two agency staff started",
        on=date(2025, 10, 6),
    )
    report = build(scenario)
    state = next(s for s in report.concerns if s.indicator == red)
    assert len(state.actions) == 1
    line = state.actions[0]
    assert line.startswith("Agency staff on the backlog; lead Housing manager; not started")
    assert line.endswith("latest progress 06 Oct 2025: Two agency staff started")
    document = Document(io.BytesIO(render.ipr_docx(report)))
    assert any(
        f"Action: {line}" in c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert f"Action: {line}" in render.ipr_html(report)
