"""Year-end forecasts: the projected outturn, an 80 % interval and the chance of meeting target.

Pure Python, no Django and no I/O, like ``goldenthread.status`` (whose ``year_to_date`` is the
one rule for a year to date, and which this module uses for it). The method is ADR 0029's:

1. For each past year with every period reported, compare its outturn with its own year to
   date at the same point as this year (the first ``k`` periods): the **adjustment**. For a
   summed or cumulative count it is the log of the ratio outturn ÷ year to date, which carries
   the indicator's own seasonal shape (a year that is 40 % done by September gives a ratio
   near 2.5); for a mean, a pooled ratio (Σnum ÷ Σden) or a latest value it is the difference
   outturn − year to date, because a rate moves by points, not by multiples.
2. This year's forecast applies those adjustments to this year's year to date. The centre is
   their mean; the interval is the prediction interval for one more draw from a normal sample
   of that size: mean ± t(n − 1) × s × √(1 + 1/n). Student's t and the √(1 + 1/n) are the
   small-sample widening: three past years give an interval 2.2 times as wide as the same
   spread of thirty.
3. The chance of meeting target is the same t distribution's probability that the outturn is
   at or better than the target, given the polarity (within a band for BAND; none for NONE).

An annual series has no year to date: ``year_ahead`` forecasts next year from the past
years' year-on-year changes in the same way. Fewer than ``MIN_YEARS`` usable past years, or a
changed definition that leaves fewer, gives ``NoForecast`` and the reason: never a guess.

Arithmetic inside is in floats (logs and the t distribution have no Decimal form); the
figures handed back are Decimals rounded to the indicator's stated precision.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from goldenthread.status import (
    Aggregation,
    Observation,
    Polarity,
    Rule,
    Target,
    round_to_precision,
    year_to_date,
)

__all__ = [
    "LEVEL",
    "MIN_YEARS",
    "Distribution",
    "Empirical",
    "Forecast",
    "Method",
    "NoForecast",
    "Spread",
    "method_for",
    "probability_of_meeting",
    "spread",
    "t_cdf",
    "t_quantile",
    "year_ahead",
    "year_end",
]

LEVEL = 0.8
"""The interval's coverage: an 80 % interval, from its 10th to its 90th percentile."""

MIN_YEARS = 3
"""Past years needed before anything is forecast."""


class Method(StrEnum):
    """How a past year's outturn relates to its year to date (or to the year before)."""

    RATIO = "ratio"  # outturn = year to date × ratio (counts)
    DIFFERENCE = "difference"  # outturn = year to date + difference (rates, means)


@dataclass(frozen=True, slots=True)
class NoForecast:
    """No forecast, and why (shown to the reader in place of one)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Forecast:
    """A projected outturn with its interval and the chance of meeting target."""

    point: Decimal
    low: Decimal
    high: Decimal
    probability: float | None  # of meeting the target; None with no target or no polarity
    method: Method
    years: int  # past years the forecast learnt from
    periods_known: int  # this year's periods it starts from (0 for ``year_ahead``)
    periods_in_year: int
    level: float = LEVEL

    @property
    def likely_to_meet(self) -> bool | None:
        """True at 50 % or more, None when there is no probability."""
        return None if self.probability is None else self.probability >= 0.5


class Distribution(Protocol):
    """What a forecast needs of the distribution of the next adjustment."""

    @property
    def centre(self) -> float: ...
    def quantile(self, p: float) -> float: ...
    def above(self, threshold: float) -> float: ...
    def below(self, threshold: float) -> float: ...


@dataclass(frozen=True, slots=True)
class Empirical:
    """The past adjustments themselves: median, percentiles by linear interpolation, and
    shares. Not the method (ADR 0029): the alternative the backtest measures it against."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, adjustments: Sequence[float]) -> Empirical:
        return cls(tuple(sorted(adjustments)))

    @property
    def centre(self) -> float:
        return self.quantile(0.5)

    def quantile(self, p: float) -> float:
        position = p * (len(self.values) - 1)
        low = math.floor(position)
        high = min(low + 1, len(self.values) - 1)
        share = position - low
        return self.values[low] * (1 - share) + self.values[high] * share

    def above(self, threshold: float) -> float:
        return sum(v >= threshold for v in self.values) / len(self.values)

    def below(self, threshold: float) -> float:
        return sum(v <= threshold for v in self.values) / len(self.values)


