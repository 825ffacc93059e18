"""The scorecard's cells and the indicator page's chart, formatted for people.

Each cell is worked out here rather than in the template, which only places them: formatting
ten figures and a sparkline a row through template filters, tags and variable lookups was
most of an 800-row scorecard's time. ``columns.COLUMNS`` says which cell goes under which
heading; a function here writes a cell's content, already escaped.

``html.escape`` rather than ``format_html``: the same escaping (Django's ``escape`` is
``html.escape``) without the checks for lazy and safe strings, which were a third of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from goldenthread.core import charts
from goldenthread.forecast import Forecast, NoForecast
from goldenthread.indicators.models import Indicator, Period, Target
from goldenthread.indicators.presenters import (
    NO_VALUE,
    Measured,
    direction_text,
    format_measure,
    format_target,
    measure_writer,
    rag_tag,
)
from goldenthread.scorecard.selectors import IndicatorDetail, PeriodLine, ScorecardRow
from goldenthread.status import round_to_precision


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
        charts.sparkline_svg(values, trend_description(indicator, periods, values))
    )


# --- a row's cells on the scorecard pages (HTML, escaped) ------------------------------------

# The row's heading: the indicator's code and title, linking to its page, then the period
# shown and the service that reports it.
ROW_HEADING = (
    '<a class="govuk-link" href="{}">{} '
    '<span class="govuk-!-font-weight-regular">{}</span></a>\n'
    '        <span class="gt-meta">{} · {}</span>'
)
ESTIMATE = ' <span class="gt-meta">estimate</span>'


def row_heading(row: ScorecardRow, href: str) -> str:
    indicator = row.indicator
    return ROW_HEADING.format(
        escape(href),
        escape(indicator.code),
        escape(indicator.title),
        escape(row.period.label),
        escape(indicator.service_name),
    )


# The figures are escaped, though a formatted figure is digits, separators and a unit, never
# markup; the tags and the sparkline are already safe.
def actual_cell(row: ScorecardRow, href: str) -> str:
    """The actual, marked if it is an estimate."""
    indicator, actual = row.indicator, row.actual
    if actual is None:
        return NO_VALUE
    figure = escape(format_measure(actual.value, indicator.unit, indicator.decimals))
    return figure + ESTIMATE if actual.is_estimated else figure


def target_cell(row: ScorecardRow, href: str) -> str:
    return escape(format_target(row.target, row.indicator))


def status_cell(row: ScorecardRow, href: str) -> str:
    """A tag: colour and the word."""
    return rag_tag(row.status.rag)


def since_last_period_cell(row: ScorecardRow, href: str) -> str:
    return direction_text(row.status.against_previous)


def since_last_year_cell(row: ScorecardRow, href: str) -> str:
    return direction_text(row.status.against_last_year)


def trend_cell(row: ScorecardRow, href: str) -> str:
    """An SVG with its text alternative."""
    return sparkline(row.indicator, row.trend_periods, row.trend)


def quartile_cell(row: ScorecardRow, href: str) -> str:
    """Where the council stands among its comparators, and for which year; a dash if it is
    not benchmarked."""
    benchmark = row.benchmark
    if benchmark is None:
        return NO_VALUE
    return format_html(
        '{} <span class="gt-meta">{}</span>', benchmark.quartile_label, benchmark.year_label
    )


def forecast_verdict(outlook: Forecast | NoForecast | None) -> str:
    """ "Likely to meet (78%)", "Likely to miss (23%)", "No target" or "No forecast"."""
    if not isinstance(outlook, Forecast):
        return "No forecast"
    if outlook.probability is None:
        return "No target"
    chance = round(outlook.probability * 100)
    return f"Likely to {'meet' if outlook.likely_to_meet else 'miss'} ({chance}%)"


def forecast_cell(row: ScorecardRow, href: str) -> str:
    """The chance of meeting the year-end target (ADR 0029), and the projected outturn."""
    outlook = row.forecast
    if not isinstance(outlook, Forecast):
        return '<span class="gt-meta">No forecast</span>'
    point = format_measure(outlook.point, row.indicator.unit, row.indicator.decimals)
    return '{} <span class="gt-meta">{}</span>'.format(
        escape(forecast_verdict(outlook)), escape(f"outturn {point}")
    )


def forecast_rows(indicator: Indicator, detail: IndicatorDetail) -> list[tuple[str, str]]:
    """The indicator page's forecast as summary-list rows (key, value); none if it has no
    figures. A missing forecast is one row saying why."""
    outlook = detail.forecast
    if outlook is None:
        return []
    if isinstance(outlook, NoForecast):
        return [("Forecast", f"No forecast. {outlook.reason}")]
    write = measure_writer(indicator.unit, indicator.decimals)
    if outlook.periods_known:
        basis = (
            f"From the first {outlook.periods_known} of {outlook.periods_in_year} periods this "
            f"year and how the rest of the year went in the past {outlook.years} years"
        )
    else:
        basis = f"From the year-on-year changes of the past {outlook.years} years"
    owner = detail.owner_forecast
    rows = [
        ("Projected outturn", write(outlook.point)),
        (
            f"Likely range ({round(outlook.level * 100)}% interval)",
            f"{write(outlook.low)} to {write(outlook.high)}",
        ),
        (
            "Chance of meeting the year-end target",
            "No year-end target set"
            if outlook.probability is None
            else f"{round(outlook.probability * 100)}%: likely to "
            f"{'meet' if outlook.likely_to_meet else 'miss'} it",
        ),
        (
            "Owner's forecast",
            f"{write(owner.forecast)} (given with {owner.period.label})"
            if owner is not None and owner.forecast is not None
            else "None given",
        ),
        ("Method", f"{basis} (ADR 0029)."),
    ]
    return rows


def owner_cell(row: ScorecardRow, href: str) -> str:
    return escape(row.indicator.owner_name or NO_VALUE)


# --- a row's values in the export (plain values; numbers as numbers) -------------------------


def number(value: Decimal | None, decimals: int) -> float | None:
    """A figure at its stated precision, as a spreadsheet number (empty when there is none)."""
    return None if value is None else float(round_to_precision(value, decimals))


def actual_number(row: ScorecardRow) -> float | None:
    return number(row.actual.value if row.actual else None, row.indicator.decimals)


def previous_number(row: ScorecardRow) -> float | None:
    return number(row.previous_value, row.indicator.decimals)


def last_year_number(row: ScorecardRow) -> float | None:
    return number(row.last_year_value, row.indicator.decimals)


def target_text(row: ScorecardRow) -> str:
    return format_target(row.target, row.indicator)


# --- links ----------------------------------------------------------------------------------

_ANY_PK = 7_340_159  # a number no pattern's fixed text holds


def indicator_link(url_name: str) -> Callable[[int], str]:
    """``reverse(url_name, args=[pk])`` for many indicators: ``reverse`` once, then format.

    ``reverse`` takes about 25 µs, which for an 800-row scorecard was 20 ms.
    """
    before, marker, after = reverse(url_name, args=[_ANY_PK]).partition(str(_ANY_PK))
    if not marker:
        raise ValueError(f"{url_name} is not a path with an indicator's pk in it")
    return lambda pk: f"{before}{pk}{after}"


# --- the indicator page ---------------------------------------------------------------------


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
