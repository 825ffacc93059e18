"""What values and targets rows are checked against: the council's indicators, the periods,
and the row where each (indicator, period) pair first appeared.

Loaded up front in a fixed number of queries, so checking a row costs no query.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from django.db.models import Q

from goldenthread.imports.base import RowProblems
from goldenthread.imports.cells import Bad, Column, Columns, text
from goldenthread.imports.readers import Cell, Row
from goldenthread.imports.registry import Report
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council
from goldenthread.periods import PeriodKind, financial_year_label, year_of_code

__all__ = ["FirstRows", "Lookups", "identify", "period_locked"]


class FirstRows:
    """The row where each (indicator, period) pair first appeared in a file, to refuse a
    second row for it. One number per pair the council could have, so it is bounded by the
    size of the council (800 indicators x 300 periods is under 1 MB), not of the file."""

    def __init__(self, indicator_ids: Sequence[int], period_ids: Sequence[int]) -> None:
        self.indicators = {pk: n for n, pk in enumerate(indicator_ids)}
        self.periods = {pk: n for n, pk in enumerate(period_ids)}
        self.rows = array("I", bytes(array("I").itemsize * len(indicator_ids) * len(period_ids)))

    def first(self, indicator_id: int, period_id: int, row: int) -> int | None:
        """The row the pair was first in, or None (noting ``row``) if this is the first."""
        slot = self.indicators[indicator_id] * len(self.periods) + self.periods[period_id]
        seen = self.rows[slot]
        if seen:
            return seen
        self.rows[slot] = row
        return None


def _code_key(code: str) -> str:
    return re.sub(r"\s+", "", code).upper()


class Lookups:
    """Everything rows are checked against, loaded up front in a fixed number of queries."""

    def __init__(self, *, council: Council | None, allowed: Q | None) -> None:
        self.council = council
        indicators = list(Indicator.objects.filter(council=council)) if council is not None else []
        self.by_code = {i.code: i for i in indicators}
        self.by_key: dict[str, list[Indicator]] = defaultdict(list)
        for indicator in indicators:
            self.by_key[_code_key(indicator.code)].append(indicator)
        self.allowed_ids: set[int] | None = None
        if allowed is not None:
            self.allowed_ids = set(
                Indicator.objects.filter(allowed, council=council).values_list("pk", flat=True)
            )
        self.periods = list(Period.objects.all())
        self.period_by_name: dict[str, Period] = {}
        for period in self.periods:
            self.period_by_name[period.label.lower()] = period
        for period in self.periods:  # codes win over labels
            self.period_by_name[period.code.lower()] = period
        self.periods_by_kind: dict[str, list[Period]] = defaultdict(list)
        for period in self.periods:
            self.periods_by_kind[period.kind].append(period)

    def indicator(self, code: str) -> Indicator:
        found = self.by_code.get(code)
        if found is not None:
            return found
        near = self.by_key.get(_code_key(code), [])
        if len(near) == 1:
            return near[0]
        if near:
            names = " or ".join(f"“{i.code}”" for i in near)
            raise Bad(f"“{code}” could be {names}: write the code exactly")
        raise Bad(f"there is no indicator with the code “{code}”")

    def period(self, cell: Cell, indicator: Indicator | None, kinds: Sequence[str]) -> Period:
        """The period a cell names by code ("2026-27-Q2"), label ("Q2 2026/27") or a date in
        it; it must be one of ``kinds`` (the indicator's frequency, for values)."""
        when = _as_date(cell)
        if when is not None:
            kind = kinds[0]
            for period in self.periods_by_kind.get(kind, []):
                if period.start <= when <= period.end:
                    return period
            raise Bad(f"there is no {PeriodKind(kind).label.lower()} containing {when:%d/%m/%Y}")
        name = text(cell)
        if not name:
            raise Bad("enter the period, e.g. 2026-27-Q2, 2026-04 or FY2026-27")
        found = self.period_by_name.get(name.lower())
        if found is None:
            raise Bad(self._no_period(name))
        if found.kind not in kinds:
            wanted = PeriodKind(kinds[0]).label.lower()
            example = next(iter(self.periods_by_kind.get(kinds[0], [])), None)
            hint = f" (e.g. {example.code})" if example else ""
            who = f"{indicator.code} is reported by {wanted}" if indicator else f"a {wanted}"
            raise Bad(f"{found.code} is a {PeriodKind(found.kind).label.lower()}; {who}{hint}")
        return found

    def _no_period(self, name: str) -> str:
        """A well-formed code for a year not yet created says how to create it; anything
        else is a typo, answered with the shape of a code."""
        year = year_of_code(name)
        if year is not None:
            label = financial_year_label(year).replace("/", "-")
            return (
                f"there is no period “{name[:40]}” yet: its year has not been created; "
                f"run `goldenthread periods extend --to FY{label}`"
            )
        return f"there is no period “{name[:40]}”; use a code like 2026-27-Q2 or 2026-04"


# The columns ``identify`` reads, first in the values and the targets files alike.
IDENTITY = (
    Column("indicator", ("indicator code", "code", "pi", "pi code"), required=True),
    Column("period", ("period code",), required=True),
)


def identify(
    row: Row,
    columns: Columns,
    lookups: Lookups,
    report: Report,
    kinds: Callable[[Indicator], list[str]],
) -> tuple[Indicator, Period] | None:
    """The row's indicator and period (of one of ``kinds(indicator)``), or None with the
    problems noted."""
    problems = RowProblems(report, columns, row)
    code = problems.read("indicator", text, "")
    if not code:
        if not problems.count:
            problems.add("indicator", "enter the indicator code")
        return None
    indicator = problems.read("indicator", lambda _: lookups.indicator(code))
    if indicator is None:
        return None
    if lookups.allowed_ids is not None and indicator.pk not in lookups.allowed_ids:
        problems.add(
            "indicator",
            f"you may import only for indicators you own or your service owns; "
            f"{indicator.code} is not one",
        )
        return None
    period = problems.read("period", lambda cell: lookups.period(cell, indicator, kinds(indicator)))
    return None if period is None else (indicator, period)


def period_locked(problems: RowProblems, period: Period) -> bool:
    if not period.is_signed_off:
        return False
    problems.add("period", f"locked: {period.label} was locked on {period.locked_at:%d %B %Y}")
    return True


EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y")


def _as_date(cell: Cell) -> date | None:
    """A date cell (or a date written as text, or an Excel serial day number), else None."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 20000 <= cell < 80000:
        # A date pasted as a plain number: Excel's day count (1 = 1 January 1900, with
        # Excel's phantom 29 February 1900 already behind these values).
        return EXCEL_EPOCH + timedelta(days=int(cell))
    if isinstance(cell, str):
        return _text_date(cell.strip())
    return None


@functools.lru_cache(maxsize=4096)
def _text_date(written: str) -> date | None:
    """A date written as text, else None. Cached: a file names the same periods in row after
    row, and a failed ``strptime`` is dear (a period code like 2026-27-Q2 fails all three)."""
    if len(written) in range(8, 11):
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(written, pattern).date()
            except ValueError:
                continue
    return None
