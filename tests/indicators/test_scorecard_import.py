"""Importing a council's own scorecard workbook: guessing, the mapping, bad input, the
import itself and the RAG comparison (goldenthread.indicators.importers.scorecard)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.importers import scorecard
from goldenthread.indicators.importers.scorecard import Mapping, guess, period_of, read_sheet
from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.organisation.models import OrgUnit
from tests.indicators import scorecard_workbook as wb

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return wb.build(tmp_path / "scorecard.xlsx")


@pytest.fixture
def ready(performance_user: User, service_unit: OrgUnit, periods: None) -> User:
    """A council with its periods, a Waste service and a performance officer."""
    return performance_user


def nothing_written() -> bool:
    return (
        not (Indicator.objects.exists() or Target.objects.exists() or Actual.objects.exists())
        and not AuditEntry.objects.filter(reason__startswith="import scorecard").exists()
    )


@pytest.mark.parametrize(
    ("header", "year", "code"),
    [
        ("Q1 2024/25", None, "2024-25-Q1"),
        ("Qtr 2", 2024, "2024-25-Q2"),
        ("Qtr 2", None, None),
        ("Quarter 3 2024-25", None, "2024-25-Q3"),
        ("Apr-24", None, "2024-04"),
        ("March 2025", None, "2025-03"),
        (datetime(2024, 5, 1), None, "2024-05"),
        ("2023/24 outturn", None, "FY2023-24"),
        ("Outturn 23/24", None, "FY2023-24"),
        ("H1 2024/25", None, "2024-25-H1"),
        ("2024-25-Q4", None, "2024-25-Q4"),
        ("2024-06", None, "2024-06"),
        ("Comments", 2024, None),
        ("2024/26", None, None),
    ],
)
def test_period_headers_as_councils_write_them(header: Any, year: int | None, code: str) -> None:
    assert period_of(header, year) == code


@pytest.mark.parametrize(
    ("written", "value", "note"),
    [
        ("45.2*", Decimal("45.2"), "footnote"),
        ("263.2 per 100,000", Decimal("263.2"), "Rate per 100,000"),
        ("1,250", Decimal("1250"), ""),
        ("n/a", None, ""),
        ("-", None, ""),
        ("TBC", None, ""),
        (12, Decimal("12"), ""),
    ],
)
def test_cells_read_as_numbers(written: Any, value: Decimal | None, note: str) -> None:
    figure = scorecard.read_number(written)
    assert figure.value == value
    assert note in figure.note
    assert bool(figure.note) == bool(note)


def test_a_word_is_not_a_number() -> None:
    with pytest.raises(scorecard.Bad, match="“abc” is not a number"):
        scorecard.read_number("abc")


@pytest.mark.parametrize(
    ("rgb", "rag"),
    [
        ("FF0000", "red"),
        ("FFC7CE", "red"),
        ("FFC000", "amber"),
        ("FFEB9C", "amber"),
        ("00B050", "green"),
        ("C6EFCE", "green"),
        ("FFFFFF", None),
        ("D9D9D9", None),
        ("0070C0", None),
    ],
)
def test_fill_colours_read_as_rag(rgb: str, rag: str | None) -> None:
    assert scorecard.rag_of_colour(rgb) == rag


def test_the_guess_finds_the_header_under_the_title_and_each_column(workbook: Path) -> None:
    sheet = read_sheet(workbook)
    mapping = guess(sheet)
    assert (mapping.sheet, mapping.header_row, mapping.year) == ("Scorecard", 4, 2024)
    meanings = {name: (c.meaning, c.period) for name, c in mapping.columns.items()}
    assert meanings == {
        "A": ("code", ""),
        "B": ("title", ""),
        "C": ("service", ""),
        "D": ("owner", ""),
        "E": ("polarity", ""),
        "F": ("unit", ""),
        "G": ("annual_target", ""),
        "H": ("quarterly_target", ""),
        "I": ("value", "FY2023-24"),
        "J": ("value", "2024-25-Q1"),
        "K": ("value", "2024-25-Q2"),
        "L": ("rag", "2024-25-Q2"),
        "M": ("ignore", ""),
    }
    assert 8 in sheet.hidden
    assert sheet.fills[(6, 10)] == "green"


def test_the_import_creates_the_indicators_targets_and_approved_history(
    ready: User, workbook: Path
) -> None:
    outcome = scorecard.import_workbook(workbook, actor=ready, dry_run=False)
    assert outcome.report.ok, outcome.report.problems
    assert sorted(Indicator.objects.values_list("code", flat=True)) == [
        "C1",
        "C2",
        "E1",
        "W1",
        "W2",
    ]
    w1 = Indicator.objects.get(code="W1")
    assert w1.owner is not None
    assert (w1.polarity, w1.unit, w1.frequency, w1.owner.user, w1.service.code) == (
        "higher",
        "percent",
        "quarter",
        ready,
        "waste",
    )
    assert Indicator.objects.get(code="W2").unit == "per_100000"  # from the text target
    assert Indicator.objects.get(code="C1").decimals == 1
    targets = {
        (t.indicator.code, t.period.code): t.value
        for t in Target.objects.select_related("indicator", "period")
    }
    assert targets[("W2", "FY2024-25")] == Decimal("263.2")
    assert targets[("W1", "2024-25-Q2")] == Decimal("45")
    assert ("W1", "FY2023-24") not in targets
    assert len(targets) == 4 * 3  # four indicators with targets: the year and two quarters
    actuals = {
        (a.indicator.code, a.period.code): (a.value, a.state)
        for a in Actual.objects.select_related("indicator", "period")
    }
    assert actuals[("C1", "2024-25-Q1")] == (Decimal("18.5"), "approved")
    assert actuals[("C2", "2024-25-Q2")][0] == 0
    assert ("W2", "FY2023-24") not in actuals  # n/a
    assert ("C2", "FY2023-24") not in actuals  # TBC
    assert len(actuals) == 3 + 2 + 3 + 2 + 3  # W1, W2, C1, C2, E1
    assert not Indicator.objects.filter(code="W3").exists()  # the hidden row
    # The council's corporate scorecard: every indicator is a key one, on the scorecard page.
    assert not Indicator.objects.filter(is_key=False).exists()
    audited = AuditEntry.objects.filter(reason="import scorecard scorecard.xlsx").count()
    assert audited == 5 + len(targets) + len(actuals)
    notes = " ".join(outcome.report.notes)
    assert "Scorecard, row 8: a hidden row" in notes
    assert "Scorecard!J10: “18.5*” read as 18.5" in notes
    assert "Scorecard!G7: “263.2 per 100,000” read as 263.2, unit Rate per 100,000" in notes


def test_the_rag_comparison_lists_exactly_the_disagreements_built_in(
    ready: User, workbook: Path
) -> None:
    outcome = scorecard.import_workbook(workbook, actor=ready, dry_run=False)
    found = [
        (d.ref, d.code, d.theirs.value, d.ours.value, d.reason.split(":")[0])
        for d in outcome.disagreements
    ]
    assert found == wb.DISAGREEMENTS
    agreeing = [c.ref for c in outcome.comparison if c.agrees]
    assert agreeing == [
        "Scorecard!J6",
        "Scorecard!K6",
        "Scorecard!J7",
        "Scorecard!J10",
        "Scorecard!J11",
    ]


def test_a_dry_run_writes_nothing(ready: User, workbook: Path) -> None:
    outcome = scorecard.import_workbook(workbook, actor=ready, dry_run=True)
    assert outcome.report.ok
    assert outcome.report.created == 5 + 12 + 13
    assert nothing_written()


def test_a_saved_mapping_is_reused_by_the_command(
    ready: User, workbook: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "mapping.json"
    out = StringIO()
    call_command(
        "import",
        "scorecard",
        str(workbook),
        "--dry-run",
        "--no-progress",
        "--save-mapping",
        str(saved),
        stdout=out,
    )
    assert "Dry run: Would create 30" in out.getvalue()
    data = json.loads(saved.read_text())
    assert data["columns"]["K"] == {"meaning": "value", "period": "2024-25-Q2", "header": "Qtr 2"}
    # The officer corrects a guess: the comments column is ignored and the RAG column too.
    del data["columns"]["L"]
    saved.write_text(json.dumps(data))
    # Next year's workbook has no year in its title, so the guess could not place "Qtr 2".
    second = wb.build(tmp_path / "again.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(second)
    book["Scorecard"]["A1"] = "Corporate Performance Scorecard"
    book.save(second)
    with pytest.raises(CommandError):
        call_command(
            "import",
            "scorecard",
            str(second),
            "--no-progress",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert nothing_written()
    out = StringIO()
    call_command(
        "import", "scorecard", str(second), "--mapping", str(saved), "--no-progress", stdout=out
    )
    assert Indicator.objects.count() == 5
    # Without the RAG words, only the fill colours are compared.
    assert "RAG: 4 of 5 coloured cells agree" in out.getvalue()
    assert (
        "Scorecard!J12 E1 Q1 2024/25: the workbook says Green, we say Not rated" in out.getvalue()
    )


def bad_rows(change: dict[int, dict[int, Any]]) -> list[tuple[list[Any], dict[str, str]]]:
    rows = [(list(values), dict(fills)) for values, fills in wb.ROWS[1:3]]
    for index, cells in change.items():
        for column, value in cells.items():
            rows[index][0][column] = value
    return rows


@pytest.mark.parametrize(
    ("change", "header", "message"),
    [
        ({0: {9: "abc"}}, None, "Scorecard!J5: “abc” is not a number. Write a number"),
        ({1: {0: ""}}, None, "Scorecard!A6: this row has no code. Give the indicator its code"),
        ({1: {0: "W1"}}, None, "Scorecard!A6: the code “W1” is already in Scorecard!A5"),
        ({0: {4: "Sideways"}}, None, "Scorecard!E5: “Sideways” is not a polarity"),
        ({0: {3: "Nobody Known"}}, None, "Scorecard!D5: nobody in the council is called"),
        ({0: {2: "parks"}}, None, "Scorecard!C5: there is no service “parks”"),
        ({}, {1: "Indicator", 2: "Title"}, "Columns B and C are both mapped to “Title”"),
        ({}, {10: "Q5 2024/25"}, "Scorecard!K4: “Q5 2024/25” is not a period"),
    ],
)
def test_bad_input_is_listed_by_cell_and_nothing_is_written(
    ready: User,
    tmp_path: Path,
    change: dict[int, dict[int, Any]],
    header: dict[int, str] | None,
    message: str,
) -> None:
    heading = list(wb.HEADER)
    for column, text in (header or {}).items():
        heading[column] = text
    path = wb.build(tmp_path / "bad.xlsx", rows=bad_rows(change), header=heading)
    outcome = scorecard.import_workbook(path, actor=ready, dry_run=False)
    assert not outcome.report.ok
    assert any(message in str(p) for p in outcome.report.problems), outcome.report.problems
    assert nothing_written()


def test_a_mapping_of_two_columns_to_one_period_is_refused(ready: User, workbook: Path) -> None:
    mapping = guess(read_sheet(workbook))
    mapping.columns["I"].period = "Q1 2024/25"
    outcome = scorecard.import_workbook(workbook, actor=ready, mapping=mapping, dry_run=False)
    assert [str(p) for p in outcome.report.problems] == [
        "Columns I and J are both mapped to “A period's figure” for Q1 2024/25: map one of "
        "them to Ignore or to another period."
    ]
    assert nothing_written()


def test_a_mapping_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not JSON"):
        Mapping.from_json("{")
    with pytest.raises(ValueError, match="no meaning"):
        Mapping.from_json(
            json.dumps({"version": 1, "header_row": 1, "columns": {"A": {"meaning": "x"}}})
        )


def test_only_the_performance_team_may_import(
    ready: User, workbook: Path, service_unit: OrgUnit
) -> None:
    from goldenthread.organisation.models import Person

    owner = User.objects.create_user("owner")
    Person.objects.create(user=owner, council=service_unit.council, role=Person.Role.OWNER)
    outcome = scorecard.import_workbook(workbook, actor=owner, dry_run=False)
    assert [str(p) for p in outcome.report.problems] == [
        "Only the performance team may import a scorecard."
    ]
    assert nothing_written()


def test_a_formula_is_read_by_its_saved_value_and_a_merged_owner_for_each_row(
    ready: User, workbook: Path, tmp_path: Path
) -> None:
    """openpyxl saves a formula without its value; LibreOffice works it out and saves both,
    as Excel does."""
    import openpyxl

    from goldenthread.documents.pdf import convert

    book = openpyxl.load_workbook(workbook)
    sheet = book["Scorecard"]
    sheet["K12"] = "=J12+100"  # E1's Q2: 1,200 + 100
    sheet.merge_cells("D6:D7")  # W1's owner, merged down over W2
    book.save(workbook)
    assert read_sheet(workbook).value(12, 11) is None  # no saved value yet
    saved = convert(workbook, tmp_path / "saved", to="xlsx")
    outcome = scorecard.import_workbook(saved, actor=ready, dry_run=False)
    assert outcome.report.ok, outcome.report.problems
    e1_q2 = Actual.objects.get(indicator__code="E1", period__code="2024-25-Q2")
    assert e1_q2.value == 1300
    w2 = Indicator.objects.get(code="W2")
    assert w2.owner is not None and w2.owner.user == ready


def test_importing_the_same_workbook_again_is_refused_and_changes_nothing(
    ready: User, workbook: Path
) -> None:
    assert scorecard.import_workbook(workbook, actor=ready, dry_run=False).report.ok
    counts = (Indicator.objects.count(), Target.objects.count(), Actual.objects.count())
    again = scorecard.import_workbook(workbook, actor=ready, dry_run=False)
    assert "Scorecard!A6: there is already an indicator W1." in str(again.report.problems[0])
    assert len(again.report.problems) == 5
    assert (Indicator.objects.count(), Target.objects.count(), Actual.objects.count()) == counts
