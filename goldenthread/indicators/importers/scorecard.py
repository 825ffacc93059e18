"""Import a council's own Excel scorecard workbook, as the council keeps it.

One sheet, a row per indicator under some title rows and a header row, columns for the
code, title, owner, service, polarity, unit, annual and quarterly targets, one column per
period headed as councils write them ("Q1 2024/25", "Apr-24", "2023/24 outturn", "Qtr 2"),
and RAG ratings as cell fill colours or words. ``read_sheet`` reads it (formulas by their
saved values, merged cells, hidden rows), ``guess`` says what each column seems to be, a
``Mapping`` (a small JSON document) records what the officer decided, and ``check`` reads
every row against it: every problem by cell reference, nothing written unless there is
none. ``write`` then creates the indicators, their targets and the history as approved
figures in one transaction, audited; ``compare`` sets our RAG (``goldenthread.status``)
beside the colour the workbook gave each cell (docs/adr/0023-moving-in-from-excel.md).
"""

from __future__ import annotations

import colorsys
import json
import re
from argparse import ArgumentParser
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from goldenthread import status
from goldenthread.core.audit import Actor, user_of
from goldenthread.imports import base
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.registry import Kind, Problem, Progress, Report
from goldenthread.indicators.models import (
    RATIO_SCALE,
    Actual,
    Indicator,
    Period,
    RuleFields,
    Target,
    Unit,
    rule_of,
)
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import PeriodKind, financial_year_label, periods_for_financial_year

__all__ = [
    "MEANINGS",
    "Comparison",
    "Mapping",
    "Outcome",
    "Sheet",
    "guess",
    "import_workbook",
    "period_of",
    "read_sheet",
]

MAPPING_VERSION = 1
# Rows looked at for the header (title rows come first).
HEADER_SEARCH = 25
PREVIEW_ROWS = 8
MEANINGS: list[tuple[str, str]] = [
    ("ignore", "Ignore"),
    ("code", "Code"),
    ("title", "Title"),
    ("owner", "Owner"),
    ("service", "Service"),
    ("polarity", "Polarity"),
    ("unit", "Unit"),
    ("annual_target", "Annual target"),
    ("quarterly_target", "Quarterly target"),
    ("value", "A period's figure"),
    ("rag", "A period's RAG rating"),
]
MEANING_LABELS = dict(MEANINGS)
# Meanings one column at most may have.
SINGLE = (
    "code",
    "title",
    "owner",
    "service",
    "polarity",
    "unit",
    "annual_target",
    "quarterly_target",
)
WITH_PERIOD = ("value", "rag")
# Cells that mean "no figure".
NOT_KNOWN = frozenset(
    {"n/a", "na", "n.a.", "-", "–", "—", "tbc", "tba", "n/k", "nk", "not known", "..", "x", "?"}
)
RAGS = (status.Rag.RED, status.Rag.AMBER, status.Rag.GREEN)
RAG_WORDS = {
    "red": status.Rag.RED,
    "r": status.Rag.RED,
    "amber": status.Rag.AMBER,
    "a": status.Rag.AMBER,
    "green": status.Rag.GREEN,
    "g": status.Rag.GREEN,
}
POLARITY_WORDS = {
    status.Polarity.HIGHER: (
        "higher is better",
        "high is good",
        "bigger is better",
        "higher",
        "high",
        "up",
        "↑",
        "increase",
        "more is better",
        "aim high",
        "maximise",
    ),
    status.Polarity.LOWER: (
        "lower is better",
        "low is good",
        "smaller is better",
        "lower",
        "low",
        "down",
        "↓",
        "decrease",
        "less is better",
        "aim low",
        "minimise",
    ),
    status.Polarity.NONE: ("none", "n/a", "contextual", "data only", "no polarity", "↔"),
}
POLARITY_OF = {word: polarity for polarity, words in POLARITY_WORDS.items() for word in words}
UNIT_WORDS: dict[str, Unit] = {
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "percentage": Unit.PERCENT,
    "number": Unit.NUMBER,
    "no.": Unit.NUMBER,
    "no": Unit.NUMBER,
    "count": Unit.NUMBER,
    "days": Unit.DAYS,
    "day": Unit.DAYS,
    "weeks": Unit.WEEKS,
    "week": Unit.WEEKS,
    "hours": Unit.HOURS,
    "hour": Unit.HOURS,
    "£": Unit.POUNDS,
    "pounds": Unit.POUNDS,
    "cost": Unit.POUNDS,
    "per 1,000": Unit.RATE_PER_1000,
    "per 1000": Unit.RATE_PER_1000,
    "rate per 1,000": Unit.RATE_PER_1000,
    "per 100,000": Unit.RATE_PER_100000,
    "per 100000": Unit.RATE_PER_100000,
    "per 100k": Unit.RATE_PER_100000,
    "rate per 100,000": Unit.RATE_PER_100000,
    "score": Unit.SCORE,
}
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "code": (
        "code",
        "ref",
        "ref.",
        "reference",
        "pi ref",
        "pi code",
        "pi",
        "kpi ref",
        "kpi code",
        "indicator code",
        "id",
        "no",
        "no.",
    ),
    "title": (
        "title",
        "indicator",
        "indicator title",
        "description",
        "measure",
        "name",
        "performance indicator",
        "kpi",
        "pi title",
        "indicator name",
        "pi description",
    ),
    "owner": (
        "owner",
        "lead",
        "lead officer",
        "responsible officer",
        "officer",
        "accountable officer",
        "data owner",
        "pi owner",
    ),
    "service": ("service", "directorate", "department", "service area", "team"),
    "polarity": (
        "polarity",
        "direction",
        "good is",
        "good performance",
        "higher or lower",
        "better if",
        "aim",
        "high or low",
    ),
    "unit": ("unit", "units", "unit of measure", "measure type", "format"),
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/']*(\d{4}|\d{2})\b"
)
_FY = re.compile(r"(?<!\d)(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})(?!\d)")
_QUARTER = re.compile(r"\b(?:q|qtr|quarter)\s*([1-4])\b")
_HALF = re.compile(r"\b(?:h|half[\s-]*year|half)\s*([12])\b")
_PERIODISH = re.compile(r"\b(?:q|qtr|quarter)\s*\d|outturn|actual|\b(?:19|20)\d\d\b")
_CODE = re.compile(r"^(?:\d{4}-\d{2}-[QH][1-4]|FY\d{4}-\d{2}|\d{4}-\d{2})$")
_NUMBER = re.compile(r"^(£)?\s*(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)\s*(.*)$")
_FOOTNOTE = re.compile(r"^(?:[*†‡#^]+|\(\w\)|\[\w+\])$")


