"""The demo council's IPR PDF, read back (issue 19): A4, tagged (a structure tree with
headings, tables with header cells and figures with alternative text), marked, with a title,
author and language; contents and page numbers on the pages; every success on target and not
worsening; every concern red or consistently missed, with its actions listed."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from goldenthread import status
from goldenthread.demo.builder import BuildSummary
from goldenthread.organisation.models import Council
from goldenthread.reports import ipr, render
from tests.demo.council.conftest import BUILD_DAY

pytestmark = pytest.mark.django_db


def structure(node: object, kinds: Counter[str], alts: list[str]) -> None:
    """Count the structure tree's element types and gather the figures' /Alt."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            structure(child, kinds, alts)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    kind = node.get("/S")
    if kind is not None:
        kinds[str(kind)] += 1
        if str(kind) == "/Figure":
            alts.append(str(node.get("/Alt", "")))
    if "/K" in node:
        structure(node.K, kinds, alts)


def test_the_demo_ipr_pdf_is_a_published_cabinet_paper(
    castlebridge: BuildSummary, tmp_path: Path
) -> None:
    council = Council.objects.get()
    report = ipr.build(council=council, today=BUILD_DAY, period_code="2026-27-Q2")

    # What it says: successes on target and not worsening; concerns red or consistently
    # missed, from signed-off figures only, each with its actions; figures not signed off
    # apart from both.
    assert report.successes and report.concerns
    for row in report.successes:
        assert row.status.rag == status.Rag.GREEN
        assert status.Direction.WORSENING not in (
            row.status.against_previous,
            row.status.against_last_year,
        )
    unsigned = {u.row.indicator.pk for u in report.unsigned}
    for concern in report.concerns:
        assert ipr.CONCERN_RULES & set(concern.rules)
        assert concern.indicator.pk not in unsigned

    pdf_bytes = render.ipr_pdf(report)
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    assert all([round(float(v)) for v in page.mediabox] == [0, 0, 595, 842] for page in pdf.pages)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title) == "Integrated performance report: Q2 2026/27"
    assert str(pdf.docinfo.Author) == council.name
    assert root.ViewerPreferences.DisplayDocTitle is True
    kinds: Counter[str] = Counter()
    alts: list[str] = []
    structure(root.StructTreeRoot, kinds, alts)
    assert kinds["/H1"] >= 8 and kinds["/Table"] >= 5 and kinds["/TH"] >= 5 * 4
    charts = 1 + sum(len(p.charts) for p in report.priorities)
    assert len(alts) == kinds["/Figure"] == charts
    assert all(len(alt) > 20 for alt in alts)

    # pdftotext finds the contents with page numbers, and a number on every page.
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is not installed: run `make browsers` (poppler-utils)"
    source = tmp_path / "ipr.pdf"
    source.write_bytes(pdf_bytes)
    text = subprocess.run(
        [tool, "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")[: len(pdf.pages)]
    assert "Contents" in pages[1]
    contents = {
        line.rsplit(".", 1)[0].rstrip(". "): int(line.rsplit(".", 1)[1])
        for line in pages[1].splitlines()
        if "..." in line
    }
    assert contents["Headline summary"] >= 3
    assert "Headline summary" in pages[contents["Headline summary"] - 1]
    assert "Areas of concern" in pages[contents["Areas of concern"] - 1]
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pdf.pages)}" in page

    # Every concern lists its actions: its remedial action and each tracked action, read in
    # the PDF's reading order (each table row is kept on one page).
    reading = subprocess.run(
        [tool, str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = " ".join(reading.split())
    listed = 0
    for concern in report.concerns:
        for line in [concern.remedial_action, *concern.actions]:
            if line:
                assert " ".join(line.split()[:4]) in words
                listed += 1
    assert listed >= len(report.concerns) // 2
