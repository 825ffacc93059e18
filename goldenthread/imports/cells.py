"""Columns and cells: matching a file's header to a kind's columns, and reading each cell.

Every reader of a cell either returns a value or raises ``Bad`` with a reason a person can act
on; the importer turns that into a problem naming the row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from goldenthread.imports.readers import Cell, CellError, Row, Table, normalise_header
from goldenthread.imports.registry import Problem

__all__ = [
    "Bad",
    "Column",
    "Columns",
    "match_columns",
    "number",
    "text",
    "yes_no",
]

# DecimalField(max_digits=20, decimal_places=6): 14 digits before the point, 6 after.
MAX_PLACES = 6
MAX_WHOLE_DIGITS = 14
LARGEST = "99,999,999,999,999.999999"

EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
)
NOT_A_FIGURE = frozenset({"n/a", "na", "-", "–", "tbc", "nil", "none", "null", "unknown", "?"})
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})


class Bad(Exception):
    """A cell that cannot be used; the message is the reason."""


@dataclass(frozen=True)
class Column:
    """One column a kind reads. ``name`` is the header the templates write."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    # Shown for people and written by templates, but never read (e.g. the indicator's title).
    information: bool = False


@dataclass
class Columns:
    """Where each known column is in the file, and which headers were not recognised."""

    index: dict[str, int]
    headers: dict[str, str]
    extra: list[str]

    def has(self, name: str) -> bool:
        return name in self.index

    def cell(self, row: Row, name: str) -> Cell:
        position = self.index.get(name)
        if position is None or position >= len(row.cells):
            return None
        return row.cells[position]

    def header(self, name: str) -> str:
        """The column as the file names it, for problems."""
        return self.headers.get(name, name)


def match_columns(table: Table, spec: Sequence[Column]) -> tuple[Columns, list[Problem]]:
    """Match the header to the kind's columns, ignoring case, spaces, hyphens and underscores."""
    lookup = {normalise_header(alias): c for c in spec for alias in (c.name, *c.aliases)}
    columns = Columns(index={}, headers={}, extra=[])
    problems: list[Problem] = []
    for position, heading in enumerate(table.header):
        column = lookup.get(normalise_header(heading))
        if column is None:
            if heading.strip():
                columns.extra.append(heading.strip())
            continue
        if column.name in columns.index:
            problems.append(
                Problem(
                    1,
                    heading,
                    f"the column “{column.name}” appears twice: keep one "
                    f"(the other is “{columns.headers[column.name]}”)",
                )
            )
            continue
        if not column.information:
            columns.index[column.name] = position
            columns.headers[column.name] = heading.strip()
    for column in spec:
        if column.required and column.name not in columns.index:
            problems.append(
                Problem(1, column.name, f"the column “{column.name}” is missing from the header")
            )
    return columns, problems


def text(cell: Cell, *, limit: int | None = None) -> str:
    """A cell as text, trimmed; numbers as written (12.0 from Excel reads as 12)."""
    if type(cell) is str:  # every CSV cell: the checks below are for spreadsheets' types
        value = cell.strip()
        if limit is not None and len(value) > limit:
            raise Bad(f"is {len(value):,} characters long; at most {limit:,} fit")
        return value
    if isinstance(cell, CellError):
        raise Bad(cell.message)
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime) and cell.time() == time(0):
        cell = cell.date()
    return text(str(cell), limit=limit)


def number(cell: Cell, *, places: int = MAX_PLACES, precision_of: str = "") -> Decimal | None:
    """A cell as a number (None when empty), within the database's range and ``places``.

    ``precision_of`` names what sets ``places`` (e.g. "BV 8 is reported to 1 decimal place"),
    so the reason says where the limit comes from.
    """
    value = _decimal(cell)
    if value is None:
        return None
    if value.is_zero():
        return Decimal(0)
    if value.adjusted() >= MAX_WHOLE_DIGITS:
        raise Bad(f"{_show(cell)} is too large: the largest figure accepted is {LARGEST}")
    exponent = value.normalize().as_tuple().exponent
    used = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if used > places:
        limit = f"{places} decimal place{'s' if places != 1 else ''}"
        why = precision_of or f"at most {limit} are stored"
        raise Bad(f"{_show(cell)} has {used} decimal places; {why} — round it to {limit}")
    return value


def _decimal(cell: Cell) -> Decimal | None:
    if type(cell) is str and NUMBER.fullmatch(cell):
        # The usual CSV cell, a plain number: none of the cases below can apply to it.
        return _parse(cell, cell)
    if isinstance(cell, CellError):
        raise Bad(cell.message)
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise Bad(f"{'TRUE' if cell else 'FALSE'} is not a number")
    if isinstance(cell, datetime | date | time):
        raise Bad(f"{cell} is a date, not a number: format the cell as a number")
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            raise Bad(f"{cell} is not a number")
        return cell
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise Bad(f"{cell} is not a number")
        return Decimal(repr(cell))
    raw = str(cell).strip()
    if not raw:
        return None
    if raw.upper() in EXCEL_ERRORS:
        raise Bad(f"the cell shows the Excel error {raw.upper()}")
    if raw.lower() in NOT_A_FIGURE:
        raise Bad(f"“{raw}” is not a number: leave the cell empty when there is no figure")
    cleaned = raw.removeprefix("£").removesuffix("%").strip()
    if THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not NUMBER.fullmatch(cleaned):
        raise Bad(f"“{raw[:40]}” is not a number")
    return _parse(cleaned, raw)


def _parse(cleaned: str, raw: str) -> Decimal:
    """``cleaned`` (matching ``NUMBER``) as a Decimal; ``raw`` is the cell as written."""
    try:
        return Decimal(cleaned)
    except (
        InvalidOperation
    ) as error:  # an exponent beyond Decimal's own limits: 1e-99999999999999999999
        raise Bad(f"“{raw[:40]}” is not a number") from error


def _show(cell: Cell) -> str:
    shown = str(cell).strip()
    return shown if len(shown) <= 30 else shown[:27] + "…"


def yes_no(cell: Cell) -> bool:
    """Yes/no, Y/N, TRUE/FALSE, 1/0 or an Excel tick box; empty is no."""
    if isinstance(cell, CellError):
        raise Bad(cell.message)
    if isinstance(cell, bool):
        return cell
    value = text(cell).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Bad(f"“{value[:40]}” is not yes or no")