class Bad(ValueError):
    """A cell that cannot be read; its message says what is wrong."""


# --- Reading the sheet --------------------------------------------------------------------


@dataclass
class Sheet:
    """One worksheet as values (formulas by their saved values), with each cell's RAG fill."""

    name: str
    rows: list[list[Any]]
    fills: dict[tuple[int, int], status.Rag] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)  # cells formatted as %
    hidden: set[int] = field(default_factory=set)  # row numbers (1-based)
    sheets: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def value(self, row: int, column: int) -> Any:
        """The value at a 1-based row and column, or None."""
        if row < 1 or row > len(self.rows):
            return None
        line = self.rows[row - 1]
        return line[column - 1] if column <= len(line) else None

    def ref(self, row: int, column: int) -> str:
        return f"{self.name}!{letter(column)}{row}"

    def year(self) -> int | None:
        """A financial year written in the title rows ("Corporate scorecard 2024/25")."""
        for line in self.rows[:HEADER_SEARCH]:
            texts = [v for v in line if isinstance(v, str) and v.strip()]
            if len(texts) == 1:
                found = _financial_year(texts[0].lower())
                if found is not None:
                    return found
        return None


def letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def column_index(name: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(name))


class Unreadable(Exception):
    pass


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The sheet named ``sheet`` (else the first visible one) of the workbook at ``path``."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise Unreadable(
            f"{path.name}: this is not an Excel workbook openpyxl can read ({type(error).__name__}). "
            "Save it from Excel as .xlsx and try again."
        ) from error
    names = list(workbook.sheetnames)
    if sheet is not None and sheet not in names:
        raise Unreadable(
            f"{path.name} has no sheet called “{sheet}” (it has {', '.join(names)}): "
            "choose one of those in the mapping."
        )
    if sheet is None:
        visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        ws = visible[0] if visible else workbook.worksheets[0]
    else:
        ws = workbook[sheet]
    rows: list[list[Any]] = []
    fills: dict[tuple[int, int], status.Rag] = {}
    percent: set[tuple[int, int]] = set()
    for r, line in enumerate(ws.iter_rows(), start=1):
        values = []
        for c, cell in enumerate(line, start=1):
            values.append(cell.value)
            colour = _fill_rag(cell)
            if colour is not None:
                fills[(r, c)] = colour
            if isinstance(cell.value, (int, float)) and "%" in str(cell.number_format or ""):
                percent.add((r, c))
        rows.append(values)
    for merged in ws.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
        # A value merged down a column (an owner or service for several rows) belongs to
        # each row; merged across (a title or section heading) it stays in its first cell.
        if merged.min_col == merged.max_col:
            for r in range(merged.min_row, merged.max_row + 1):
                if r <= len(rows) and merged.min_col <= len(rows[r - 1]):
                    rows[r - 1][merged.min_col - 1] = top
    hidden = {r for r, dimension in ws.row_dimensions.items() if dimension.hidden}
    return Sheet(
        name=ws.title, rows=rows, fills=fills, percent=percent, hidden=hidden, sheets=names
    )


def _fill_rag(cell: Any) -> status.Rag | None:
    """The RAG a cell's solid fill colour means (any shade of red, amber or green)."""
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    rgb = None
    if colour is not None and colour.type == "rgb" and isinstance(colour.rgb, str):
        rgb = colour.rgb
    elif colour is not None and colour.type == "indexed":
        from openpyxl.styles.colors import COLOR_INDEX

        if isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
            rgb = COLOR_INDEX[colour.indexed]
    if not rgb or len(rgb) < 6:
        return None
    return rag_of_colour(rgb[-6:])


def rag_of_colour(rgb: str) -> status.Rag | None:
    """Red, amber or green for a colour "RRGGBB" of that hue; None for white, grey, blue."""
    try:
        red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, brightness = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or brightness < 0.3:
        return None
    degrees = hue * 360
    if degrees < 20 or degrees >= 330:
        return status.Rag.RED
    if degrees < 66:
        return status.Rag.AMBER
    if 70 <= degrees < 170:
        return status.Rag.GREEN
    return None


# --- Periods as councils write them -----------------------------------------------------------


def _financial_year(text: str) -> int | None:
    for match in _FY.finditer(text):
        first, second = match[1], match[2]
        start = int(first) if len(first) == 4 else 2000 + int(first)
        end = int(second) % 100
        if end == (start + 1) % 100 and 1990 <= start <= 2100:
            return start
    return None


