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
- **Conventions**: each comparison source names its ``Convention`` — quantile method (R type 7
  or 6), which band a value on a threshold falls in, rounding to the published decimals before
  banding, the smallest group and a range below which no quartile is given. ``LAIT`` is the
  DfE tool's published rule: bands are intervals of *value* closed at the top
  (q0 ≤ v ≤ q1, q1 < v ≤ q2, q2 < v ≤ q3, q3 < v ≤ q4), then named by polarity. ``DEFAULT``
  (a new source) keeps that tie rule with our small-group rule; ``BETTER`` is our old rule
  (a value on a threshold goes to the better quartile), kept for a source that states it.
- **Oflog's view**: distance from the median in median absolute deviations (unscaled MAD),
  positive above the median whatever the polarity; none when the MAD is 0.
- **Ties**: rank is competition ranking ("1224"): equal values share the best rank among them.
- **Small groups**: with fewer than 4 values there are no quartile thresholds and no position
  (a median and rank are still given).
- **Missing values** are left out (never counted as 0); the count of members without a value
  is reported beside the statistics.
- **Group value**: Σ numerator ÷ Σ denominator × scale, only when every value in the group
  has both; otherwise none (a partial pooled rate would mislead).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "BETTER",
    "DEFAULT",
    "LAIT",
    "LETTERS",
    "MIN_FOR_QUARTILES",
    "Benchmark",
    "Convention",
    "Entry",
    "GroupStatistics",
    "Placing",
    "Polarity",
    "Quartiles",
    "Ties",
    "band",
    "benchmark",
    "group_statistics",
    "group_value",
    "interval",
    "mad",
    "mad_distance",
    "no_quartile_reason",
    "quantile6",
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


