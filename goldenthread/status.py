"""The council's status rules: RAG rating, direction of travel, year to date, outturn.

This module is deliberately pure Python with no Django import and no I/O. The rules
decide what a councillor reads on a scorecard, so they need to be simple to test on
their own, simple to read against the written policy, and fast enough to recompute a
whole council's history in one go.

All arithmetic is done in `decimal.Decimal`. Binary floats cannot hold values such as
10.5 exactly, so a value that sits exactly on a tolerance edge could be rated
differently from how a person would rate it by hand. Integers are accepted and
converted; floats are refused for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from typing import NamedTuple, TypeAlias

__all__ = [
    "Aggregation",
    "Direction",
    "Number",
    "Observation",
    "Polarity",
    "Rag",
    "Rule",
    "Status",
    "Target",
    "Tolerance",
    "ToleranceKind",
    "allowed_shortfall",
    "direction",
    "evaluate",
    "missed_in_a_row",
    "rag",
    "ratio_value",
    "round_to_precision",
    "year_to_date",
    "ytd_target",
]

Number: TypeAlias = Decimal | int
"""A value the rules accept: a Decimal, or an int that is converted to one."""

MAX_DECIMALS = 6
"""Stated precision is 0 to 6 decimal places; nothing a council publishes needs more."""

# Quantize exponents for 0..6 decimal places, built once so that rounding in the hot
# path is a tuple lookup rather than a fresh Decimal every call.
_QUANTA: tuple[Decimal, ...] = tuple(Decimal(1).scaleb(-places) for places in range(7))
_ZERO = Decimal(0)
# Rounding goes through a context of its own rather than `quantize(q, ROUND_HALF_UP)`:
# the context's method takes positional arguments and no rounding name to look up, which
# makes it the cheaper call, and it is called three times an evaluation. Its precision is
# the default's (28 digits); a figure with six places has at most 20.
_HALF_UP = Context(prec=28, rounding=ROUND_HALF_UP).quantize
_HUNDREDTH = Decimal("0.01")


class Polarity(StrEnum):
    """Which way is good for an indicator.

    NONE marks a contextual indicator (for example population): its movement is shown
    but never judged, because there is no "better" for it.
    """

    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"
    NONE = "none"


class Rag(StrEnum):
    """A period's rating.

    Besides the three colours there are three states that are not judgements:
    NOT_RATED (nothing to judge against), MISSING (the deadline has passed with no
    value, which is itself an exception to report) and NOT_DUE (the period is open).
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_RATED = "not_rated"
    MISSING = "missing"
    NOT_DUE = "not_due"

    @property
    def label(self) -> str:
        """The plain-English wording shown to readers, so templates never invent it."""
        return _RAG_LABELS[self]


class Direction(StrEnum):
    """Direction of travel between two values.

    IMPROVING / WORSENING judge the change against the polarity. INCREASED /
    DECREASED are only used for polarity NONE, where movement is shown but not judged.
    """

    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"
    INCREASED = "increased"
    DECREASED = "decreased"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> str:
        """The plain-English wording shown to readers, so templates never invent it."""
        return _DIRECTION_LABELS[self]


class Aggregation(StrEnum):
    """How a year's periods combine into a year-to-date figure."""

    SUM = "sum"
    MEAN = "mean"
    LATEST = "latest"
    RATIO = "ratio"


class ToleranceKind(StrEnum):
    """Whether a tolerance is a percentage of the target or a fixed amount."""

    PERCENT = "percent"
    ABSOLUTE = "absolute"


_RAG_LABELS: dict[Rag, str] = {
    Rag.GREEN: "Green",
    Rag.AMBER: "Amber",
    Rag.RED: "Red",
    Rag.NOT_RATED: "Not rated",
    Rag.MISSING: "Missing",
    Rag.NOT_DUE: "Not yet due",
}

_DIRECTION_LABELS: dict[Direction, str] = {
    Direction.IMPROVING: "Improving",
    Direction.NO_CHANGE: "No change",
    Direction.WORSENING: "Worsening",
    Direction.INCREASED: "Increased",
    Direction.DECREASED: "Decreased",
    Direction.NOT_COMPARABLE: "No comparison",
}