def _fy_code(year: int) -> str:
    return financial_year_label(year).replace("/", "-")


def period_of(header: Any, year: int | None = None) -> str | None:
    """The period code a column header names: "Q1 2024/25" → 2024-25-Q1, "Apr-24" → 2024-04,
    "2023/24 outturn" → FY2023-24, "Qtr 2" → the quarter of ``year``; None if it names none.
    A period code itself is read as it is."""
    if isinstance(header, (datetime, date)):
        return f"{header.year:04d}-{header.month:02d}"
    if header is None:
        return None
    text = str(header).strip()
    if _CODE.match(text):
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first, second = int(text[:4]), int(text[5:])
            if second == (first + 1) % 100:
                return f"FY{text}"
            return text if 1 <= second <= 12 else None
        return text
    lower = text.lower()
    month = _MONTH.search(lower)
    if month:
        number = MONTHS.index(month[1]) + 1
        written = month[2]
        calendar_year = int(written) if len(written) == 4 else 2000 + int(written)
        if not 1990 <= calendar_year <= 2100:
            return None
        return f"{calendar_year:04d}-{number:02d}"
    fy = _financial_year(lower)
    in_year = fy if fy is not None else year
    quarter = _QUARTER.search(lower)
    if quarter:
        return f"{_fy_code(in_year)}-Q{quarter[1]}" if in_year is not None else None
    half = _HALF.search(lower)
    if half:
        return f"{_fy_code(in_year)}-H{half[1]}" if in_year is not None else None
    if re.search(r"\b(?:q|qtr|quarter|h|half)\s*\d", lower):
        return None  # a quarter or half that does not exist ("Q5")
    if fy is not None:
        return f"FY{_fy_code(fy)}"
    return None


def period_label(code: str) -> str:
    """The label people read for a period code ("Q1 2024/25"), or the code itself."""
    for kind in (
        PeriodKind.QUARTER,
        PeriodKind.MONTH,
        PeriodKind.HALF_YEAR,
        PeriodKind.FINANCIAL_YEAR,
    ):
        for year in _years_of(code):
            if not 1990 <= year <= 2100:
                continue
            for spec in periods_for_financial_year(kind, year):
                if spec.code == code:
                    return spec.label
    return code


def _years_of(code: str) -> list[int]:
    found = re.search(r"(\d{4})", code)
    if not found:
        return []
    year = int(found[1])
    return [year, year - 1]


def _kind_of(code: str) -> PeriodKind:
    if code.startswith("FY"):
        return PeriodKind.FINANCIAL_YEAR
    if "-Q" in code:
        return PeriodKind.QUARTER
    if "-H" in code:
        return PeriodKind.HALF_YEAR
    return PeriodKind.MONTH


# --- The mapping ----------------------------------------------------------------------------


@dataclass
class ColumnMap:
    meaning: str = "ignore"
    period: str = ""  # a period code, for a period's figure or RAG
    header: str = ""  # the header it was made for, to notice a different workbook


