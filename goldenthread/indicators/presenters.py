"""Formatting figures for people: units, stated precision and the absence of a value."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, NamedTuple, Protocol

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from goldenthread.indicators import charts
from goldenthread.indicators.charts import sparkline_svg
from goldenthread.indicators.models import Indicator, Period, Target, Unit
from goldenthread.status import Direction, Polarity, Rag, round_to_precision
from goldenthread.status import Target as RuleTarget

if TYPE_CHECKING:
    from goldenthread.benchmarking.selectors import IndicatorBenchmark
    from goldenthread.indicators.selectors import PeriodLine, ScorecardRow

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


def trend_description(
    indicator: Measured, periods: Sequence[Period], values: Sequence[Decimal | None]
) -> str:
    """The sparkline's text alternative: every point, in words."""
    write = measure_writer(indicator.unit, indicator.decimals)
    points = ", ".join(
        f"{period.label} {write(value)}" if value is not None else f"{period.label} no value"
        for period, value in zip(periods, values, strict=True)
    )
    return f"Trend for {indicator.code}: {points}"


def sparkline(
    indicator: Measured, periods: Sequence[Period], values: Sequence[Decimal | None]
) -> SafeString:
    # The SVG holds only numbers and escaped text, so it is safe to mark as such.
    return mark_safe(  # nosec B308 B703  # numbers and escaped text only (see the comment above)
        sparkline_svg(values, trend_description(indicator, periods, values))
    )


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


class ScorecardLine(NamedTuple):
    """A scorecard row as the page prints it: its heading and figures as ready HTML.

    Worked out here rather than in the template, which only places them: formatting ten
    figures and a sparkline a row through template filters, tags and variable lookups was
    most of an 800-row scorecard's time.
    """

    heading: SafeString  # row_heading
    cells: SafeString  # figure_cells
    quartile: SafeString  # the benchmarked quartile and its year, or a dash
    owner: str


# A row's heading cell: the indicator's code and title, linking to its page, then the period
# shown and the service that reports it.
ROW_HEADING = (
    '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{}">{} '
    '<span class="govuk-!-font-weight-regular">{}</span></a>\n'
    '        <span class="gt-meta">{} · {}</span></th>'
)


def row_heading(row: ScorecardRow, href: str) -> SafeString:
    """A scorecard row's heading cell (``ROW_HEADING``), every part escaped.

    ``html.escape`` rather than ``format_html``: the same escaping (Django's ``escape`` is
    ``html.escape``) without the checks for lazy and safe strings, which were a third of it.
    """
    indicator = row.indicator
    return mark_safe(  # nosec B308 B703  # every part is escaped
        ROW_HEADING.format(
            escape(href),
            escape(indicator.code),
            escape(indicator.title),
            escape(row.period.label),
            escape(indicator.service_name),
        )
    )


# The figures' cells, shared by the staff and public scorecards: actual (and whether it is an
# estimate), target, status, direction since the last period and the same period last year,
# and the trend. The status and directions are tags (colour and word), the trend an SVG with
# its text alternative.
FIGURE_CELLS = (
    '<td class="govuk-table__cell gt-num">{}{}</td>\n'
    '      <td class="govuk-table__cell gt-num">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>'
)
ESTIMATE = ' <span class="gt-meta">estimate</span>'


def figure_cells(row: ScorecardRow) -> SafeString:
    """A scorecard row's figures as table cells (``FIGURE_CELLS``)."""
    indicator, actual, judged = row.indicator, row.actual, row.status
    # Escaped, though a formatted figure is digits, separators and a unit, never markup; the
    # tags and the sparkline are already safe.
    return mark_safe(  # nosec B308 B703  # every part is escaped or built from escaped parts
        FIGURE_CELLS.format(
            escape(format_measure(actual.value, indicator.unit, indicator.decimals))
            if actual
            else NO_VALUE,
            ESTIMATE if actual and actual.is_estimated else "",
            escape(format_target(row.target, indicator)),
            rag_tag(judged.rag),
            direction_text(judged.against_previous),
            direction_text(judged.against_last_year),
            sparkline(indicator, row.trend_periods, row.trend),
        )
    )


def scorecard_line(row: ScorecardRow, href: str) -> ScorecardLine:
    benchmark = row.benchmark
    return ScorecardLine(
        row_heading(row, href),
        figure_cells(row),
        quartile_text(benchmark),
        row.indicator.owner_name or NO_VALUE,
    )


def quartile_text(benchmark: IndicatorBenchmark | None) -> SafeString:
    """Where the council stands among its comparators, and for which year; a dash if it is
    not benchmarked."""
    if benchmark is None:
        return mark_safe(NO_VALUE)  # nosec B308 B703  # a constant
    return format_html(
        '{} <span class="gt-meta">{}</span>', benchmark.quartile_label, benchmark.year_label
    )


def scorecard_lines(rows: Iterable[ScorecardRow], url_name: str) -> list[ScorecardLine]:
    """Each row's line, linking to its indicator's page under ``url_name``."""
    link = indicator_link(url_name)
    return [scorecard_line(row, link(row.indicator.pk)) for row in rows]


_ANY_PK = 7_340_159  # a number no pattern's fixed text holds


def indicator_link(url_name: str) -> Callable[[int], str]:
    """``reverse(url_name, args=[pk])`` for many indicators: ``reverse`` once, then format.

    ``reverse`` takes about 25 µs, which for an 800-row scorecard was 20 ms.
    """
    before, marker, after = reverse(url_name, args=[_ANY_PK]).partition(str(_ANY_PK))
    if not marker:
        raise ValueError(f"{url_name} is not a path with an indicator's pk in it")
    return lambda pk: f"{before}{pk}{after}"


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


def current_year_chart(indicator: Indicator, lines: Sequence[PeriodLine]) -> str:
    """The indicator page's chart: actual, target and last year for the current year's periods
    (an empty string when there are none). The same figures are in the page's table."""
    if not lines:
        return ""
    return charts.line_chart_svg(
        title=f"{indicator.code} {indicator.title}",
        description=(
            f"Actual, target and last year by period for {indicator.title}. "
            "The same figures are in the table below the chart."
        ),
        categories=[_short(line.period.label) for line in lines],
        series=[
            charts.Series(
                "Actual",
                [line.actual.value if line.actual else None for line in lines],
                charts.BLUE,
            ),
            charts.Series(
                "Target",
                [_target_point(line.target) for line in lines],
                charts.BLACK,
                dash="8 5",
                marker="square",
            ),
            charts.Series(
                "Last year",
                [line.last_year for line in lines],
                charts.ORANGE,
                dash="2 4",
                marker="diamond",
            ),
        ],
    )


def _short(label: str) -> str:
    """'Q1 2024/25' → 'Q1', 'April 2024' → 'Apr': the chart's year is in its title."""
    first = label.split(" ")[0]
    return first[:3] if first.isalpha() and len(first) > 3 else first


def _target_point(target: Target | None) -> Decimal | None:
    """A band target is drawn at its midpoint; the table gives both bounds."""
    if target is None:
        return None
    if target.value is not None:
        return target.value
    if target.lower is not None and target.upper is not None:
        return (target.lower + target.upper) / 2
    return None
