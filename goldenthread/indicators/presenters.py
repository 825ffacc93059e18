"""Formatting figures for people: units, stated precision and the absence of a value."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from django.utils.html import format_html
from django.utils.safestring import SafeString

from goldenthread.indicators.models import Target, Unit
from goldenthread.status import Direction, Polarity, Rag, round_to_precision
from goldenthread.status import Target as RuleTarget

NO_VALUE = "–"


class Measured(Protocol):
    """What formatting a figure needs of its indicator: an ``Indicator`` or a scorecard
    row's ``ScorecardIndicator``."""

    @property
    def code(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def decimals(self) -> int: ...
    @property
    def polarity(self) -> str: ...


def format_measure(value: Decimal | None, unit: str, decimals: int) -> str:
    """A figure as a council publishes it: ``72.4%``, ``£1,250``, ``8.2 days``, ``–`` for none."""
    if value is None:
        return NO_VALUE
    return measure_writer(unit, decimals)(value)


@functools.cache
def measure_writer(unit: str, decimals: int) -> Callable[[Decimal], str]:
    """``format_measure`` for one unit and precision, their format worked out once: a
    scorecard writes some 7,000 figures a page, nine or ten an indicator."""
    spec = f",.{decimals}f"
    if unit == Unit.POUNDS:

        def pounds(value: Decimal) -> str:
            number = format(round_to_precision(value, decimals), spec)
            return f"−£{number[1:]}" if number.startswith("-") else f"£{number}"

        return pounds
    suffix = "%" if unit == Unit.PERCENT else SUFFIXES.get(unit, "")
    return lambda value: format(round_to_precision(value, decimals), spec) + suffix


# Built once: a scorecard formats about ten figures a row (the trend's text alternative).
SUFFIXES: dict[str, str] = {
    Unit.DAYS: " days",
    Unit.WEEKS: " weeks",
    Unit.HOURS: " hours",
    Unit.RATE_PER_1000: " per 1,000",
    Unit.RATE_PER_100000: " per 100,000",
}


def format_target(target: Target | RuleTarget | None, indicator: Measured) -> str:
    """A target as a value, or a band as ``low to high``; a dash where none is set."""
    if target is None:
        return NO_VALUE
    if target.lower is not None and target.upper is not None:
        low = format_measure(target.lower, indicator.unit, indicator.decimals)
        high = format_measure(target.upper, indicator.unit, indicator.decimals)
        return f"{low} to {high}"
    if indicator.polarity == Polarity.NONE:
        return NO_VALUE
    return format_measure(target.value, indicator.unit, indicator.decimals)


ARROWS = {
    Direction.IMPROVING: "▲",
    Direction.INCREASED: "▲",
    Direction.WORSENING: "▼",
    Direction.DECREASED: "▼",
    Direction.NO_CHANGE: "▶",
    Direction.NOT_COMPARABLE: "–",
}


# Both depend on nothing but their one argument (six possible values each), so each tag is
# built once: the scorecard shows three a row, and format_html was a tenth of its time.
@functools.cache
def rag_tag(rag: Rag) -> SafeString:
    """A GOV.UK tag for a status: colour and the word, never colour alone (WCAG 1.4.1)."""
    return format_html(
        '<strong class="govuk-tag gt-rag gt-rag--{}">{}</strong>', rag.value, rag.label
    )


@functools.cache
def direction_text(direction: Direction) -> SafeString:
    """Direction of travel as an arrow (hidden from screen readers) and the word."""
    return format_html(
        '<span class="gt-direction gt-direction--{}"><span aria-hidden="true" '
        'class="gt-direction__arrow">{}</span> {}</span>',
        direction.value,
        ARROWS[direction],
        direction.label,
    )


AUDIT_SUBJECTS = {
    "indicators.indicator": "Definition",
    "indicators.target": "Target",
    "indicators.actual": "Return",
}
# Bookkeeping fields that change with every save and say nothing a reader needs.
# (Who and when are the entry's own columns, so the workflow's stamps are quiet too.)
AUDIT_QUIET = {
    "version",
    "modified_by_id",
    "created_by_id",
    "id",
    "indicator_id",
    "period_id",
    "council_id",
    "submitted_at",
    "submitted_by_id",
    "approved_at",
    "approved_by_id",
}


def audit_subject(model: str, object_repr: str) -> str:
    return f"{AUDIT_SUBJECTS.get(model, model)}: {object_repr}"


def audit_changes(changes: dict[str, object]) -> list[str]:
    """'Value: 10.5 → 12' lines for an audit entry, in a reader's words."""
    lines = []
    for name, change in changes.items():
        if name in AUDIT_QUIET:
            continue
        label = name.removesuffix("_id").replace("_", " ").capitalize()
        if isinstance(change, list) and len(change) == 2:
            before, after = ("blank" if v in (None, "") else str(v) for v in change)
            lines.append(
                f"{label}: {after}" if before == "blank" else f"{label}: {before} → {after}"
            )
        elif isinstance(change, dict):
            parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in change.items())
            lines.append(f"{label}: {parts}")
        else:
            lines.append(f"{label}: {change}")
    return lines