@dataclass
class Mapping:
    """Which column is which: saved as JSON and reused for next year's workbook."""

    sheet: str
    header_row: int
    year: int | None = None
    service: str = ""  # the default service's code, for rows that name none
    columns: dict[str, ColumnMap] = field(default_factory=dict)  # by column letter

    def to_json(self) -> str:
        data = {
            "version": MAPPING_VERSION,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "year": self.year,
            "service": self.service,
            "columns": {
                name: {"meaning": c.meaning, "period": c.period, "header": c.header}
                for name, c in self.columns.items()
                if c.meaning != "ignore"
            },
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Mapping:
        """A mapping from its JSON; ``ValueError`` saying what is wrong with it."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ValueError(f"the mapping is not JSON ({error})") from error
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise ValueError("the mapping has no “columns”: save a mapping from this page")
        if data.get("version") != MAPPING_VERSION:
            raise ValueError(f"the mapping's version is not {MAPPING_VERSION}")
        columns = {}
        for name, given in data["columns"].items():
            if not (isinstance(name, str) and re.fullmatch(r"[A-Z]{1,3}", name)):
                raise ValueError(f"“{name}” is not a column letter")
            if not isinstance(given, dict) or given.get("meaning") not in MEANING_LABELS:
                raise ValueError(f"column {name} has no meaning the import knows")
            columns[name] = ColumnMap(
                meaning=given["meaning"],
                period=str(given.get("period") or ""),
                header=str(given.get("header") or ""),
            )
        header_row, year = data.get("header_row"), data.get("year")
        if not isinstance(header_row, int) or header_row < 1:
            raise ValueError("the mapping's header_row must be a row number")
        if year is not None and not isinstance(year, int):
            raise ValueError("the mapping's year must be a year such as 2024")
        return cls(
            sheet=str(data.get("sheet") or ""),
            header_row=header_row,
            year=year,
            service=str(data.get("service") or ""),
            columns=columns,
        )


def _words(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value).strip().lower()) if value is not None else ""


def guess_column(header: Any, year: int | None, previous_period: str) -> ColumnMap:
    """What a column seems to be from its header."""
    words = _words(header)
    shown = header.strftime("%b-%y") if isinstance(header, (datetime, date)) else str(header or "")
    if not words:
        return ColumnMap(header=shown)
    if re.search(r"\brag\b|\bstatus\b|\brating\b|r/a/g", words):
        return ColumnMap("rag", period_of(header, year) or previous_period, shown)
    if "target" in words:
        quarterly = re.search(r"quarter|qtr|\bq[1-4]?\b", words)
        return ColumnMap("quarterly_target" if quarterly else "annual_target", "", shown)
    for meaning, names in HEADER_WORDS.items():
        if words in names:
            return ColumnMap(meaning, "", shown)
    period = period_of(header, year)
    if period is not None or _PERIODISH.search(words):
        return ColumnMap("value", period or "", shown)
    for meaning, names in HEADER_WORDS.items():
        if any(re.search(rf"\b{re.escape(name)}\b", words) for name in names if len(name) > 3):
            return ColumnMap(meaning, "", shown)
    return ColumnMap(header=shown)


def guess_row(sheet: Sheet, row: int, year: int | None) -> dict[str, ColumnMap]:
    columns: dict[str, ColumnMap] = {}
    previous = ""
    for c in range(1, sheet.width + 1):
        guessed = guess_column(sheet.value(row, c), year, previous)
        if guessed.meaning == "value" and guessed.period:
            previous = guessed.period
        if guessed.meaning != "ignore" or guessed.header:
            columns[letter(c)] = guessed
    return columns


def guess(sheet: Sheet, *, year: int | None = None) -> Mapping:
    """The likeliest mapping: the header row is the row (under the title rows) most of whose
    cells look like headers; each column's meaning is guessed from its header."""
    year = year if year is not None else sheet.year()
    best, best_score = 1, -1
    for row in range(1, min(len(sheet.rows), HEADER_SEARCH) + 1):
        guessed = guess_row(sheet, row, year)
        meanings = [c.meaning for c in guessed.values() if c.meaning != "ignore"]
        score = len(set(meanings) & set(SINGLE)) * 2 + meanings.count("value")
        if "code" in meanings:
            score += 2
        if score > best_score:
            best, best_score = row, score
    return Mapping(
        sheet=sheet.name, header_row=best, year=year, columns=guess_row(sheet, best, year)
    )


# --- Checking every row -----------------------------------------------------------------------


@dataclass
class Figure:
    value: Decimal | None
    note: str = ""
    unit: Unit | None = None


def read_number(value: Any, *, percent: bool = False) -> Figure:
    """A cell as a number: "n/a", "-" and "TBC" are no value; "45.2*" is 45.2 (the footnote
    mark noted); "263.2 per 100,000" is 263.2 (the unit noted). ``Bad`` for anything else."""
    if value is None:
        return Figure(None)
    if isinstance(value, bool):
        raise Bad(f"“{value}” is not a number")
    if isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation as error:
            raise Bad(f"“{value}” is not a number") from error
        if percent:
            return Figure(
                (number * 100).quantize(Decimal("0.000001")).normalize(), unit=Unit.PERCENT
            )
        return Figure(_six_places(number))
    if isinstance(value, (datetime, date)):
        raise Bad(f"“{value}” is a date, not a number")
    text = str(value).strip()
    if not text or text.lower() in NOT_KNOWN:
        return Figure(None)
    match = _NUMBER.match(text)
    if match is None:
        raise Bad(f"“{text[:40]}” is not a number")
    number = Decimal(match[2].replace(",", ""))
    rest = match[3].strip()
    unit = Unit.POUNDS if match[1] else None
    note = ""
    if rest and _FOOTNOTE.match(rest):
        note = f"“{text}” read as {_show(number)} (the footnote mark “{rest}” left out)"
    elif rest:
        found = UNIT_WORDS.get(rest.lower().removeprefix("rate ").strip())
        if found is None:
            raise Bad(f"“{text[:40]}” is not a number")
        unit = found
        note = f"“{text}” read as {_show(number)}, unit {found.label}"
    elif unit is not None:
        note = f"“{text}” read as {_show(number)}, unit £"
    return Figure(_six_places(number), note, unit)


def _six_places(number: Decimal) -> Decimal:
    if number.as_tuple().exponent < -6:  # type: ignore[operator]
        number = number.quantize(Decimal("0.000001"))
    return number


def _show(number: Decimal | None) -> str:
    if number is None:
        return "no value"
    return format(number.normalize(), ",f")


def read_polarity(value: Any) -> status.Polarity:
    words = _words(value)
    if not words:
        raise Bad("the polarity is empty")
    found = POLARITY_OF.get(words)
    if found is None:
        raise Bad(f"“{str(value)[:40]}” is not a polarity")
    return found


def read_unit(value: Any) -> Unit | None:
    words = _words(value)
    if not words:
        return None
    for unit in Unit:
        if words in (unit.value, str(unit.label).lower()):
            return unit
    found = UNIT_WORDS.get(words)
    if found is None:
        raise Bad(f"“{str(value)[:40]}” is not a unit")
    return found


def read_rag(value: Any) -> status.Rag | None:
    words = _words(value)
    if not words:
        return None
    return RAG_WORDS.get(words)


@dataclass
class Cell:
    """One period's figure of one indicator, with the colour the workbook gave it."""

    ref: str
    period: str
    value: Decimal | None
    colour: status.Rag | None


@dataclass
class Row:
    """One indicator as the workbook gives it."""

    number: int
    code: str
    title: str
    polarity: status.Polarity
    unit: Unit
    decimals: int
    owner: Person | None
    service: OrgUnit | None
    annual_target: Decimal | None
    quarterly_target: Decimal | None
    cells: list[Cell]


@dataclass
class Checked:
    """What the workbook holds, read against the mapping; ``report`` lists every problem."""

    report: Report
    rows: list[Row] = field(default_factory=list)
    periods: dict[str, Period] = field(default_factory=dict)
    year: int | None = None

    def counts(self) -> str:
        """What the import makes, in words: "5 indicators, 12 targets and 13 figures"."""
        targets = sum(
            1
            for row in self.rows
            for period in self.periods.values()
            if _target_of(row, period, self.year) is not None
        )
        figures = sum(1 for row in self.rows for cell in row.cells if cell.value is not None)
        return (
            f"{len(self.rows):,} indicator{'s' if len(self.rows) != 1 else ''}, "
            f"{targets:,} target{'s' if targets != 1 else ''} and "
            f"{figures:,} approved figure{'s' if figures != 1 else ''}"
        )


def _column_problems(sheet: Sheet, mapping: Mapping, report: Report) -> dict[str, list[int]]:
    """The mapping's own problems (two columns for one field, a period that is not one);
    the columns by meaning."""
    by_meaning: dict[str, list[int]] = {}
    by_period: dict[tuple[str, str], int] = {}
    for name, column in sorted(mapping.columns.items(), key=lambda item: column_index(item[0])):
        if column.meaning == "ignore":
            continue
        index = column_index(name)
        ref = sheet.ref(mapping.header_row, index)
        header = sheet.value(mapping.header_row, index)
        if column.meaning in WITH_PERIOD:
            if not column.period or period_of(column.period, mapping.year) is None:
                shown = column.period or (str(header) if header is not None else "")
                hint = (
                    " (a quarter with no year: give the workbook's year)"
                    if _QUARTER.search(_words(shown)) and mapping.year is None
                    else ""
                )
                report.problems.append(
                    Problem(
                        None,
                        None,
                        f"{ref}: “{shown}” is not a period{hint}. Write the period, "
                        "such as Q1 2024/25, Apr-24 or 2023/24, or map the column to Ignore.",
                    )
                )
                continue
            column.period = period_of(column.period, mapping.year) or ""
            key = (column.meaning, column.period)
            if key in by_period:
                report.problems.append(
                    Problem(
                        None,
                        None,
                        f"Columns {letter(by_period[key])} and {name} are both mapped to "
                        f"“{MEANING_LABELS[column.meaning]}” for {period_label(column.period)}: "
                        "map one of them to Ignore or to another period.",
                    )
                )
                continue
            by_period[key] = index
        elif column.meaning in by_meaning:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"Columns {letter(by_meaning[column.meaning][0])} and {name} are both "
                    f"mapped to “{MEANING_LABELS[column.meaning]}”: map one of them to Ignore.",
                )
            )
            continue
        by_meaning.setdefault(column.meaning, []).append(index)
    for needed in ("code", "title", "polarity"):
        if needed not in by_meaning:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"No column is mapped to “{MEANING_LABELS[needed]}”: choose the column "
                    f"that holds each indicator's {MEANING_LABELS[needed].lower()}.",
                )
            )
    if "value" not in by_meaning:
        report.problems.append(
            Problem(
                None, None, "No column is mapped to a period's figure: there is nothing to import."
            )
        )
    return by_meaning


