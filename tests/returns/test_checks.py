"""The pure checks: errors that block, warnings that need a reason."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from goldenthread import checks
from goldenthread.checks import Range

D = Decimal
PERCENT = Range.for_indicator(is_percent=True, low=None, high=None)


def errors(value: str | None = None, **kw: object) -> dict[str, str]:
    args: dict = {
        "value": None if value is None else D(value),
        "numerator": None,
        "denominator": None,
        "is_ratio": False,
        "decimals": 1,
        "valid": PERCENT,
    }
    args.update(kw)
    return checks.value_errors(**args)


def test_percentage_outside_0_to_100_is_an_error() -> None:
    assert errors("100.1") == {"value": "The value must be between 0 and 100."}
    assert errors("-0.1") == {"value": "The value must be between 0 and 100."}
    assert errors("100") == {} and errors("0") == {}


def test_an_indicators_own_range_replaces_the_percentage_default() -> None:
    change = Range.for_indicator(is_percent=True, low=D(-100), high=None)
    assert errors("150", valid=change) == {}
    assert errors("-101", valid=change) == {"value": "The value must be -100 or more."}


def test_too_many_decimals() -> None:
    assert errors("12.34") == {"value": "Enter the value with at most 1 decimal places."}
    assert errors("12.3", decimals=0) == {"value": "Enter the value with no decimal places."}
    assert errors("12.0") == {}


def test_ratio_needs_both_parts_and_a_denominator_that_is_not_zero() -> None:
    ratio = {"is_ratio": True}
    assert errors(None, numerator=D(5), denominator=D(0), **ratio) == {
        "denominator": "The denominator cannot be zero."
    }
    assert errors(None, numerator=None, denominator=D(3), **ratio) == {
        "numerator": "Enter the numerator."
    }
    assert errors(None, numerator=D(1), denominator=D(3), **ratio) == {}


def test_robust_z_worked_example() -> None:
    history = [D(x) for x in (10, 11, 12, 13, 14, 15)]
    # median 12.5; deviations 2.5 1.5 .5 .5 1.5 2.5 → MAD 1.5; z(30) = .6745 × 17.5 / 1.5
    z = checks.robust_z(D(30), history)
    assert z is not None and round(z, 4) == round(D("0.6745") * D("17.5") / D("1.5"), 4)
    assert checks.unusual_value(D(30), history).startswith("30 is unusually far above")
    assert checks.unusual_value(D(14), history) == ""


def test_too_little_history_means_no_check() -> None:
    assert checks.robust_z(D(1000), [D(1)] * (checks.MIN_HISTORY - 1)) is None


def test_flat_history_uses_mean_absolute_deviation_then_any_difference() -> None:
    mostly_flat = [D(10)] * 5 + [D(12), D(14)]
    z = checks.robust_z(D(10), mostly_flat)
    assert z == 0
    assert checks.robust_z(D(30), mostly_flat) is not None
    assert checks.unusual_value(D(11), [D(10)] * 6) != ""
    assert checks.unusual_value(D(10), [D(10)] * 6) == ""


def test_large_change() -> None:
    assert "up 60%" in checks.large_change(D(16), D(10), "the previous figure (Q1)")
    assert checks.large_change(D(15), D(10), "x") == ""  # exactly 50% is allowed
    assert "down 60%" in checks.large_change(D(4), D(10), "x")
    assert checks.large_change(D(4), D(0), "x") == "" and checks.large_change(D(4), None, "x") == ""


numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


@given(st.lists(numbers, min_size=checks.MIN_HISTORY, max_size=30), numbers, numbers)
def test_robust_z_ignores_shifting_the_scale(history: list[D], value: D, shift: D) -> None:
    """Moving every figure by the same amount changes nothing: the check is about shape."""
    z = checks.robust_z(value, history)
    shifted = checks.robust_z(value + shift, [x + shift for x in history])
    assert z is not None and shifted is not None
    assert abs(z - shifted) < D("1e-6") * max(D(1), abs(z))


@given(st.lists(numbers, min_size=checks.MIN_HISTORY, max_size=30), numbers)
def test_robust_z_sign_follows_the_side_of_the_median(history: list[D], value: D) -> None:
    import statistics

    z = checks.robust_z(value, history)
    median = statistics.median(history)
    assume(value != median)
    assert z is not None and (z > 0) == (value > median)


@given(numbers, numbers)
def test_large_change_is_symmetric_in_sign(value: D, previous: D) -> None:
    assume(previous != 0)
    up = checks.large_change(value, previous, "x")
    mirrored = checks.large_change(-value, -previous, "x")
    assert bool(up) == bool(mirrored)