@dataclass(frozen=True, slots=True)
class Spread:
    """The distribution of the next adjustment: centre + scale × Student's t(df)."""

    centre: float
    scale: float
    df: int

    def quantile(self, p: float) -> float:
        return self.centre + self.scale * t_quantile(p, self.df) if self.scale else self.centre

    def above(self, threshold: float) -> float:
        """P(next adjustment ≥ threshold)."""
        return 1.0 - self.below(threshold) if self.scale else float(self.centre >= threshold)

    def below(self, threshold: float) -> float:
        """P(next adjustment ≤ threshold)."""
        if self.scale == 0:
            return float(self.centre <= threshold)
        return t_cdf((threshold - self.centre) / self.scale, self.df)


def spread(adjustments: Sequence[float]) -> Spread:
    """The prediction distribution for one more adjustment like ``adjustments`` (n ≥ 2)."""
    n = len(adjustments)
    if n < 2:
        raise ValueError("a spread needs at least two adjustments")
    centre = math.fsum(adjustments) / n
    variance = math.fsum((a - centre) ** 2 for a in adjustments) / (n - 1)
    return Spread(centre, math.sqrt(variance) * math.sqrt(1 + 1 / n), n - 1)


# --- Student's t, from the regularised incomplete beta function (Numerical Recipes §6.4) ---


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-14:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