def check(sheet: Sheet, mapping: Mapping, *, council: Council | None, report: Report) -> Checked:
    """Read every row of ``sheet`` by ``mapping``; problems (by cell) and notes in ``report``."""
    checked = Checked(report=report, year=mapping.year)
    if council is None:
        report.problems.append(
            Problem(None, None, "Set up the council first (goldenthread setup).")
        )
        return checked
    for name, column in mapping.columns.items():
        header = sheet.value(mapping.header_row, column_index(name))
        written = (
            header.strftime("%b-%y") if isinstance(header, (datetime, date)) else str(header or "")
        )
        if (
            column.header
            and column.meaning != "ignore"
            and written.strip() != column.header.strip()
        ):
            report.notes.append(
                f"{sheet.ref(mapping.header_row, column_index(name))}: the mapping was made for "
                f"a column headed “{column.header}”; this one is headed “{written}”."
            )
    columns = _column_problems(sheet, mapping, report)
    if report.problems:
        return checked
    single = {meaning: indexes[0] for meaning, indexes in columns.items() if meaning in SINGLE}
    values = [
        (column_index(n), c.period) for n, c in mapping.columns.items() if c.meaning == "value"
    ]
    values.sort()
    rags = {c.period: column_index(n) for n, c in mapping.columns.items() if c.meaning == "rag"}
    codes = sorted({period for _, period in values})
    if mapping.year is not None and "annual_target" in single:
        codes = sorted({*codes, f"FY{_fy_code(mapping.year)}"})
    checked.periods = {p.code: p for p in Period.objects.filter(code__in=codes)}
    for code in codes:
        if code not in checked.periods:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"There is no period {period_label(code)} ({code}) yet: create the "
                    "periods first (goldenthread periods extend), or map its column to Ignore.",
                )
            )
    existing = set(Indicator.objects.filter(council=council).values_list("code", flat=True))
    units = list(OrgUnit.objects.filter(council=council))
    services = {u.code.lower(): u for u in units} | {u.name.lower(): u for u in units}
    people = list(Person.objects.filter(council=council).select_related("user", "scope"))
    owners: dict[str, Person] = {}
    for person in people:
        for key in (person.user.username, person.user.email, person.user.get_full_name()):
            if key:
                owners.setdefault(key.lower(), person)
    default_service = services.get(mapping.service.lower()) if mapping.service else None
    if mapping.service and default_service is None:
        report.problems.append(
            Problem(None, None, f"There is no service with the code “{mapping.service}”.")
        )
    seen: dict[str, str] = {}
    mapped = sorted({*single.values(), *(i for i, _ in values), *rags.values()})
    for number in range(mapping.header_row + 1, len(sheet.rows) + 1):
        if number in sheet.hidden:
            if any(sheet.value(number, c) not in (None, "") for c in mapped):
                report.notes.append(f"{sheet.name}, row {number}: a hidden row, not imported.")
            continue
        filled = [c for c in mapped if _words(sheet.value(number, c))]
        if not filled:
            continue  # a blank separator row
        code_cell = sheet.ref(number, single["code"])
        code = str(sheet.value(number, single["code"]) or "").strip()
        has_figures = any(_words(sheet.value(number, i)) for i, _ in values)
        if not has_figures and sum(1 for v in sheet.rows[number - 1] if _words(v)) == 1:
            continue  # a section heading ("Children's Services") between indicators
        if not code:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"{code_cell}: this row has no code. Give the indicator its code, or "
                    "delete the row.",
                )
            )
            continue
        if len(code) > 30:
            report.problems.append(
                Problem(None, None, f"{code_cell}: “{code[:40]}…” is longer than 30 characters.")
            )
            continue
        if code in seen:
            report.problems.append(
                Problem(None, None, f"{code_cell}: the code “{code}” is already in {seen[code]}.")
            )
            continue
        seen[code] = code_cell
        if code in existing:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"{code_cell}: there is already an indicator {code}. This import creates "
                    "indicators: delete the row, or import its figures with the values import.",
                )
            )
            continue
        row = _read_row(
            sheet,
            number,
            code,
            single=single,
            values=values,
            rags=rags,
            owners=owners,
            services=services,
            default_service=default_service,
            report=report,
        )
        if row is not None:
            checked.rows.append(row)
    if not seen and not report.problems:
        report.problems.append(
            Problem(
                None,
                None,
                f"No row under row {mapping.header_row} has a code: is the header row right?",
            )
        )
    report.rows = len(checked.rows)
    return checked


