"""The checks a return goes through before it is saved: pure functions, no database.

*Errors* block the save: a value that is not a number is caught by the form; here, a
percentage outside 0–100 (or outside the indicator's own valid range), a zero denominator,
and more decimal places than the indicator's stated precision.

*Warnings* need the owner to confirm with a reason (``Actual.warnings_confirmed``):

- **Unusual value** — a robust z-score against the indicator's own history (Iglewicz and
  Hoaglin's modified z-score): ``z = 0.6745 × (x − median) / MAD``, where MAD is the median
  absolute deviation of the history from its median. |z| above 3.5 warns. When MAD is zero
  (at least half the history is one value) the mean absolute deviation stands in, as
  ``z = (x − median) / (1.253314 × meanAD)``; if that is zero too (every past value equal),
  any different value warns. Needs at least ``MIN_HISTORY`` past values; fewer, no check.
- **Large change** — more than ``LARGE_CHANGE`` (50 %) up or down from the figure it is
  compared with (the previous period, or the same period last year for a cumulative
  indicator, whose figures grow through the year by design). No check from a zero.

Both rules and their thresholds are in docs/adr/0005-data-collection.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "LARGE_CHANGE",
    "MIN_HISTORY",
    "TEXT_MAX",
    "Z_LIMIT",
    "Range",
    "decimal_places",
    "large_change",
    "ratio_errors",
    "robust_z",
    "value_errors",
]

# The most characters of commentary, remedial action or a reason that a value carries, however
# it arrives (the return form, the API, the values import): long enough for a paragraph or
# two, short enough that one value cannot make the indicator page megabytes. Here, the lowest
# layer, so each of those can import it.
TEXT_MAX = 4000
Z_LIMIT = Decimal("3.5")
MIN_HISTORY = 6
LARGE_CHANGE = Decimal("0.5")
_MAD_SCALE = Decimal("0.6745")
_MEAN_AD_SCALE = Decimal("1.253314")
_PERCENT_RANGE = (Decimal(0), Decimal(100))


@dataclass(frozen=True)
class Range:
    """The values an indicator can take; either end may be open (None)."""

    low: Decimal | None = None
    high: Decimal | None = None

    @classmethod
    def for_indicator(cls, *, is_percent: bool, low: Decimal | None, high: Decimal | None) -> Range:
        """The indicator's own range if it sets one; otherwise 0–100 for a percentage."""
        if low is None and high is None and is_percent:
            return cls(*_PERCENT_RANGE)
        return cls(low, high)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Decimal):
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"between {_plain(self.low)} and {_plain(self.high)}"
        if self.low is not None:
            return f"{_plain(self.low)} or more"
        if self.high is not None:
            return f"{_plain(self.high)} or less"
        return "any number"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# What a figure's column holds (``DecimalField(max_digits=20, decimal_places=6)``): 14 digits
# before the point. Anything larger would overflow the rounding in ``status`` and the column.
MAX_WHOLE_DIGITS = 14
LARGEST = "99,999,999,999,999.999999"


def too_large(value: Decimal, whole_digits: int = MAX_WHOLE_DIGITS) -> str:
    """The error for a figure the column cannot hold (NaN and infinity too), else ""."""
    if value.is_finite() and value.adjusted() < whole_digits:
        return ""
    largest = LARGEST if whole_digits == MAX_WHOLE_DIGITS else f"{whole_digits} digits"
    return f"The figure is too large: the largest accepted is {largest}."


def size_errors(figures: dict[str, Decimal | None], whole_digits: int = MAX_WHOLE_DIGITS):
    """``too_large`` for each named figure that is given, by name."""
    found = {name: too_large(v, whole_digits) for name, v in figures.items() if v is not None}
    return {name: message for name, message in found.items() if message}


def decimal_places(value: Decimal) -> int:
    """How many decimal places a typed-in value has (12.50 has 2: the owner typed them)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def ratio_errors(numerator: Decimal | None, denominator: Decimal | None) -> dict[str, str]:
    """A ratio needs both parts, a denominator that is not zero, and neither part negative."""
    errors: dict[str, str] = {}
    if numerator is None:
        errors["numerator"] = "Enter the numerator."
    elif numerator < 0:
        errors["numerator"] = "The numerator cannot be negative."
    if denominator is None:
        errors["denominator"] = "Enter the denominator."
    elif denominator == 0:
        errors["denominator"] = "The denominator cannot be zero."
    elif denominator < 0:
        errors["denominator"] = "The denominator cannot be negative."
    return errors


def value_errors(
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    is_ratio: bool,
    decimals: int,
    valid: Range,
) -> dict[str, str]:
    """Errors that block a save, keyed by the form field they belong to."""
    if is_ratio:
        return ratio_errors(numerator, denominator)
    errors: dict[str, str] = {}
    if value is None:
        errors["value"] = "Enter the value."
    elif decimal_places(value) > decimals:
        places = "no decimal places" if decimals == 0 else f"at most {decimals} decimal places"
        errors["value"] = f"Enter the value with {places}."
    elif value not in valid:
        errors["value"] = f"The value must be {valid.describe()}."
    return errors


def ratio_out_of_range(value: Decimal, valid: Range) -> str:
    """The numerator-field error for a ratio whose worked-out value falls outside the range."""
    if value in valid:
        return ""
    return f"The numerator and denominator give {_plain(value)}, which is not {valid.describe()}."


def robust_z(value: Decimal, history: Sequence[Decimal]) -> Decimal | None:
    """The modified z-score of ``value`` against ``history``; None if history is too short.

    Infinite (returned as a very large number) when every past value is the same and
    ``value`` differs from it.
    """
    if len(history) < MIN_HISTORY:
        return None
    median = Decimal(statistics.median(history))
    deviations = [abs(x - median) for x in history]
    mad = Decimal(statistics.median(deviations))
    if mad > 0:
        return _MAD_SCALE * (value - median) / mad
    mean_ad = sum(deviations, Decimal(0)) / len(deviations)
    if mean_ad > 0:
        return (value - median) / (_MEAN_AD_SCALE * mean_ad)
    if value == median:
        return Decimal(0)
    return Decimal("1e9") if value > median else Decimal("-1e9")


def unusual_value(value: Decimal, history: Sequence[Decimal]) -> str:
    """The warning for a value far from the indicator's history, or ''."""
    z = robust_z(value, history)
    if z is None or abs(z) <= Z_LIMIT:
        return ""
    median = statistics.median(history)
    side = "above" if z > 0 else "below"
    return (
        f"{_plain(value)} is unusually far {side} this indicator's usual figures (median "
        f"{_plain(Decimal(median))} over the last {len(history)} periods; robust z-score "
        f"{'over 1,000' if abs(z) > 1000 else f'{abs(z):.1f}'}, the limit is {Z_LIMIT})."
    )


def large_change(value: Decimal, previous: Decimal | None, compared_with: str) -> str:
    """The warning for a change of more than ``LARGE_CHANGE`` from ``previous``, or ''."""
    if previous is None or previous == 0:
        return ""
    change = (value - previous) / abs(previous)
    if abs(change) <= LARGE_CHANGE:
        return ""
    direction = "up" if change > 0 else "down"
    return (
        f"{_plain(value)} is {direction} {abs(change):.0%} on {compared_with} "
        f"({_plain(previous)}); changes over {LARGE_CHANGE:.0%} need a reason."
    )