# Module-level aliases: a global lookup is cheaper than an enum class attribute lookup,
# and evaluate() is called for every indicator and period.
_HIGHER = Polarity.HIGHER
_LOWER = Polarity.LOWER
_BAND = Polarity.BAND
_NONE = Polarity.NONE
_GREEN = Rag.GREEN
_AMBER = Rag.AMBER
_RED = Rag.RED
_NOT_RATED = Rag.NOT_RATED
_MISSING = Rag.MISSING
_NOT_DUE = Rag.NOT_DUE
_IMPROVING = Direction.IMPROVING
_NO_CHANGE = Direction.NO_CHANGE
_WORSENING = Direction.WORSENING
_INCREASED = Direction.INCREASED
_DECREASED = Direction.DECREASED
_NOT_COMPARABLE = Direction.NOT_COMPARABLE
_PERCENT = ToleranceKind.PERCENT
_new_tuple = tuple.__new__
_MISSES = frozenset({Rag.AMBER, Rag.RED})
_SUM = Aggregation.SUM
_MEAN = Aggregation.MEAN
_LATEST = Aggregation.LATEST
_RATIO = Aggregation.RATIO


def _as_decimal(value: Number) -> Decimal:
    """Return `value` as a Decimal; ints convert exactly, anything else is refused.

    Floats and bools are refused rather than converted: a float already carries binary
    rounding error, and a bool is almost certainly a programming mistake.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"expected Decimal or int, got {type(value).__name__}")


def _as_optional_decimal(value: Number | None) -> Decimal | None:
    """Like `_as_decimal`, letting None (no value) through."""
    return None if value is None else _as_decimal(value)


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far short of target still counts as AMBER rather than RED.

    Checked once on construction (not in the hot path): a negative tolerance would make
    AMBER impossible while looking plausible in configuration.
    """

    kind: ToleranceKind
    amount: Decimal
    # A percentage as a fraction (5 -> 0.05), worked out once; None for an absolute amount.
    fraction: Decimal | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ToleranceKind(self.kind))
        amount = _as_decimal(self.amount)
        if amount < 0:
            raise ValueError("tolerance amount must not be negative")
        object.__setattr__(self, "amount", amount)
        # amount x 0.01 is exact (it only moves the decimal point), so multiplying by the
        # fraction gives the same Decimal as multiplying by the amount and then by 0.01.
        fraction = amount * _HUNDREDTH if self.kind is _PERCENT else None
        object.__setattr__(self, "fraction", fraction)


@dataclass(frozen=True, slots=True)
class Target:
    """A period's target: a single `value` for HIGHER/LOWER, `lower`/`upper` for BAND."""

    value: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    # Worked out once on construction, because every evaluation reads them:
    # the band the target describes (a single value is a band of width zero), or None...
    band: tuple[Decimal, Decimal] | None = field(init=False, repr=False, compare=False)
    # ...and whether there is anything to judge against (half a band is not a target).
    is_set: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        value = _as_optional_decimal(self.value)
        lower = _as_optional_decimal(self.lower)
        upper = _as_optional_decimal(self.upper)
        if lower is not None and upper is not None and lower > upper:
            raise ValueError("band lower bound must not exceed upper bound")
        if lower is not None and upper is not None:
            band: tuple[Decimal, Decimal] | None = (lower, upper)
        else:
            band = None if value is None else (value, value)
        set_ = object.__setattr__
        set_(self, "value", value)
        set_(self, "lower", lower)
        set_(self, "upper", upper)
        set_(self, "band", band)
        set_(self, "is_set", band is not None)


@dataclass(frozen=True, slots=True)
class Rule:
    """What the rules need to know about one indicator.

    Validated once on construction so that the hot path can trust it: `decimals` indexes
    the precomputed rounding exponents directly.
    """

    polarity: Polarity
    tolerance: Tolerance
    decimals: int = 0
    aggregation: Aggregation = Aggregation.SUM
    cumulative: bool = False
    ratio_scale: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "polarity", Polarity(self.polarity))
        object.__setattr__(self, "aggregation", Aggregation(self.aggregation))
        _check_decimals(self.decimals)
        scale = _as_decimal(self.ratio_scale)
        if scale <= 0:
            raise ValueError("ratio_scale must be positive")
        object.__setattr__(self, "ratio_scale", scale)