def _read_row(
    sheet: Sheet,
    number: int,
    code: str,
    *,
    single: dict[str, int],
    values: list[tuple[int, str]],
    rags: dict[str, int],
    owners: dict[str, Person],
    services: dict[str, OrgUnit],
    default_service: OrgUnit | None,
    report: Report,
) -> Row | None:
    problems = len(report.problems)

    def problem(column: int, message: str) -> None:
        report.problems.append(Problem(None, None, f"{sheet.ref(number, column)}: {message}"))

    def number_at(column: int) -> Figure:
        try:
            figure = read_number(
                sheet.value(number, column), percent=(number, column) in sheet.percent
            )
        except Bad as bad:
            problem(
                column, f"{bad}. Write a number, or leave the cell empty (or n/a) for no figure."
            )
            return Figure(None)
        if figure.note:
            report.notes.append(f"{sheet.ref(number, column)}: {figure.note}.")
        return figure

    title = str(sheet.value(number, single["title"]) or "").strip()
    if not title:
        problem(single["title"], "the indicator has no title. Write its title.")
    elif len(title) > 300:
        problem(single["title"], "the title is longer than 300 characters.")
    polarity = status.Polarity.NONE
    try:
        polarity = read_polarity(sheet.value(number, single["polarity"]))
    except Bad as bad:
        problem(
            single["polarity"],
            f"{bad}. Write “higher is better”, “lower is better” (or ↑, ↓, High, Low), or none.",
        )
    unit: Unit | None = None
    if "unit" in single:
        try:
            unit = read_unit(sheet.value(number, single["unit"]))
        except Bad as bad:
            allowed = ", ".join(str(u.label) for u in Unit)
            problem(single["unit"], f"{bad}. Write one of: {allowed}.")
    owner = None
    if "owner" in single:
        name = str(sheet.value(number, single["owner"]) or "").strip()
        if name:
            owner = owners.get(name.lower())
            if owner is None:
                problem(
                    single["owner"],
                    f"nobody in the council is called “{name[:60]}”. Import the people first, "
                    "write their email, or clear the cell.",
                )
    service = default_service
    if "service" in single:
        name = str(sheet.value(number, single["service"]) or "").strip()
        if name:
            service = services.get(name.lower())
            if service is None:
                problem(
                    single["service"],
                    f"there is no service “{name[:60]}”. Import the structure first, or write "
                    "a service's code or name.",
                )
    if service is None and owner is not None and owner.scope is not None:
        service = owner.scope
    if service is None and len(report.problems) == problems:
        problem(
            single.get("service", single["code"]),
            "no service for this indicator. Map a Service column, or choose a default service.",
        )
    noted: list[Unit] = []
    annual = quarterly = None
    if "annual_target" in single:
        figure = number_at(single["annual_target"])
        annual = figure.value
        noted += [figure.unit] if figure.unit else []
    if "quarterly_target" in single:
        figure = number_at(single["quarterly_target"])
        quarterly = figure.value
        noted += [figure.unit] if figure.unit else []
    cells = []
    for column, period in values:
        figure = number_at(column)
        noted += [figure.unit] if figure.unit else []
        colour = sheet.fills.get((number, column))
        if period in rags:
            colour = read_rag(sheet.value(number, rags[period])) or colour
        cells.append(Cell(sheet.ref(number, column), period, figure.value, colour))
    if unit is None:
        unit = noted[0] if noted else Unit.NUMBER
    places = [
        max(0, -int(v.normalize().as_tuple().exponent))
        for v in [annual, quarterly, *(c.value for c in cells)]
        if v is not None
    ]
    if len(report.problems) > problems:
        return None
    return Row(
        number=number,
        code=code,
        title=title,
        polarity=polarity,
        unit=unit,
        decimals=min(max(places, default=0), 6),
        owner=owner,
        service=service,
        annual_target=annual,
        quarterly_target=quarterly,
        cells=cells,
    )


