"""Every import kind in the registry, fed hypothesis-made CSV and XLSX files: bad bytes,
formulas, numbers too big for a float or a decimal column, odd dates, empty sheets, missing and
repeated headers, very long cells, NUL bytes. Whatever the file, the kind's runner returns a
report (nothing escapes ``goldenthread import``), and every refusal says what is wrong and,
for a row, which one."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from goldenthread.benchmarking import lgbf
from goldenthread.benchmarking.models import Authority
from goldenthread.imports.registry import REGISTRY, Report
from goldenthread.improvement import transfer
from goldenthread.indicators.models import Indicator
from goldenthread.onboarding import importers as onboarding_importers
from tests.imports.conftest import csv_bytes
from tests.imports.test_malformed_files import COLUMNS

pytestmark = pytest.mark.django_db
# A few dozen files a kind keeps CI fast; FUZZ_EXAMPLES=1000 digs deeper.
FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
)

# Each kind's own headings, so files get past the header check to the rows often enough.
HEADINGS: dict[str, list[str]] = {
    **COLUMNS,  # values, targets and indicators, as the malformed-file tests name them
    "authorities": [
        "gss-code",
        "official-name",
        "nice-name",
        "local-authority-type",
        "start-date",
        "end-date",
    ],
    "groups": ["group", "gss_code", "kind", "source"],
    "comparators": ["measure", "authority", "year", "value", "numerator", "denominator"],
    "actionplan": list(transfer.COLUMNS),
    "finance": ["service", "period", "budget", "spend to date", "forecast"],
    # A council's own scorecard workbook (indicators.importers.scorecard): its columns guessed.
    "scorecard": [
        "Ref",
        "Indicator",
        "Owner",
        "Good is",
        "Unit",
        "Annual target",
        "Q1 2024/25",
        "Qtr 2",
    ],
    "structure": [column.name for column in onboarding_importers.STRUCTURE_COLUMNS],
    "people": [column.name for column in onboarding_importers.PEOPLE_COLUMNS],
    "indicator_information.csv": [
        "Title",
        "Code",
        "ReportingPeriod",
        "MeasureType",
        "NumberFormat",
        "FamilyGrouping",
        "Ranking_Type",
        "Numerator_Multipier",
        "Denominator_Multiplier",
        "Ranking_GoldilocksMidpoint",
    ],
    "family_groups.csv": ["Family_Group", "Local_Authority", "Type"],
    "lgbf_values.csv": [
        "",
        "Code",
        "LocalAuthority",
        "Year",
        "LA_IndicatorReal",
        "LA_Numerator_real",
        "LA_Den_Real",
        "FamilyGroup",
    ],
}
NASTY = [
    "",
    " ",
    "BV 8",
    "NI 192",
    "E07000223",
    "2025-26-Q1",
    "2025-26",
    "2010-11",
    "2025",
    "Q1 2025/26",
    "01/05/2025",
    "31/02/2025",
    "0000-00-00",
    "9999-12-31",
    "45000",
    "9.5",
    "-1",
    "1e309",
    "-1e309",
    "1E-400",
    "99999999999999999999",
    "123456789012345678901234567890.123456789",
    "NaN",
    "inf",
    "=1/0",
    "=SUM(A1:A2)",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "#DIV/0!",
    "N/A",
    "£1,234.5",
    "50%",
    "yes",
    "plan",
    "action",
    "recommendation",
    "progress",
    "key",
    "audit-2007",
    "Housing",
    "Family Group 1",
    "Aberdeen City",
    "Eilean Siar",
    "Ascending",
    "Goldilocks",
    "0.0%",
    "'£ '0.00",
    "Urban",
    "ENV01a",
    "higher",
    "percent",
    "month",
    "\x00",
    "a\x00b",
    "\ufeff",
    "\r\n",
    '"',
    "é",
    "x" * 5000,
]
cell = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=10),
    # In an XLSX, a typed cell (see ``as_cell``); in a CSV, text that starts with @.
    st.characters(codec="utf-8").map(lambda c: "@" + c),
)


@st.composite
def table(draw: Any, headings: Sequence[str], *, whole: bool = False) -> list[list[str]]:
    # Mostly every heading (so rows are read), sometimes one repeated; otherwise headings
    # missing, repeated or unknown; and the table may be empty.
    header = draw(
        st.permutations(list(headings))
        if whole
        else st.one_of(
            st.permutations(list(headings)),
            st.permutations(list(headings)).map(lambda h: [*h, h[0]]),
            st.lists(st.sampled_from([*headings, "extra", ""]), max_size=12),
        )
    )
    width = max(1, len(header))
    rows = draw(st.lists(st.lists(cell, max_size=width + 2), max_size=6))
    return [header, *rows] if header or rows else []


@st.composite
def spreadsheet(draw: Any, headings: Sequence[str]) -> tuple[str, bytes]:
    """A file name and its bytes: CSV (in some encoding, or mangled), XLSX, or junk."""
    rows = draw(table(headings))
    form = draw(st.sampled_from(["csv", "xlsx", "junk"]))
    if form == "junk":
        return draw(st.sampled_from(["in.csv", "in.xlsx"])), draw(st.binary(max_size=300))
    if form == "csv":
        raw = csv_bytes(rows)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
        raw = raw.decode().encode(encoding, errors="replace")
        if draw(st.booleans()):
            raw = raw.replace(b"\n", b"\n\xff\xfe", 1)  # bytes no encoding reads
        return "in.csv", raw
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if draw(st.booleans()):
        workbook.remove(sheet)  # a workbook with no sheet at all
        workbook.create_sheet("Empty")
        sheet = workbook.create_sheet("Second")
    for row in rows:
        # Characters XML cannot hold are what openpyxl refuses to write, not what we test;
        # figures go in as numbers too, as a spreadsheet holds them.
        sheet.append([as_cell(ILLEGAL_CHARACTERS_RE.sub("", value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return "in.xlsx", out.getvalue()


# What a spreadsheet holds besides text: dates at the ends of the calendar, times, booleans,
# integers past a float's precision, the largest float.
TYPED = [
    datetime(1899, 12, 31),
    datetime(1900, 2, 28, 13, 30),
    datetime(9999, 12, 31, 23, 59, 59),
    date(2025, 4, 1),
    time(12, 0),
    True,
    0,
    -0.0,
    1e308,
    -1e308,
    5e-324,
    10**20,
    -(10**30),
]


def as_cell(text: str) -> Any:
    if text.startswith("@") and len(text) > 1:
        return TYPED[ord(text[1]) % len(TYPED)]
    try:
        number = float(text)
    except ValueError:
        return text
    return number if text[:1].isdigit() and number == number else text


def fuzzed(kind: str, path: Path) -> Report:
    report = REGISTRY[kind].run(path, actor=None, dry_run=False, progress=None, options={})
    assert isinstance(report, Report)
    for problem in report.problems:
        assert problem.message.strip(), problem
        # A row is named as a spreadsheet shows it (the header is row 1); a problem naming
        # no row is the whole file's.
        assert problem.row is None or problem.row >= 1, problem
        assert problem.column is None or isinstance(problem.column, str), problem
    return report


FILE_KINDS = sorted(kind for kind in REGISTRY if not REGISTRY[kind].accepts_directory)


def test_every_kind_but_the_lgbf_is_fuzzed_as_a_file() -> None:
    assert set(FILE_KINDS) | {"lgbf"} == set(REGISTRY)
    assert set(FILE_KINDS) <= set(HEADINGS)


@pytest.mark.parametrize("kind", FILE_KINDS)
@FUZZ
@given(data=st.data())
def test_any_file_gives_a_report_whose_problems_say_where(
    days: Indicator, recycling: Indicator, kind: str, data: Any
) -> None:
    name, raw = data.draw(spreadsheet(HEADINGS[kind]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        fuzzed(kind, path)


@pytest.fixture
def scottish_councils() -> None:
    """Without authorities the LGBF import stops at once; with two it reads every row."""
    for gss, name in (("S12000033", "Aberdeen City"), ("S12000013", "Eilean Siar")):
        Authority.objects.create(gss_code=gss, name=name, short_name=name, kind="SCO")


@FUZZ
@given(data=st.data())
def test_any_lgbf_directory_gives_a_report_whose_problems_say_where(
    days: Indicator, scottish_councils: None, data: Any
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in lgbf.FILES:
            if data.draw(st.integers(0, 9)) == 0:
                continue  # a file missing now and then
            # Whole headings mostly: each of the three files must have them for rows to be read.
            rows = data.draw(table(HEADINGS[name], whole=data.draw(st.integers(0, 3)) > 0))
            raw = csv_bytes(rows)
            if data.draw(st.booleans()):
                raw = raw.decode().encode("utf-8-sig")
            if data.draw(st.integers(0, 4)) == 0:
                raw = data.draw(st.binary(max_size=200))
            (Path(folder) / name).write_bytes(raw)
        fuzzed("lgbf", Path(folder))