def quantile6(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """R's type 6 quantile (Minitab, SPSS, Excel's ``QUARTILE.EXC``): position (n + 1)p on
    1-based order statistics, held at the ends."""
    if not ordered:
        raise ValueError("no values")
    if not 0 <= p <= 1:
        raise ValueError("p must be between 0 and 1")
    h = (len(ordered) + 1) * p - 1
    if h <= 0:
        return ordered[0]
    if h >= len(ordered) - 1:
        return ordered[-1]
    low = int(h)
    fraction = h - low
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


class Ties(StrEnum):
    """Which band a value exactly on a threshold falls in."""

    # LAIT's calculate_quartile_band: intervals of value, open at the bottom, closed at the top.
    INTERVAL = "interval"
    # Golden Thread before 2026-12: the better quartile, whatever the polarity.
    BETTER = "better"


@dataclass(frozen=True, slots=True)
class Convention:
    """How one comparison source works out its quartiles (docs/adr/0007-quartiles.md)."""

    name: str
    quantile_type: int = 7
    ties: Ties = Ties.INTERVAL
    round_to_decimals: bool = False
    min_group: int = MIN_FOR_QUARTILES
    # Below this range (maximum − minimum) the bands would split hairs: no quartile.
    min_range: Decimal | None = None

    def __post_init__(self) -> None:
        if self.quantile_type not in (6, 7):
            raise ValueError("quantile_type must be 6 or 7")
        if self.min_group < 1:
            raise ValueError("min_group must be at least 1")

    def describe(self) -> str:
        """The rule in plain English, for every page that shows a band."""
        ties = (
            "a value exactly on a threshold is in the band of lower values"
            if self.ties == Ties.INTERVAL
            else "a value exactly on a threshold is in the better quartile"
        )
        parts = [
            f"quartiles by R's type {self.quantile_type} method",
            ties,
            "values rounded to the published decimals first"
            if self.round_to_decimals
            else "values compared as published",
        ]
        if self.min_group > 1:
            parts.append(f"no quartiles for fewer than {self.min_group} values")
        return "; ".join(parts)

    def quantile(self, ordered: Sequence[Decimal], p: Decimal) -> Decimal:
        return quantile6(ordered, p) if self.quantile_type == 6 else quantile7(ordered, p)


# The DfE's Local Authority Interactive Tool: R's default quantile(), interval ties, no rounding,
# and no smallest group (its code bands a group of any size).
LAIT = Convention("DfE LAIT", min_group=1)
DEFAULT = Convention("Golden Thread")
BETTER = Convention("Golden Thread (better quartile on a threshold)", ties=Ties.BETTER)


def quartiles(values: Sequence[Decimal], convention: Convention | None = None) -> Quartiles | None:
    """The convention's quartile thresholds (type 7 by default), or None for a group smaller
    than its minimum (four by default)."""
    convention = convention or DEFAULT
    if len(values) < max(convention.min_group, 1):
        return None
    ordered = sorted(values)
    q = convention.quantile
    return Quartiles(q(ordered, _QUARTER), q(ordered, _HALF), q(ordered, _THREE_QUARTERS))


def interval(value: Decimal, thresholds: Quartiles) -> int:
    """0 to 3: which interval of value ``value`` is in, lowest first, each closed at the top
    (LAIT's ``q0 ≤ v ≤ q1``, ``q1 < v ≤ q2``, ``q2 < v ≤ q3``, ``q3 < v ≤ q4``)."""
    if value <= thresholds.lower:
        return 0
    if value <= thresholds.median:
        return 1
    if value <= thresholds.upper:
        return 2
    return 3


def _placed(mine: Decimal, thresholds: Quartiles, polarity: Polarity, ties: Ties) -> int:
    """1 (best) to 4 for a merit among thresholds of merits, or for HIGHER/LOWER of values."""
    if ties == Ties.BETTER:
        if mine >= thresholds.upper:
            return 1
        if mine >= thresholds.median:
            return 2
        if mine >= thresholds.lower:
            return 3
        return 4
    # Interval ties are of the value, so lower-is-better keeps its ascending intervals.
    if polarity == Polarity.LOWER:
        return 1 + interval(mine, thresholds)
    return 4 - interval(mine, thresholds)


# LAIT names the best band A and colours it green, the worst D and red, whatever the polarity.
LETTERS = {1: "A", 2: "B", 3: "C", 4: "D"}


def band(value: Decimal, thresholds: Quartiles, polarity: Polarity | str, ties: Ties) -> int:
    """1 (best) to 4 for a value against thresholds of values, higher or lower is better."""
    polarity = Polarity(polarity)
    if polarity not in (Polarity.HIGHER, Polarity.LOWER):
        raise ValueError("band() is for higher- or lower-is-better measures")
    if ties == Ties.INTERVAL:
        return _placed(value, thresholds, polarity, ties)
    if polarity == Polarity.HIGHER:
        return _placed(value, thresholds, polarity, ties)
    mirrored = Quartiles(-thresholds.upper, -thresholds.median, -thresholds.lower)
    return _placed(-value, mirrored, polarity, ties)


def mad(values: Sequence[Decimal]) -> Decimal | None:
    """The unscaled median absolute deviation: median(|v − median(v)|)."""
    if not values:
        return None
    ordered = sorted(values)
    return _mad_of_sorted(ordered, quantile7(ordered, _HALF))


def _mad_of_sorted(ordered: Sequence[Decimal], centre: Decimal | None) -> Decimal | None:
    if not ordered or centre is None:
        return None
    return quantile7(sorted(abs(v - centre) for v in ordered), _HALF)


def _band_ranks(
    values: Sequence[Decimal], polarity: Polarity, midpoint: Decimal | None
) -> dict[Decimal, int]:
    """Each value's competition rank for a band measure (1 + the number of strictly better
    merits); empty for other polarities, whose ranks come from the sorted values."""
    if polarity != Polarity.BAND or midpoint is None:
        return {}
    merits = sorted(m for v in values if (m := _merit(v, polarity, midpoint)) is not None)
    ranks: dict[Decimal, int] = {}
    for value in values:
        mine = _merit(value, polarity, midpoint)
        if mine is not None and value not in ranks:
            ranks[value] = 1 + len(merits) - bisect_right(merits, mine)
    return ranks


def mad_distance(value: Decimal, median: Decimal, spread: Decimal | None) -> Decimal | None:
    """(value − median) ÷ MAD, positive above the median whatever the polarity; None for a MAD
    of 0 (more than half the group on the median), where any distance would be infinite."""
    if spread is None or spread == 0:
        return None
    return (value - median) / spread


def _merit(value: Decimal, polarity: Polarity, midpoint: Decimal | None) -> Decimal | None:
    """A number where higher is always better, or None when the value cannot be judged."""
    if polarity == Polarity.HIGHER:
        return value
    if polarity == Polarity.LOWER:
        return -value
    if polarity == Polarity.BAND and midpoint is not None:
        return -abs(value - midpoint)
    return None


def _banded_on(polarity: Polarity, ties: Ties) -> tuple[Polarity, Polarity]:
    """What thresholds are of (the value or its merit) and the polarity to name bands by."""
    if ties == Ties.INTERVAL and polarity == Polarity.LOWER:
        return Polarity.HIGHER, Polarity.LOWER  # the value itself, lowest interval best
    return polarity, Polarity.HIGHER  # merit: higher is better


def quartile_position(
    value: Decimal,
    values: Sequence[Decimal],
    polarity: Polarity | str,
    midpoint: Decimal | None = None,
    convention: Convention | None = None,
) -> int | None:
    """1 (best quarter) to 4 (worst) for ``value`` among ``values`` (which include it).

    None for polarity NONE, a band with no midpoint, or a group smaller than the convention's
    minimum. A value on a threshold goes where the convention says (``Ties``).
    """
    convention = convention or DEFAULT
    polarity = Polarity(polarity)
    if _merit(value, polarity, midpoint) is None:
        return None
    basis, naming = _banded_on(polarity, convention.ties)
    mine = _merit(value, basis, midpoint)
    if mine is None:
        return None
    merits = [m for v in values if (m := _merit(v, basis, midpoint)) is not None]
    thresholds = quartiles(merits, convention)
    if thresholds is None:
        return None
    return _placed(mine, thresholds, naming, convention.ties)


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
    convention: Convention | None = None,
    decimals: int | None = None,
    no_quartile: bool = False,
) -> Benchmark:
    """Every statistic for a group's entries; ``ours`` names the authority to place."""
    found = group_statistics(
        entries,
        polarity,
        convention=convention,
        midpoint=midpoint,
        scale=scale,
        decimals=decimals,
        no_quartile=no_quartile,
    )
    mine = found.placings.get(ours) if ours is not None else None
    return Benchmark(
        count=found.count,
        missing=found.missing,
        minimum=found.minimum,
        maximum=found.maximum,
        median=found.median,
        mean=found.mean,
        quartiles=found.quartiles,
        group_value=found.group_value,
        ours=mine.value if mine else None,
        our_rank=mine.rank if mine else None,
        our_quartile=mine.quartile if mine else None,
    )