# --- Writing ---------------------------------------------------------------------------------


def _frequency(rows: Iterable[Row]) -> PeriodKind:
    kinds = {_kind_of(cell.period) for row in rows for cell in row.cells}
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR):
        if kind in kinds:
            return kind
    return PeriodKind.FINANCIAL_YEAR


def _target_of(row: Row, period: Period, year: int | None) -> Decimal | None:
    """The target the workbook sets for a period: the quarterly target for each quarter of
    the workbook's year, the annual target for that year."""
    if year is None or period.financial_year != year:
        return None
    if period.kind == PeriodKind.QUARTER:
        return row.quarterly_target
    if period.kind == PeriodKind.FINANCIAL_YEAR:
        return row.annual_target
    return None


def write(checked: Checked, *, council: Council, actor: Actor, name: str, dry_run: bool) -> None:
    """Create the indicators, targets and approved figures, all or nothing, audited."""
    report = checked.report
    user = user_of(actor)
    now = timezone.now()
    frequency = _frequency(checked.rows)
    years = {p.financial_year for p in checked.periods.values()}
    first_year = min(years | ({checked.year} if checked.year else set()), default=now.year)
    indicators = base.Plan(model=Indicator, fields=[], describe=str)
    targets = base.Plan(model=Target, fields=[], describe=str)
    actuals = base.Plan(model=Actual, fields=[], describe=str)
    for row in checked.rows:
        mean = row.unit in RATIO_SCALE or row.unit in (Unit.SCORE,)
        indicator = Indicator(
            council=council,
            code=row.code,
            title=row.title,
            polarity=row.polarity.value,
            unit=row.unit.value,
            decimals=row.decimals,
            frequency=frequency.value,
            aggregation=(status.Aggregation.MEAN if mean else status.Aggregation.SUM).value,
            owner=row.owner,
            service=row.service,
            first_year=first_year,
            # The workbook is the council's corporate scorecard: its indicators are the key
            # ones, shown on the scorecard page the import finishes by linking to.
            is_key=True,
            created_by=user,
            modified_by=user,
        )
        indicators.creates.append(indicator)
        base.note_change(report, f"{row.code}: new indicator “{row.title}”")
    if dry_run:
        report.created = len(indicators.creates) + sum(
            sum(1 for p in checked.periods.values() if _target_of(row, p, checked.year) is not None)
            + sum(1 for c in row.cells if c.value is not None)
            for row in checked.rows
        )
        return
    with transaction.atomic():
        base.write(indicators, actor=user, reason=f"import scorecard {name}", report=report)
        for row, indicator in zip(checked.rows, indicators.creates, strict=True):
            for period in checked.periods.values():
                value = _target_of(row, period, checked.year)
                if value is not None:
                    targets.creates.append(
                        Target(
                            indicator=indicator,
                            period=period,
                            value=value,
                            created_by=user,
                            modified_by=user,
                        )
                    )
            for cell in row.cells:
                if cell.value is None:
                    continue
                actuals.creates.append(
                    Actual(
                        indicator=indicator,
                        period=checked.periods[cell.period],
                        value=cell.value,
                        state=Actual.State.APPROVED,
                        commentary=f"Imported from {name} ({cell.ref}).",
                        submitted_at=now,
                        submitted_by=user,
                        approved_at=now,
                        approved_by=user,
                        created_by=user,
                        modified_by=user,
                    )
                )
        if report.ok:
            base.write(targets, actor=user, reason=f"import scorecard {name}", report=report)
        if report.ok:
            base.write(actuals, actor=user, reason=f"import scorecard {name}", report=report)
        if not report.ok:
            transaction.set_rollback(True)
            report.created = 0
            return
    report.created = len(indicators.creates) + len(targets.creates) + len(actuals.creates)


# --- Our RAG beside the workbook's -----------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One cell the workbook coloured: its RAG beside ours, and why they differ."""

    ref: str
    code: str
    period: str
    value: Decimal | None
    target: Decimal | None
    theirs: status.Rag
    ours: status.Rag
    reason: str
    unit: str = Unit.NUMBER.value  # with ``decimals``, how the figures are shown
    decimals: int = 0

    @property
    def agrees(self) -> bool:
        return self.theirs == self.ours


def compare(checked: Checked, tolerance: status.Tolerance) -> list[Comparison]:
    """Every coloured cell with a figure, rated by our rules beside the workbook's colour."""
    found = []
    for row in checked.rows:
        fields = RuleFields(
            row.polarity.value, "", None, row.decimals, "sum", False, row.unit.value
        )
        rule = rule_of(fields, tolerance)
        for cell in row.cells:
            if cell.colour is None or cell.value is None:
                continue
            period = checked.periods[cell.period]
            value = _target_of(row, period, checked.year)
            target = status.Target(value=value) if value is not None else None
            ours = status.rag(cell.value, target, rule, deadline_passed=True)
            reason = "" if ours == cell.colour else _reason(cell, target, rule, ours, row)
            found.append(
                Comparison(
                    ref=cell.ref,
                    code=row.code,
                    period=period.label,
                    value=cell.value,
                    target=value,
                    theirs=cell.colour,
                    ours=ours,
                    reason=reason,
                    unit=row.unit.value,
                    decimals=row.decimals,
                )
            )
    return found


