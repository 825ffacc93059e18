"""Direction of travel: judged for HIGHER/LOWER/BAND, only described for NONE."""

from decimal import Decimal

import pytest

from goldenthread.status import (
    Direction,
    Polarity,
    Rule,
    Target,
    Tolerance,
    ToleranceKind,
    direction,
)

TOLERANCE = Tolerance(ToleranceKind.PERCENT, Decimal(5))
BAND = Target(lower=Decimal(40), upper=Decimal(60))


def rule(polarity: Polarity, decimals: int = 1) -> Rule:
    return Rule(polarity=polarity, tolerance=TOLERANCE, decimals=decimals)


@pytest.mark.parametrize(
    ("polarity", "current", "previous", "expected"),
    [
        (Polarity.HIGHER, "11", "10", Direction.IMPROVING),
        (Polarity.HIGHER, "9", "10", Direction.WORSENING),
        (Polarity.LOWER, "11", "10", Direction.WORSENING),
        (Polarity.LOWER, "9", "10", Direction.IMPROVING),
        (Polarity.NONE, "11", "10", Direction.INCREASED),
        (Polarity.NONE, "9", "10", Direction.DECREASED),
        (Polarity.HIGHER, "10", "10", Direction.NO_CHANGE),
        (Polarity.NONE, "10", "10", Direction.NO_CHANGE),
    ],
)
def test_a_movement_is_judged_by_polarity(
    polarity: Polarity, current: str, previous: str, expected: Direction
) -> None:
    assert direction(Decimal(current), Decimal(previous), rule(polarity)) is expected


@pytest.mark.parametrize(("current", "previous"), [(None, Decimal(1)), (Decimal(1), None)])
def test_a_missing_value_on_either_side_is_not_comparable(
    current: Decimal | None, previous: Decimal | None
) -> None:
    assert direction(current, previous, rule(Polarity.HIGHER)) is Direction.NOT_COMPARABLE


def test_a_change_smaller_than_the_published_precision_is_no_change() -> None:
    assert direction(Decimal("10.04"), Decimal("9.96"), rule(Polarity.HIGHER)) is (
        Direction.NO_CHANGE
    )


def test_a_change_that_shows_at_the_published_precision_counts() -> None:
    assert direction(Decimal("10.05"), Decimal("10.04"), rule(Polarity.HIGHER)) is (
        Direction.IMPROVING
    )


def test_band_moving_towards_the_band_is_improving() -> None:
    assert direction(Decimal(65), Decimal(70), rule(Polarity.BAND), BAND) is Direction.IMPROVING


def test_band_moving_away_from_the_band_is_worsening() -> None:
    assert direction(Decimal(30), Decimal(35), rule(Polarity.BAND), BAND) is Direction.WORSENING


def test_band_moving_within_the_band_is_no_change() -> None:
    assert direction(Decimal(41), Decimal(59), rule(Polarity.BAND), BAND) is Direction.NO_CHANGE


def test_band_crossing_to_an_equal_distance_on_the_other_side_is_no_change() -> None:
    assert direction(Decimal(65), Decimal(35), rule(Polarity.BAND), BAND) is Direction.NO_CHANGE


def test_band_crossing_to_a_nearer_point_on_the_other_side_is_improving() -> None:
    assert direction(Decimal(62), Decimal(35), rule(Polarity.BAND), BAND) is Direction.IMPROVING


@pytest.mark.parametrize("target", [None, Target(), Target(upper=Decimal(3))])
def test_band_without_a_band_target_is_not_comparable(target: Target | None) -> None:
    assert direction(Decimal(1), Decimal(2), rule(Polarity.BAND), target) is (
        Direction.NOT_COMPARABLE
    )


def test_band_with_a_single_value_target_measures_distance_from_that_value() -> None:
    single = Target(value=Decimal(50))
    assert direction(Decimal(48), Decimal(53), rule(Polarity.BAND), single) is (Direction.IMPROVING)


def test_labels_are_the_published_wording() -> None:
    assert [d.label for d in Direction] == [
        "Improving",
        "No change",
        "Worsening",
        "Increased",
        "Decreased",
        "No comparison",
    ]
