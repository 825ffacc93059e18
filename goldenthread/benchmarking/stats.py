"""Benchmarking statistics: quartiles, median, mean, group value, rank and quartile position.

Pure Python with no Django import, like ``goldenthread.status``: the figures a councillor
compares with LG Inform or the DfE's tool must be checkable by hand, so the rules live in one
place with worked-example and property tests (``tests/benchmarking``). The choices are
recorded in ``docs/adr/0007-quartiles.md``:

- **Method**: quartile thresholds by linear interpolation between order statistics, R's
  default ``quantile(type = 7)`` and NumPy's default ``"linear"``; the same as Excel's
  ``QUARTILE.INC``. Decimal arithmetic, so a threshold is exact (type 7's positions are
  multiples of a quarter).
- **Polarity decides the top**: quartile 1 is the best quarter — the highest values when
  higher is better, the lowest when lower is better, the closest to the midpoint for a band.
  Polarity NONE (contextual) is never placed or ranked.
- **On a threshold**: a value exactly on a threshold is placed in the better quartile.
- **Ties**: rank is competition ranking ("1224"): equal values share the best rank among them.
- **Small groups**: with fewer than 4 values there are no quartile thresholds and no position
  (a median and rank are still given).
- **Missing values** are left out (never counted as 0); the count of members without a value
  is reported beside the statistics.
- **Group value**: Σ numerator ÷ Σ denominator × scale, only when every value in the group
  has both; otherwise none (a partial pooled rate would mislead).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "MIN_FOR_QUARTILES",
    "Benchmark",
    "Entry",
    "Polarity",
    "Quartiles",
    "benchmark",
    "group_value",
    "quantile7",
    "quartile_position",
    "quartiles",
    "rank",
]

MIN_FOR_QUARTILES = 4
_QUARTER, _HALF, _THREE_QUARTERS = Decimal("0.25"), Decimal("0.5"), Decimal("0.75")


class Polarity(StrEnum):
    """The same values as ``goldenthread.status.Polarity``; kept here so this module stands
    alone (the tests check the two agree)."""

    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Entry:
    """One authority's figure for one measure and year; ``value`` None when it has none."""

    authority: Hashable
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Quartiles:
    """The three thresholds, in ascending order of value (not of merit)."""

    lower: Decimal
    median: Decimal
    upper: Decimal


def quantile7(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """R's type 7 quantile of already sorted values: h = (n − 1)p, interpolate linearly."""
    if not ordered:
        raise ValueError("no values")
    if not 0 <= p <= 1:
        raise ValueError("p must be between 0 and 1")
    h = (len(ordered) - 1) * p
    low = int(h)  # h ≥ 0, so int() is floor
    fraction = h - low
    if fraction == 0 or low + 1 >= len(ordered):
        return ordered[low]
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def quartiles(values: Sequence[Decimal]) -> Quartiles | None:
    """Type 7 quartile thresholds, or None for fewer than four values."""
    if len(values) < MIN_FOR_QUARTILES:
        return None
    ordered = sorted(values)
    return Quartiles(
        quantile7(ordered, _QUARTER), quantile7(ordered, _HALF), quantile7(ordered, _THREE_QUARTERS)
    )


def _merit(value: Decimal, polarity: Polarity, midpoint: Decimal | None) -> Decimal | None:
    """A number where higher is always better, or None when the value cannot be judged."""
    if polarity == Polarity.HIGHER:
        return value
    if polarity == Polarity.LOWER:
        return -value
    if polarity == Polarity.BAND and midpoint is not None:
        return -abs(value - midpoint)
    return None


def quartile_position(
    value: Decimal,
    values: Sequence[Decimal],
    polarity: Polarity | str,
    midpoint: Decimal | None = None,
) -> int | None:
    """1 (best quarter) to 4 (worst) for ``value`` among ``values`` (which include it).

    None for polarity NONE, a band with no midpoint, or fewer than four values. A value on a
    threshold goes in the better quartile.
    """
    polarity = Polarity(polarity)
    mine = _merit(value, polarity, midpoint)
    if mine is None:
        return None
    merits = [m for v in values if (m := _merit(v, polarity, midpoint)) is not None]
    thresholds = quartiles(merits)
    if thresholds is None:
        return None
    if mine >= thresholds.upper:
        return 1
    if mine >= thresholds.median:
        return 2
    if mine >= thresholds.lower:
        return 3
    return 4


def rank(
    value: Decimal,
    values: Sequence[Decimal],
    polarity: Polarity | str,
    midpoint: Decimal | None = None,
) -> int | None:
    """Competition rank, 1 = best: one more than the number of strictly better values."""
    polarity = Polarity(polarity)
    mine = _merit(value, polarity, midpoint)
    if mine is None:
        return None
    better = 0
    for other in values:
        merit = _merit(other, polarity, midpoint)
        if merit is not None and merit > mine:
            better += 1
    return better + 1


def group_value(entries: Sequence[Entry], scale: Decimal = Decimal(1)) -> Decimal | None:
    """Σ numerator ÷ Σ denominator × scale over the entries with a value; None unless every
    one of them gives both, or when the denominators sum to zero."""
    present = [e for e in entries if e.value is not None]
    if not present or any(e.numerator is None or e.denominator is None for e in present):
        return None
    numerator = sum((e.numerator for e in present if e.numerator is not None), Decimal(0))
    denominator = sum((e.denominator for e in present if e.denominator is not None), Decimal(0))
    if denominator == 0:
        return None
    return numerator / denominator * scale


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The statistics for one measure, year and group, and where one authority stands."""

    count: int  # members with a value
    missing: int  # members without one
    minimum: Decimal | None
    maximum: Decimal | None
    median: Decimal | None
    mean: Decimal | None
    quartiles: Quartiles | None  # thresholds of the values themselves, ascending
    group_value: Decimal | None
    ours: Decimal | None
    our_rank: int | None
    our_quartile: int | None

    @property
    def in_top_half(self) -> bool:
        return self.our_quartile is not None and self.our_quartile <= 2


def benchmark(
    entries: Sequence[Entry],
    polarity: Polarity | str,
    *,
    ours: Hashable | None = None,
    scale: Decimal = Decimal(1),
    midpoint: Decimal | None = None,
) -> Benchmark:
    """Every statistic for a group's entries; ``ours`` names the authority to place."""
    polarity = Polarity(polarity)
    values = [e.value for e in entries if e.value is not None]
    ordered = sorted(values)
    our_value = next((e.value for e in entries if e.authority == ours), None)
    return Benchmark(
        count=len(values),
        missing=len(entries) - len(values),
        minimum=ordered[0] if ordered else None,
        maximum=ordered[-1] if ordered else None,
        median=quantile7(ordered, _HALF) if ordered else None,
        mean=sum(ordered, Decimal(0)) / len(ordered) if ordered else None,
        quartiles=quartiles(ordered),
        group_value=group_value(entries, scale),
        ours=our_value,
        our_rank=rank(our_value, values, polarity, midpoint) if our_value is not None else None,
        our_quartile=quartile_position(our_value, values, polarity, midpoint)
        if our_value is not None
        else None,
    )