def _reason(
    cell: Cell, target: status.Target | None, rule: status.Rule, ours: status.Rag, row: Row
) -> str:
    assert cell.value is not None and cell.colour is not None
    if target is None:
        return "No target: the workbook rated a figure that has no target for its period."
    if rule.polarity == status.Polarity.NONE:
        return "Polarity: the indicator has no polarity, so it is not rated."
    if cell.value == 0:
        return (
            "A zero: the workbook shows 0, which is read as a figure of 0. If it meant "
            "“not known”, write n/a instead."
        )
    if rule.polarity in (status.Polarity.HIGHER, status.Polarity.LOWER):
        opposite = (
            status.Polarity.LOWER
            if rule.polarity == status.Polarity.HIGHER
            else status.Polarity.HIGHER
        )
        flipped = status.Rule(
            polarity=opposite,
            tolerance=rule.tolerance,
            decimals=rule.decimals,
            ratio_scale=rule.ratio_scale,
        )
        if status.rag(cell.value, target, flipped, deadline_passed=True) == cell.colour:
            return (
                f"Polarity: the workbook rated it as if {opposite.value} were better; "
                f"the row says {rule.polarity.value} is better."
            )
    if ours in RAGS:
        kind = rule.tolerance.kind
        amount = _show(rule.tolerance.amount)
        allowed = f"{amount}%" if kind == status.ToleranceKind.PERCENT else amount
        return (
            f"Tolerance: within a tolerance of {allowed} of the target this figure is "
            f"{ours.label.lower()}; the workbook's amber band differs."
        )
    return "The workbook's colour does not follow from the figure and its target."


# --- The whole import ------------------------------------------------------------------------


@dataclass
class Outcome:
    report: Report
    mapping: Mapping | None = None
    sheet: Sheet | None = None
    comparison: list[Comparison] = field(default_factory=list)
    counts: str = ""  # what the import makes (or would make), in words

    @property
    def disagreements(self) -> list[Comparison]:
        return [c for c in self.comparison if not c.agrees]


def import_workbook(
    path: Path,
    *,
    actor: User | None,
    mapping: Mapping | None = None,
    year: int | None = None,
    service: str = "",
    dry_run: bool,
    name: str | None = None,
) -> Outcome:
    """Read the workbook at ``path`` by ``mapping`` (else a guessed one), check every row,
    and unless it is a dry run or anything is wrong, import it all."""
    name = name or path.name
    report = Report(kind="scorecard", dry_run=dry_run)
    outcome = Outcome(report)
    if not import_permission(actor, "scorecard").allowed:
        report.problems.append(
            Problem(None, None, "Only the performance team may import a scorecard.")
        )
        return outcome
    try:
        sheet = read_sheet(path, mapping.sheet if mapping and mapping.sheet else None)
    except Unreadable as error:
        report.problems.append(Problem(None, None, str(error)))
        return outcome
    if mapping is None:
        mapping = guess(sheet, year=year)
    if year is not None:
        mapping.year = year
    if service:
        mapping.service = service
    outcome.sheet, outcome.mapping = sheet, mapping
    council = base.council_of(actor)
    checked = check(sheet, mapping, council=council, report=report)
    if not report.ok or council is None:
        report.problems.sort(key=_cell_order)
        return outcome
    outcome.comparison = compare(checked, council.default_tolerance)
    outcome.counts = checked.counts()
    write(checked, council=council, actor=actor, name=name, dry_run=dry_run)
    return outcome


def _cell_order(problem: Problem) -> tuple[int, str]:
    found = re.match(r"[^!]*!([A-Z]+)(\d+):", problem.message)
    if not found:
        return (0, problem.message)
    return (int(found[2]), f"{len(found[1])}{found[1]}")


def _run(
    path: Path,
    *,
    actor: User | None,
    dry_run: bool,
    progress: Progress | None,
    options: dict[str, Any],
) -> Report:
    mapping = None
    if options.get("mapping"):
        try:
            mapping = Mapping.from_json(Path(options["mapping"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            return Report(
                kind="scorecard",
                dry_run=dry_run,
                problems=[Problem(None, None, f"{options['mapping']}: {error}")],
            )
    outcome = import_workbook(
        path,
        actor=actor,
        mapping=mapping,
        year=options.get("year"),
        service=options.get("service") or "",
        dry_run=dry_run,
        name=options.get("name"),
    )
    if options.get("save_mapping") and outcome.mapping is not None:
        Path(options["save_mapping"]).write_text(outcome.mapping.to_json(), encoding="utf-8")
    if progress:
        progress(outcome.report.rows, outcome.report.rows)
    report = outcome.report
    if report.ok:
        compared = len(outcome.comparison)
        report.notes.append(
            f"RAG: {compared - len(outcome.disagreements)} of {compared} coloured cells agree "
            "with our rating."
        )
        for disagreement in outcome.disagreements:
            report.notes.append(
                f"{disagreement.ref} {disagreement.code} {disagreement.period}: the workbook "
                f"says {disagreement.theirs.label}, we say {disagreement.ours.label}. "
                f"{disagreement.reason}"
            )
    return report


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--mapping", type=Path, help="a mapping saved before (JSON)")
    parser.add_argument("--save-mapping", type=Path, help="save the mapping used to this file")
    parser.add_argument("--year", type=int, help="the financial year of headers like “Qtr 2”")
    parser.add_argument("--service", help="the service (code) of rows that name none")


KIND = Kind(
    name="scorecard",
    help="a council's own Excel scorecard workbook: columns guessed, or --mapping FILE",
    run=_run,
    add_arguments=_arguments,
)
