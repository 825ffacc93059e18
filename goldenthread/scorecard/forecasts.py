"""Year-end forecasts fed from the database's figures (the method: ``goldenthread.forecast``,
ADR 0029).

No queries here: the scorecard and the indicator page read the figures (in their own fixed
number of queries) and hand them over as dictionaries keyed by period id. This module lines
them up by year and period, in the order ``forecast.year_end`` wants them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from goldenthread import forecast, status
from goldenthread.indicators.models import Period

HISTORY_YEARS = 8
"""Past years a forecast learns from at most: enough for a steady interval, and a bound on
what the scorecard reads."""


def by_year(periods: Iterable[Period]) -> dict[int, list[Period]]:
    """One kind's periods grouped by reporting year, each year's in order."""
    years: dict[int, list[Period]] = defaultdict(list)
    for period in sorted(periods, key=lambda p: p.start):
        years[period.reporting_year].append(period)
    return dict(years)


def year_end_forecast(
    *,
    years: Mapping[int, Sequence[Period]],
    current: Period,
    observations: Mapping[int, status.Observation],
    targets: Mapping[int, status.Target],
    rule: status.Rule,
    comparable_from: int | None = None,
) -> forecast.Forecast | forecast.NoForecast:
    """The forecast of ``current``'s year's outturn from the figures up to ``current``.

    ``years``: the indicator's kind of period by reporting year (``by_year``);
    ``observations`` and ``targets`` by period id. ``comparable_from``: the first year the
    indicator was measured as it is now, after a change of definition (years before it are
    not learnt from); nothing records such a change yet, so callers pass None.
    """
    year = current.reporting_year
    periods = years.get(year, [])
    target = status.ytd_target([targets.get(p.pk) for p in periods], rule)
    past_years = [y for y in sorted(years) if year - HISTORY_YEARS <= y < year]
    if len(periods) == 1:  # annual: forecast the year from the years before it
        if current.pk in observations:
            return forecast.NoForecast("The year's figure is in: the outturn is known.")
        outturns = [
            (y, status.year_to_date([o for p in years[y] if (o := observations.get(p.pk))], rule))
            for y in past_years
        ]
        return forecast.year_ahead(outturns, rule, target, comparable_from=comparable_from)
    known = [observations.get(p.pk) for p in periods[: periods.index(current) + 1]]
    while known and known[-1] is None:
        known.pop()
    past = [(y, [observations.get(p.pk) for p in years[y]]) for y in past_years]
    return forecast.year_end(
        known, past, rule, target, periods_in_year=len(periods), comparable_from=comparable_from
    )