@dataclass(frozen=True, slots=True)
class Placing:
    """Where one authority stands in its group: rank, quartile (1 best) and MAD distance."""

    value: Decimal
    rank: int | None
    quartile: int | None
    distance: Decimal | None


@dataclass(frozen=True, slots=True)
class GroupStatistics:
    """Every statistic for one measure, year and group, and every member's placing: what
    ``statistics_refresh`` stores, so that pages never band on a page view."""

    convention: str
    count: int
    missing: int
    minimum: Decimal | None
    maximum: Decimal | None
    median: Decimal | None
    mean: Decimal | None
    quartiles: Quartiles | None
    mad: Decimal | None
    group_value: Decimal | None
    no_quartile: str  # why there are no quartiles, or ""
    placings: dict[Hashable, Placing] = field(default_factory=dict)


def _rounded(value: Decimal, decimals: int | None) -> Decimal:
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def no_quartile_reason(
    count: int, spread: Decimal | None, convention: Convention, *, flagged: bool = False
) -> str:
    """Why a group gets no quartiles under a convention, or "" when it gets them."""
    if flagged:
        return "The source gives no quartiles for this measure (its range is too small)."
    if count < convention.min_group:
        return f"Fewer than {convention.min_group} values."
    if convention.min_range is not None and spread is not None and spread < convention.min_range:
        return f"The values span less than {convention.min_range}."
    return ""


