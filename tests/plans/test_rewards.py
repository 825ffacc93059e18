"""LPSA reward grant, worked examples for both rules (ADR 0009), and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.plans.rewards import Rule, Standing, reward

GRANT = Decimal("335000")  # docs/sources.md#seed-001-2-21
D = Decimal


def gcse(outturn: str, rule: Rule, threshold: str | None = None) -> tuple[Standing, Decimal | None]:
    """% of pupils with five GCSEs A*-C: 52% expected without the stretch, 56% stretch."""
    result = reward(
        outturn=D(outturn),
        expected=D(52),
        stretch=D(56),
        grant=GRANT,
        rule=rule,
        threshold_percent=D(threshold) if threshold else None,
    )
    return result.standing, result.grant


def test_all_or_nothing_pays_the_whole_grant_when_the_stretch_is_reached() -> None:
    assert gcse("56.0", Rule.ALL_OR_NOTHING) == (Standing.ACHIEVED, D("335000.00"))
    assert gcse("58.5", Rule.ALL_OR_NOTHING) == (Standing.ACHIEVED, D("335000.00"))


def test_all_or_nothing_pays_nothing_a_fraction_short() -> None:
    assert gcse("55.9", Rule.ALL_OR_NOTHING) == (Standing.NOT_ACHIEVED, D("0.00"))


def test_pro_rata_pays_the_share_of_the_stretch_achieved_above_the_threshold() -> None:
    # 55% is 3 of the 4 points of stretch: 75% of £335,000.
    assert gcse("55", Rule.PRO_RATA, "60") == (Standing.PART_ACHIEVED, D("251250.00"))
    # Exactly on the threshold counts: 54.4% is 60% of the stretch.
    assert gcse("54.4", Rule.PRO_RATA, "60") == (Standing.PART_ACHIEVED, D("201000.00"))


def test_pro_rata_pays_nothing_below_the_threshold() -> None:
    assert gcse("54", Rule.PRO_RATA, "60") == (Standing.NOT_ACHIEVED, D("0.00"))


def test_pro_rata_with_no_improvement_pays_nothing_even_with_a_zero_threshold() -> None:
    assert gcse("50", Rule.PRO_RATA, "0") == (Standing.NOT_ACHIEVED, D("0.00"))


def test_lower_is_better_needs_no_polarity() -> None:
    # Killed or seriously injured: 120 expected, stretch 100; 105 is 75% of the way there.
    result = reward(
        outturn=D(105), expected=D(120), stretch=D(100), grant=GRANT, rule=Rule.PRO_RATA,
        threshold_percent=D(60),
    )  # fmt: skip
    assert (result.standing, result.share, result.grant) == (
        Standing.PART_ACHIEVED, D("0.75"), D("251250.00"),
    )  # fmt: skip
    all_or_nothing = reward(
        outturn=D(105), expected=D(120), stretch=D(100), grant=GRANT, rule=Rule.ALL_OR_NOTHING
    )
    assert all_or_nothing.grant == D("0.00")


def test_no_outturn_is_no_data_not_zero() -> None:
    result = reward(outturn=None, expected=D(1), stretch=D(2), grant=GRANT, rule=Rule.PRO_RATA)
    assert (result.standing, result.grant) == (Standing.NO_DATA, None)


def test_a_negative_grant_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        reward(outturn=D(1), expected=D(1), stretch=D(2), grant=D(-1), rule=Rule.ALL_OR_NOTHING)


figures = st.decimals(min_value=-1000, max_value=1000, places=2)


@given(figures, figures, figures, st.decimals(min_value=0, max_value=100, places=1))
def test_pro_rata_never_pays_more_than_the_grant_or_less_than_all_or_nothing(
    outturn: Decimal, expected: Decimal, stretch: Decimal, threshold: Decimal
) -> None:
    if expected == stretch:
        return
    pro = reward(outturn=outturn, expected=expected, stretch=stretch, grant=GRANT,
                 rule=Rule.PRO_RATA, threshold_percent=threshold)  # fmt: skip
    whole = reward(outturn=outturn, expected=expected, stretch=stretch, grant=GRANT,
                   rule=Rule.ALL_OR_NOTHING)  # fmt: skip
    assert pro.grant is not None and whole.grant is not None
    assert whole.grant <= pro.grant <= GRANT
    assert whole.grant in (D("0.00"), GRANT)
