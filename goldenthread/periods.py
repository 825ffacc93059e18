"""Reporting periods, generated from calendar rules rather than typed in.

Councils report on the UK financial year (1 April to 31 March) and its quarters, months
and halves, on the academic year and its terms, on calendar years and on weeks. Typing
periods in by hand invites gaps, overlaps and inconsistent labels, so every period here
is derived from its kind and its year, and the same inputs always give the same codes.
Codes are stable and URL-safe, so they can be stored and put in links; labels are for
people.

Pure Python (no Django) so it can be used and tested anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import holidays

__all__ = [
    "DEFAULT_DEADLINE_RULE",
    "MONTH_NAMES",
    "DeadlineRule",
    "PeriodKind",
    "PeriodSpec",
    "add_working_days",
    "bank_holidays",
    "containing",
    "deadline",
    "financial_year_label",
    "financial_year_of",
    "generate_periods",
    "is_working_day",
    "parse_financial_year",
    "periods_for_financial_year",
    "previous",
    "same_period_last_year",
    "year_of_code",
]

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)

# Fixed English names: strftime would follow the process locale, and labels must not.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MONTH_NAMES = _MONTH_NAMES  # public, for other modules that name months (reports' cycle)

# The earliest and latest start years whose periods (and the day after them) fit in `date`.
_MIN_YEAR = 1
_MAX_YEAR = 9998


class PeriodKind(StrEnum):
    """The kinds of reporting period; the value is what gets stored."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    TERM = "term"
    CALENDAR_YEAR = "calendar_year"
    WEEK = "week"

    @property
    def label(self) -> str:
        """The name to show people, e.g. "Half-year"."""
        return _KIND_LABELS[self]


_KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "Month",
    PeriodKind.QUARTER: "Quarter",
    PeriodKind.HALF_YEAR: "Half-year",
    PeriodKind.FINANCIAL_YEAR: "Financial year",
    PeriodKind.ACADEMIC_YEAR: "Academic year",
    PeriodKind.TERM: "Term",
    PeriodKind.CALENDAR_YEAR: "Calendar year",
    PeriodKind.WEEK: "Week",
}

# Declaration order; only breaks ties between periods with identical dates when sorting.
_KIND_ORDER: dict[PeriodKind, int] = {kind: index for index, kind in enumerate(PeriodKind)}


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """One reporting period: an inclusive run of dates with a stable code and a label.

    `financial_year` is the start year of the financial year containing `start`, for every
    kind, so any period can be filed under a financial year. `sequence` is the position
    within the period's own year (April is month 1, the autumn term is term 1, week 1 is
    the first week whose Monday falls in the financial year); year kinds are always 1.
    """

    kind: PeriodKind
    start: date
    end: date
    code: str
    label: str
    financial_year: int
    sequence: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period {self.code!r} ends ({self.end}) before it starts")


def financial_year_of(d: date) -> int:
    """The start year of the UK financial year containing `d` (2024 for 2024-04-01..2025-03-31)."""
    return d.year if d.month >= 4 else d.year - 1


def _academic_year_of(d: date) -> int:
    """The start year of the academic year (1 September to 31 August) containing `d`."""
    return d.year if d.month >= 9 else d.year - 1


def financial_year_label(start_year: int) -> str:
    """The conventional written form, e.g. 2024 -> "2024/25" and 1999 -> "1999/00"."""
    return f"{start_year:04d}/{(start_year + 1) % 100:02d}"


_FINANCIAL_YEAR_PATTERN = re.compile(r"(\d{4})[/-](\d{2})")


def parse_financial_year(label: str) -> int:
    """Read "2024/25" or "2024-25" back to 2024, rejecting anything that is not a real year.

    A label whose halves are not consecutive ("2024/26") is an error rather than being
    silently read as its first year, because it usually means a typo in imported data.
    """
    match = _FINANCIAL_YEAR_PATTERN.fullmatch(label.strip())
    if match is None:
        raise ValueError(
            f"{label!r} is not a financial year: expected a form like '2024/25' or '2024-25'"
        )
    start_year, end_part = int(match[1]), int(match[2])
    if end_part != (start_year + 1) % 100:
        raise ValueError(
            f"{label!r} is not a financial year: {end_part:02d} does not follow "
            f"{start_year} (did you mean {financial_year_label(start_year)!r}?)"
        )
    return start_year