@dataclass(frozen=True, slots=True)
class Observation:
    """One period's actual: a plain `value`, or a numerator and denominator for a ratio."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _as_optional_decimal(self.value))
        object.__setattr__(self, "numerator", _as_optional_decimal(self.numerator))
        object.__setattr__(self, "denominator", _as_optional_decimal(self.denominator))


class Status(NamedTuple):
    """Everything shown for one indicator in one period.

    A named tuple rather than a frozen dataclass: this is built a million times in a
    recalculation, and a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which made it the largest single cost of `evaluate`. No
    validation, for the same reason: only `evaluate` builds it, from valid members.
    """

    rag: Rag
    against_previous: Direction
    against_last_year: Direction


def _check_decimals(decimals: int) -> None:
    """Refuse a precision outside 0..6 (a negative index would silently wrap)."""
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError("decimals must be an int")
    if not 0 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals must be between 0 and {MAX_DECIMALS}")


def _round(value: Number, quantum: Decimal) -> Decimal:
    """Round half up to `quantum`; the shared body of every rounding in this module."""
    if not isinstance(value, Decimal):
        value = _as_decimal(value)
    return _HALF_UP(value, quantum)


def round_to_precision(value: Number, decimals: int) -> Decimal:
    """Round to `decimals` places, half up, as councils round for publication.

    Python's default (banker's rounding) would publish 2.5 as 2; readers and auditors
    expect 3, so every figure is judged and shown the way it is published.
    """
    _check_decimals(decimals)
    return _round(value, _QUANTA[decimals])


def allowed_shortfall(reference: Number, tolerance: Tolerance) -> Decimal:
    """How far `reference` (a target or band bound) may be missed and still be AMBER.

    A percentage is taken of the size of the reference, so a negative target (such as
    a budget variance) gets the same slack as its positive mirror. A target of zero
    with a percentage tolerance allows nothing: zero is a real target, not "no target".
    """
    fraction = tolerance.fraction
    if fraction is not None:
        if type(reference) is not Decimal:  # the rules pass Decimals; other callers may not
            reference = _as_decimal(reference)
        return abs(reference) * fraction
    return tolerance.amount


def _grade(gap: Decimal, reference: Decimal, tolerance: Tolerance) -> Rag:
    """Rate a positive miss of `gap` against `reference`; the edge itself is AMBER."""
    if gap <= allowed_shortfall(reference, tolerance):
        return _AMBER
    return _RED


def _rag_rounded(
    actual: Decimal | None, target: Target | None, rule: Rule, deadline_passed: bool
) -> Rag:
    """`rag` for an actual that is already rounded, so `evaluate` rounds only once.

    Missing is checked first, even before polarity: a value not supplied by its
    deadline is a data-quality exception whatever kind of indicator it is.
    """
    if actual is None:
        return _MISSING if deadline_passed else _NOT_DUE
    polarity = rule.polarity
    if polarity is _NONE or target is None or not target.is_set:
        return _NOT_RATED
    if polarity is _BAND:
        return _judge_band(actual, target, rule.tolerance)
    if polarity is _HIGHER:
        goal = target.value if target.value is not None else target.lower
        if goal is None:
            return _NOT_RATED
        return _GREEN if actual >= goal else _grade(goal - actual, goal, rule.tolerance)
    goal = target.value if target.value is not None else target.upper
    if goal is None:
        return _NOT_RATED
    return _GREEN if actual <= goal else _grade(actual - goal, goal, rule.tolerance)


def _judge_band(actual: Decimal, target: Target, tolerance: Tolerance) -> Rag:
    """Inside the band is GREEN; outside, the miss is measured from the nearest bound."""
    band = target.band
    if band is None:
        return _NOT_RATED
    lower, upper = band
    if actual < lower:
        return _grade(lower - actual, lower, tolerance)
    if actual > upper:
        return _grade(actual - upper, upper, tolerance)
    return _GREEN


def rag(actual: Number | None, target: Target | None, rule: Rule, *, deadline_passed: bool) -> Rag:
    """Rate one period's actual against its target.

    The actual is rounded to the stated precision first, because it is judged as it is
    published: a reader who sees 10.5 against a target of 10 must see the rating 10.5
    earns. The target is used as given (targets are set at the stated precision).
    """
    if actual is not None:
        actual = _round(actual, _QUANTA[rule.decimals])
    return _rag_rounded(actual, target, rule, deadline_passed)


def _distance_to_band(value: Decimal, lower: Decimal, upper: Decimal) -> Decimal:
    """How far a value lies outside a band; zero anywhere inside it."""
    if value < lower:
        return lower - value
    if value > upper:
        return value - upper
    return _ZERO


def _band_direction(current: Decimal, previous: Decimal, target: Target | None) -> Direction:
    """For a band, getting closer to it (or staying inside it) is what counts."""
    band = None if target is None else target.band
    if band is None:
        return _NOT_COMPARABLE
    lower, upper = band
    now = _distance_to_band(current, lower, upper)
    before = _distance_to_band(previous, lower, upper)
    if now == before:
        return _NO_CHANGE
    return _IMPROVING if now < before else _WORSENING


def _direction_rounded(
    current: Decimal | None, previous: Decimal | None, polarity: Polarity, target: Target | None
) -> Direction:
    """`direction` for values that are already rounded, so `evaluate` rounds once."""
    if current is None or previous is None:
        return _NOT_COMPARABLE
    if polarity is _BAND:
        return _band_direction(current, previous, target)
    if current == previous:
        return _NO_CHANGE
    went_up = current > previous
    if polarity is _HIGHER:
        return _IMPROVING if went_up else _WORSENING
    if polarity is _LOWER:
        return _WORSENING if went_up else _IMPROVING
    return _INCREASED if went_up else _DECREASED


def direction(
    current: Number | None,
    previous: Number | None,
    rule: Rule,
    target: Target | None = None,
) -> Direction:
    """Direction of travel from `previous` to `current`.

    Both are rounded to the stated precision first: a change too small to show in the
    published figures must not be reported as a movement. For a BAND indicator the
    change is in the distance from the band (zero inside it), so the target is needed;
    without one there is nothing to measure and the result is NOT_COMPARABLE. For
    polarity NONE the movement is reported as INCREASED / DECREASED, never judged.
    """
    quantum = _QUANTA[rule.decimals]
    if current is not None:
        current = _round(current, quantum)
    if previous is not None:
        previous = _round(previous, quantum)
    return _direction_rounded(current, previous, rule.polarity, target)


def evaluate(
    actual: Number | None,
    target: Target | None,
    previous: Number | None,
    last_year: Number | None,
    rule: Rule,
    *,
    deadline_passed: bool,
) -> Status:
    """RAG plus direction against the previous period and the same period last year.

    One call per indicator and period, rounding each input once: this is the function
    a full recalculation calls a million times, so it avoids repeating work that `rag`
    and `direction` would each do separately. The results are identical to theirs.

    A cumulative-to-date indicator is not compared with its previous period: a year-to-date
    total always grows within the year and restarts in April, so the movement says nothing
    about performance. Its like-for-like comparison is the same period last year.
    """
    quantum = _QUANTA[rule.decimals]
    polarity = rule.polarity
    # Rounding inlined for Decimals (every value read from the database): a call per
    # value was a fifth of the time. `_round` handles ints and refuses anything else.
    if actual is not None:
        actual = _HALF_UP(actual, quantum) if type(actual) is Decimal else _round(actual, quantum)
    if previous is not None:
        previous = (
            _HALF_UP(previous, quantum) if type(previous) is Decimal else _round(previous, quantum)
        )
    if last_year is not None:
        last_year = (
            _HALF_UP(last_year, quantum)
            if type(last_year) is Decimal
            else _round(last_year, quantum)
        )
    # tuple.__new__ directly: a named tuple's own __new__ is a Python function, and
    # calling it cost as much as all the comparisons of a direction of travel.
    return _new_tuple(
        Status,
        (
            _rag_rounded(actual, target, rule, deadline_passed),
            _NOT_COMPARABLE
            if rule.cumulative
            else _direction_rounded(actual, previous, polarity, target),
            _direction_rounded(actual, last_year, polarity, target),
        ),
    )


def ratio_value(numerator: Number, denominator: Number, scale: Number) -> Decimal:
    """numerator / denominator x scale, for example a percentage (scale 100).

    Multiplied before dividing so that the only rounding is the one division. A zero
    denominator is a ValueError with a plain message rather than a ZeroDivisionError
    or a Decimal signal, so callers can report it as a data problem.
    """
    denominator = _as_decimal(denominator)
    if denominator == 0:
        raise ValueError("denominator is zero")
    return _as_decimal(numerator) * _as_decimal(scale) / denominator


def _observed(observation: Observation, rule: Rule) -> Decimal | None:
    """A single period's value: its `value`, or for a ratio its own ratio if no value."""
    if observation.value is not None:
        return observation.value
    numerator, denominator = observation.numerator, observation.denominator
    if rule.aggregation is _RATIO and numerator is not None and denominator:
        return ratio_value(numerator, denominator, rule.ratio_scale)
    return None


