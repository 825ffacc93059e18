"""The exported .docx and .pdf open in LibreOffice and show the layout of docs/sources.md#seed-003.

LibreOffice and pdftotext are installed by ``make test``; if either is missing these tests
fail (they never skip): a document check that did not run is not a pass.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document

from goldenthread.documents import DocumentError
from goldenthread.documents.pdf import convert
from goldenthread.improvement import transfer
from goldenthread.improvement.models import ActionPlan
from goldenthread.organisation.models import Council
from tests.improvement.plan_file import write_plan

pytestmark = pytest.mark.django_db

HEADINGS = [
    "MANAGING PERFORMANCE MANAGEMENT: ACTION PLAN TO RESPOND TO THE AUDIT COMMISSION",
    "RESPONSIBILITIES: KEY TO LEADS",
    "RECOMMENDATION 5",
    "RESPONSE",
    "ACTION",
    "TIMESCALE",
    "LEAD",
    "PROGRESS WITH R5",
    "RECOMMENDATION 14",
    "PROGRESS WITH R14",
]


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is not installed: run `make test`, which installs poppler-utils.")
    text = subprocess.run(
        [tool, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return " ".join(text.split())  # lines wrap where the page is full


def in_order(text: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        assert found >= 0, f"{needle!r} is missing (or out of order) after offset {at}"
        at = found + len(needle)


@pytest.fixture
def plan(council: Council, tmp_path: Path) -> ActionPlan:
    assert transfer.actionplan_import(write_plan(tmp_path / "plan.xlsx")).ok
    return ActionPlan.objects.get()


def test_the_docx_has_the_003_layout_and_libreoffice_opens_it(
    plan: ActionPlan, tmp_path: Path
) -> None:
    out = tmp_path / "plan.docx"
    call_command("export", "actionplan", plan.ref, "--format", "docx", "--out", str(out))
    document = Document(str(out))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style and p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:4] == [HEADINGS[0], HEADINGS[1], "RECOMMENDATION 5", "RESPONSE"]
    first = document.tables[1]
    assert [c.text for c in first.rows[0].cells] == ["ACTION", "TIMESCALE", "LEAD", "STATUS"]
    assert first.rows[1].cells[0].text.startswith("a) Action 5a")
    # Opened by LibreOffice: converted to PDF, whose text shows the layout.
    pdf = convert(out, tmp_path / "lo", to="pdf")
    in_order(pdf_text(pdf), HEADINGS)


def test_the_pdf_export_shows_the_003_layout(plan: ActionPlan, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    call_command("export", "actionplan", plan.ref, "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    in_order(text, HEADINGS)
    assert "Tony Geeson – Head of Policy and Performance" in text
    assert "End February 2007" in text and "JJ, TG" in text


def test_a_missing_libreoffice_is_a_clear_error(
    plan: ActionPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DocumentError, match="LibreOffice is not installed"):
        transfer.export(plan, "pdf", tmp_path / "plan.pdf", today=date(2007, 7, 1))