@lru_cache(maxsize=256)
def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t (by bisection on ``t_cdf``)."""
    if not 0 < p < 1:
        raise ValueError("p must be between 0 and 1")
    low, high = -1e6, 1e6
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


# --- forecasts ---


def method_for(rule: Rule) -> Method:
    """A count (summed, or a cumulative sum) scales by a ratio; everything else shifts."""
    return Method.RATIO if rule.aggregation is Aggregation.SUM else Method.DIFFERENCE


def _adjustment(method: Method, start: float, end: float) -> float | None:
    if method is Method.RATIO:
        return math.log(end / start) if start > 0 and end > 0 else None
    return end - start


def _apply(method: Method, base: float, adjustment: float) -> float:
    return base * math.exp(adjustment) if method is Method.RATIO else base + adjustment


def _threshold(method: Method, base: float, value: float) -> float:
    """The adjustment that takes ``base`` exactly to ``value`` (±inf where none can)."""
    if method is Method.DIFFERENCE:
        return value - base
    return math.log(value / base) if value > 0 else -math.inf


def probability_of_meeting(
    distribution: Distribution,
    method: Method,
    base: float,
    target: Target | None,
    polarity: Polarity,
) -> float | None:
    """P(outturn at or better than target); within the band for BAND; None if no judgement."""
    if target is None or target.band is None or polarity is Polarity.NONE:
        return None
    lower = _threshold(method, base, float(target.band[0]))
    upper = _threshold(method, base, float(target.band[1]))
    if polarity is Polarity.HIGHER:
        return distribution.above(lower)
    if polarity is Polarity.LOWER:
        return distribution.below(upper)
    return max(0.0, distribution.below(upper) - (1 - distribution.above(lower)))


def _as_float(value: Decimal) -> float:
    return float(value)


def _decimal(value: float, rule: Rule) -> Decimal:
    return round_to_precision(Decimal(f"{value:.6f}"), rule.decimals)


def _build(
    distribution: Distribution,
    method: Method,
    base: float,
    rule: Rule,
    target: Target | None,
    years: int,
    known: int,
    in_year: int,
) -> Forecast:
    tail = (1 - LEVEL) / 2
    return Forecast(
        _decimal(_apply(method, base, distribution.centre), rule),
        _decimal(_apply(method, base, distribution.quantile(tail)), rule),
        _decimal(_apply(method, base, distribution.quantile(1 - tail)), rule),
        probability_of_meeting(distribution, method, base, target, rule.polarity),
        method,
        years,
        known,
        in_year,
    )


def _too_few(usable: int, what: str, definition_changed: bool) -> NoForecast:
    since = " since the definition changed" if definition_changed else ""
    return NoForecast(
        f"Too little history to forecast: {usable} {what}{'' if usable == 1 else 's'}{since}, "
        f"and {MIN_YEARS} are needed."
    )


def year_end(
    current: Sequence[Observation | None],
    past: Sequence[tuple[int, Sequence[Observation | None]]],
    rule: Rule,
    target: Target | None,
    *,
    periods_in_year: int,
    comparable_from: int | None = None,
    model: Callable[[Sequence[float]], Distribution] = spread,
) -> Forecast | NoForecast:
    """This year's outturn, forecast from its first ``len(current)`` periods.

    ``current`` is this year's periods in order up to the latest reported (None where a
    period has no figure); ``past`` is each earlier year as (year, its periods in order).
    ``target`` is the year-end target (``status.ytd_target`` over the year's targets).
    ``comparable_from``: the first year measured as now (a changed definition starts a new
    series); earlier years are not used. ``model``: the distribution of the adjustments
    (``spread``, the method; ``Empirical.of`` for the backtest's comparison).
    """
    known = len(current)
    ytd = year_to_date([o for o in current if o is not None], rule)
    if ytd is None:
        return NoForecast("Nothing has been reported this year yet.")
    if known >= periods_in_year:
        return NoForecast("Every period of the year is in: the outturn is known.")
    method = method_for(rule)
    base = _as_float(ytd)
    if method is Method.RATIO and base <= 0:
        method = Method.DIFFERENCE
    pairs: list[tuple[float, float]] = []
    for year, periods in past:
        if comparable_from is not None and year < comparable_from:
            continue
        if len(periods) != periods_in_year or any(o is None for o in periods):
            continue  # only complete years: a missing period would understate a total
        observed = [o for o in periods if o is not None]
        start = year_to_date(observed[:known], rule)
        end = year_to_date(observed, rule)
        if start is not None and end is not None:
            pairs.append((_as_float(start), _as_float(end)))
    if method is Method.RATIO and any(s <= 0 or e <= 0 for s, e in pairs):
        method = Method.DIFFERENCE  # a zero year to date has no ratio: fall back to shifts
    adjustments = [a for s, e in pairs if (a := _adjustment(method, s, e)) is not None]
    if len(adjustments) < MIN_YEARS:
        return _too_few(len(adjustments), "complete past year", comparable_from is not None)
    return _build(
        model(adjustments), method, base, rule, target, len(adjustments), known, periods_in_year
    )


def year_ahead(
    outturns: Sequence[tuple[int, Decimal | None]],
    rule: Rule,
    target: Target | None,
    *,
    comparable_from: int | None = None,
    model: Callable[[Sequence[float]], Distribution] = spread,
) -> Forecast | NoForecast:
    """Next year's outturn of an annual series, from the past years' year-on-year changes.

    ``outturns``: (year, outturn) oldest first, ending with the last year reported; only
    consecutive years' changes count. A count's changes are ratios, anything else's
    differences, as in ``year_end``.
    """
    series = [
        (year, _as_float(value))
        for year, value in outturns
        if value is not None and (comparable_from is None or year >= comparable_from)
    ]
    changed = comparable_from is not None
    if not series:
        return _too_few(0, "year-on-year change", changed)
    method = method_for(rule)
    if method is Method.RATIO and any(v <= 0 for _, v in series):
        method = Method.DIFFERENCE
    adjustments = [
        a
        for (year, before), (next_year, after) in pairwise(series)
        if next_year == year + 1 and (a := _adjustment(method, before, after)) is not None
    ]
    if len(adjustments) < MIN_YEARS:
        return _too_few(len(adjustments), "year-on-year change", changed)
    return _build(model(adjustments), method, series[-1][1], rule, target, len(adjustments), 0, 1)