def _latest(observations: Sequence[Observation], rule: Rule) -> Decimal | None:
    """The most recent period that has a value."""
    for observation in reversed(observations):
        value = _observed(observation, rule)
        if value is not None:
            return value
    return None


def _pooled_ratio(observations: Sequence[Observation], scale: Decimal) -> Decimal | None:
    """Sum of numerators over sum of denominators: each case weighs the same.

    The mean of period percentages would let a quarter with 50 cases count as much as
    one with 5,000, which misstates the year.
    """
    numerator = denominator = _ZERO
    used = False
    for observation in observations:
        if observation.numerator is not None and observation.denominator is not None:
            numerator += observation.numerator
            denominator += observation.denominator
            used = True
    if not used or denominator == 0:
        return None
    return numerator * scale / denominator


def year_to_date(observations: Sequence[Observation], rule: Rule) -> Decimal | None:
    """The year-to-date figure from the year's periods in order (outturn: all of them).

    Missing periods are skipped rather than treated as zero: a late return must not
    look like a collapse in performance. A cumulative indicator already reports the
    year to date each period, so the latest value is the answer. Otherwise the
    indicator's aggregation decides; a ratio is pooled (see `_pooled_ratio`) and uses
    only periods with both numerator and denominator. None when nothing is usable.
    """
    if rule.cumulative or rule.aggregation is _LATEST:
        return _latest(observations, rule)
    if rule.aggregation is _RATIO:
        return _pooled_ratio(observations, rule.ratio_scale)
    values = [o.value for o in observations if o.value is not None]
    if not values:
        return None
    total = sum(values, _ZERO)
    if rule.aggregation is _MEAN:
        return total / len(values)
    return total


def ytd_target(targets: Sequence[Target | None], rule: Rule) -> Target | None:
    """The target to judge a year-to-date figure against, from the periods' targets.

    A summed indicator is judged against the sum of its profiled targets so far. Every
    other kind (cumulative, mean, latest, ratio, and any band) already states its
    target in year-to-date terms, so the latest set target compares like with like.
    """
    if rule.aggregation is _SUM and not rule.cumulative and rule.polarity is not _BAND:
        values = [t.value for t in targets if t is not None and t.value is not None]
        return Target(value=sum(values, _ZERO)) if values else None
    for target in reversed(targets):
        if target is not None and target.is_set:
            return target
    return None


def missed_in_a_row(statuses: Sequence[Rag]) -> int:
    """How many of the most recent periods in a row missed target (AMBER or RED).

    Trailing NOT_DUE periods are skipped because they are still open and say nothing
    yet. Once counting has begun, anything other than AMBER or RED ends the run,
    including NOT_DUE: an open period before a rated one is not a miss.
    """
    count = 0
    for status in reversed(statuses):
        if status == _NOT_DUE and count == 0:
            continue
        if status not in _MISSES:
            break
        count += 1
    return count