def _add_months(first_of_month: date, months: int) -> date:
    """The first day of the month `months` after `first_of_month`."""
    index = first_of_month.month - 1 + months
    return date(first_of_month.year + index // 12, index % 12 + 1, 1)


# (start, code, label) for each period of a year, in order.
_Row = tuple[date, str, str]


def _fy_code(year: int) -> str:
    return financial_year_label(year).replace("/", "-")


def _month_rows(year: int) -> list[_Row]:
    starts = [_add_months(date(year, 4, 1), i) for i in range(12)]
    return [
        (s, f"{s.year:04d}-{s.month:02d}", f"{_MONTH_NAMES[s.month - 1]} {s.year}") for s in starts
    ]


def _split_rows(year: int, months: int, letter: str) -> list[_Row]:
    """Equal slices of a financial year: quarters (3 months, "Q") or halves (6 months, "H")."""
    code, label = _fy_code(year), financial_year_label(year)
    starts = [_add_months(date(year, 4, 1), months * i) for i in range(12 // months)]
    return [
        (start, f"{code}-{letter}{n}", f"{letter}{n} {label}") for n, start in enumerate(starts, 1)
    ]


def _term_rows(year: int) -> list[_Row]:
    code, label = _fy_code(year), financial_year_label(year)
    starts = (date(year, 9, 1), date(year + 1, 1, 1), date(year + 1, 4, 1))
    names = ("autumn", "spring", "summer")
    return [
        (start, f"AY{code}-{name}", f"{name.capitalize()} term {label}")
        for start, name in zip(starts, names, strict=True)
    ]


def _week_rows(year: int) -> list[_Row]:
    """Weeks whose Monday falls in the financial year, so each week has exactly one home."""
    first = date(year, 4, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    rows: list[_Row] = []
    while monday < date(year + 1, 4, 1):
        month = _MONTH_NAMES[monday.month - 1][:3]
        rows.append((monday, f"W{monday.isoformat()}", f"w/c {monday.day} {month} {monday.year}"))
        monday += ONE_WEEK
    return rows


def _rows_and_stop(kind: PeriodKind, year: int) -> tuple[list[_Row], date]:
    """The periods of one year as rows, plus the day after the last one ends."""
    fy_start, ay_start = date(year, 4, 1), date(year, 9, 1)
    match kind:
        case PeriodKind.MONTH:
            return _month_rows(year), date(year + 1, 4, 1)
        case PeriodKind.QUARTER:
            return _split_rows(year, 3, "Q"), date(year + 1, 4, 1)
        case PeriodKind.HALF_YEAR:
            return _split_rows(year, 6, "H"), date(year + 1, 4, 1)
        case PeriodKind.FINANCIAL_YEAR:
            row = (fy_start, f"FY{_fy_code(year)}", financial_year_label(year))
            return [row], date(year + 1, 4, 1)
        case PeriodKind.ACADEMIC_YEAR:
            row = (ay_start, f"AY{_fy_code(year)}", f"AY {financial_year_label(year)}")
            return [row], date(year + 1, 9, 1)
        case PeriodKind.TERM:
            return _term_rows(year), date(year + 1, 9, 1)
        case PeriodKind.CALENDAR_YEAR:
            return [(date(year, 1, 1), f"CY{year:04d}", str(year))], date(year + 1, 1, 1)
        case PeriodKind.WEEK:
            rows = _week_rows(year)
            return rows, rows[-1][0] + ONE_WEEK


@functools.lru_cache(maxsize=512)
def _periods(kind: PeriodKind, year: int) -> tuple[PeriodSpec, ...]:
    """Every period of `kind` in `year`; each ends the day before the next one starts."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValueError(f"Year {year} is outside the supported range {_MIN_YEAR}..{_MAX_YEAR}")
    kind = PeriodKind(kind)  # a plain "month" read back from the database works too
    rows, stop = _rows_and_stop(kind, year)
    ends = [row[0] - ONE_DAY for row in rows[1:]] + [stop - ONE_DAY]
    return tuple(
        PeriodSpec(kind, start, end, code, label, financial_year_of(start), sequence)
        for sequence, ((start, code, label), end) in enumerate(zip(rows, ends, strict=True), 1)
    )


def periods_for_financial_year(kind: PeriodKind, start_year: int) -> list[PeriodSpec]:
    """All periods of `kind` in one year, in date order.

    For financial kinds and weeks that is the financial year starting 1 April `start_year`;
    for academic kinds, the academic year starting 1 September `start_year`; for calendar
    years, the calendar year `start_year`.
    """
    return list(_periods(kind, start_year))


def _sort_key(spec: PeriodSpec) -> tuple[date, date, int]:
    """By start; among periods starting together, shorter first so year-ish kinds come last."""
    return (spec.start, spec.end, _KIND_ORDER[spec.kind])


def generate_periods(
    kinds: Iterable[PeriodKind], first_year: int, last_year: int
) -> list[PeriodSpec]:
    """Every period of the given kinds for years `first_year`..`last_year` inclusive, sorted."""
    if first_year > last_year:
        raise ValueError(f"first_year {first_year} is after last_year {last_year}")
    specs = [
        spec
        for kind in dict.fromkeys(kinds)
        for year in range(first_year, last_year + 1)
        for spec in _periods(kind, year)
    ]
    return sorted(specs, key=_sort_key)


_YEAR_IN_CODE = re.compile(r"(\d{4})")


def year_of_code(code: str) -> int | None:
    """The year (as `generate_periods` counts them) whose periods include the one with this
    code, stored or not; None if no period of any kind has it.

    Lets a caller tell a typo ("2026-27-Q5") from a real period of a year not yet created.
    """
    match = _YEAR_IN_CODE.search(code)
    if match is None:
        return None
    wanted = code.strip().casefold()
    year = int(match[1])
    # A code's first four digits are its own year or the one after (January's month code).
    for candidate in (year, year - 1):
        if not _MIN_YEAR <= candidate <= _MAX_YEAR:
            continue
        for kind in PeriodKind:
            if any(spec.code.casefold() == wanted for spec in _periods(kind, candidate)):
                return candidate
    return None


def _year_of(kind: PeriodKind, d: date) -> int:
    """The year argument of `periods_for_financial_year` whose periods of `kind` include `d`."""
    if kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.TERM):
        return _academic_year_of(d)
    if kind == PeriodKind.CALENDAR_YEAR:
        return d.year
    if kind == PeriodKind.WEEK:
        return financial_year_of(d - timedelta(days=d.weekday()))
    return financial_year_of(d)


def containing(kind: PeriodKind, d: date) -> PeriodSpec:
    """The period of `kind` that contains `d`."""
    for spec in _periods(kind, _year_of(kind, d)):
        if spec.start <= d <= spec.end:
            return spec
    raise AssertionError(f"No {kind.label.lower()} contains {d}")  # periods tile their year


def previous(spec: PeriodSpec) -> PeriodSpec:
    """The period of the same kind that ends the day before `spec` starts."""
    return containing(spec.kind, spec.start - ONE_DAY)


def same_period_last_year(spec: PeriodSpec) -> PeriodSpec:
    """The comparable period a year earlier: same kind and same position in its year.

    A year has 52 or 53 weeks, so week 53 compares with week 52 when last year had no 53rd.
    """
    last_year = _periods(spec.kind, _year_of(spec.kind, spec.start) - 1)
    return last_year[min(spec.sequence, len(last_year)) - 1]


@functools.lru_cache(maxsize=256)
def bank_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """England and Wales bank holidays for `first_year`..`last_year` inclusive.

    Taken from the `holidays` package rather than a hand-kept list so that substitute days
    and one-off days (the 2022 state funeral, the 2023 coronation) come with it. Only the
    weekdays are kept: when Christmas falls on a Sunday the holiday is the substitute day,
    matching the GOV.UK list.
    """
    if first_year > last_year:
        raise ValueError(f"first_year {first_year} is after last_year {last_year}")
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(day for day in calendar if day.weekday() < 5)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return d.weekday() < 5 and d not in bank_holidays(d.year, d.year)


def add_working_days(d: date, n: int) -> date:
    """The date `n` working days after `d` (`d` itself when `n` is 0, even at a weekend)."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    day = d
    while n:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """When data for a period is due: `working_days` working days after the period ends."""

    working_days: int = 15

    def __post_init__(self) -> None:
        if self.working_days < 0:
            raise ValueError(f"working_days must not be negative, got {self.working_days}")


# A module constant rather than `DeadlineRule()` in the signature, so the default is one
# shared immutable object and linters do not flag a call in a default argument.
DEFAULT_DEADLINE_RULE = DeadlineRule()


def deadline(spec: PeriodSpec, rule: DeadlineRule = DEFAULT_DEADLINE_RULE) -> date:
    """The data-entry deadline for `spec` under `rule`."""
    return add_working_days(spec.end, rule.working_days)