def group_statistics(
    entries: Sequence[Entry],
    polarity: Polarity | str,
    *,
    convention: Convention | None = None,
    midpoint: Decimal | None = None,
    scale: Decimal = Decimal(1),
    decimals: int | None = None,
    no_quartile: bool = False,
) -> GroupStatistics:
    """Every statistic for a group's entries and every member's placing, sorting once.

    Ranks are competition ranks of the (rounded, if the convention says so) values, as LAIT's
    ``rank(ties.method = "min")``; quartiles follow the convention; distances are in MADs.
    """
    convention = convention or DEFAULT
    polarity = Polarity(polarity)
    places = decimals if convention.round_to_decimals else None
    if places is None:
        present = [(e.authority, e.value) for e in entries if e.value is not None]
    else:
        present = [(e.authority, _rounded(e.value, places)) for e in entries if e.value is not None]
    ordered = sorted(v for _, v in present)
    count = len(ordered)
    median = quantile7(ordered, _HALF) if ordered else None
    spread = _mad_of_sorted(ordered, median)
    judged = _merit(Decimal(0), polarity, midpoint) is not None
    reason = no_quartile_reason(
        count, ordered[-1] - ordered[0] if ordered else None, convention, flagged=no_quartile
    )
    thresholds = quartiles(ordered, convention) if not reason else None
    basis, naming = _banded_on(polarity, convention.ties)
    # Thresholds of merits are those of the values themselves when the merit is the value:
    # higher is better, or LAIT's interval rule (bands of value) either way.
    if basis == Polarity.HIGHER:
        merit_thresholds = thresholds if judged else None
    else:
        merits = sorted(m for _, v in present if (m := _merit(v, basis, midpoint)) is not None)
        merit_thresholds = (
            quartiles(merits, convention) if judged and not reason and merits else None
        )
    ranked = _band_ranks([v for _, v in present], polarity, midpoint)
    # Rank, quartile and distance depend on the value alone: worked out once per distinct value.
    known: dict[Decimal, tuple[int | None, int | None, Decimal | None]] = {}
    placings: dict[Hashable, Placing] = {}
    for authority, value in present:
        found = known.get(value)
        if found is None:
            our_quartile = None
            if merit_thresholds is not None:
                basis_merit = _merit(value, basis, midpoint)
                assert basis_merit is not None  # a judged polarity always has a merit
                our_quartile = _placed(basis_merit, merit_thresholds, naming, convention.ties)
            distance = mad_distance(value, median, spread) if median is not None else None
            if polarity == Polarity.HIGHER:  # 1 + the number of strictly better values
                our_rank: int | None = 1 + count - bisect_right(ordered, value)
            elif polarity == Polarity.LOWER:
                our_rank = 1 + bisect_left(ordered, value)
            else:
                our_rank = ranked.get(value)
            found = known[value] = (our_rank, our_quartile, distance)
        placings[authority] = Placing(value, *found)
    return GroupStatistics(
        convention=convention.name,
        count=count,
        missing=len(entries) - count,
        minimum=ordered[0] if ordered else None,
        maximum=ordered[-1] if ordered else None,
        median=median,
        mean=sum(ordered, Decimal(0)) / count if count else None,
        quartiles=thresholds,
        mad=spread,
        group_value=group_value(entries, scale),
        no_quartile=reason,
        placings=placings,
    )
