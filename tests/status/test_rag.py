"""RAG rating: the council's worked examples and the edge cases around them."""

from decimal import Decimal

import pytest

from goldenthread.status import (
    Polarity,
    Rag,
    Rule,
    Target,
    Tolerance,
    ToleranceKind,
    allowed_shortfall,
    rag,
    round_to_precision,
)

FIVE_PERCENT = Tolerance(ToleranceKind.PERCENT, Decimal(5))
NO_TOLERANCE = Tolerance(ToleranceKind.PERCENT, Decimal(0))
TEN = Target(value=Decimal(10))


def rule(polarity: Polarity, tolerance: Tolerance = FIVE_PERCENT, decimals: int = 1) -> Rule:
    return Rule(polarity=polarity, tolerance=tolerance, decimals=decimals)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("9.9", Rag.GREEN), ("10.4", Rag.AMBER), ("10.5", Rag.AMBER), ("10.6", Rag.RED)],
)
def test_lower_target_10_with_5_percent_tolerance_rates_as_the_council_example(
    actual: str, expected: Rag
) -> None:
    assert rag(Decimal(actual), TEN, rule(Polarity.LOWER), deadline_passed=True) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("10.1", Rag.GREEN), ("9.6", Rag.AMBER), ("9.5", Rag.AMBER), ("9.4", Rag.RED)],
)
def test_higher_target_mirrors_the_lower_example(actual: str, expected: Rag) -> None:
    assert rag(Decimal(actual), TEN, rule(Polarity.HIGHER), deadline_passed=True) is expected


@pytest.mark.parametrize("polarity", [Polarity.HIGHER, Polarity.LOWER, Polarity.BAND])
def test_a_value_equal_to_its_target_is_green_under_every_judged_polarity(
    polarity: Polarity,
) -> None:
    assert rag(Decimal(10), TEN, rule(polarity, NO_TOLERANCE), deadline_passed=True) is Rag.GREEN


def test_a_value_on_either_band_edge_is_green() -> None:
    band = Target(lower=Decimal(3), upper=Decimal(5))
    for actual in (Decimal(3), Decimal(5)):
        assert rag(actual, band, rule(Polarity.BAND, NO_TOLERANCE), deadline_passed=True) is (
            Rag.GREEN
        )


def test_zero_actual_against_a_higher_target_of_zero_is_green() -> None:
    zero = Target(value=Decimal(0))
    assert rag(Decimal(0), zero, rule(Polarity.HIGHER), deadline_passed=True) is Rag.GREEN


def test_a_target_of_zero_with_percent_tolerance_allows_no_shortfall() -> None:
    zero = Target(value=Decimal(0))
    assert rag(Decimal("0.1"), zero, rule(Polarity.LOWER), deadline_passed=True) is Rag.RED


def test_absolute_tolerance_edge_is_amber_and_just_beyond_it_is_red() -> None:
    two = Tolerance(ToleranceKind.ABSOLUTE, Decimal(2))
    assert rag(Decimal(8), TEN, rule(Polarity.HIGHER, two), deadline_passed=True) is Rag.AMBER
    assert rag(Decimal("7.9"), TEN, rule(Polarity.HIGHER, two), deadline_passed=True) is Rag.RED


def test_missing_value_after_the_deadline_is_missing() -> None:
    assert rag(None, TEN, rule(Polarity.HIGHER), deadline_passed=True) is Rag.MISSING


def test_missing_value_before_the_deadline_is_not_yet_due() -> None:
    assert rag(None, TEN, rule(Polarity.HIGHER), deadline_passed=False) is Rag.NOT_DUE


def test_missing_value_after_the_deadline_is_missing_even_without_a_target() -> None:
    assert rag(None, None, rule(Polarity.HIGHER), deadline_passed=True) is Rag.MISSING


def test_missing_value_after_the_deadline_is_missing_even_for_a_contextual_indicator() -> None:
    assert rag(None, None, rule(Polarity.NONE), deadline_passed=True) is Rag.MISSING


def test_a_contextual_indicator_with_a_value_is_never_rated() -> None:
    assert rag(Decimal(999), TEN, rule(Polarity.NONE), deadline_passed=True) is Rag.NOT_RATED


@pytest.mark.parametrize("target", [None, Target(), Target(lower=Decimal(1))])
def test_a_value_with_no_usable_target_is_not_rated(target: Target | None) -> None:
    assert rag(Decimal(5), target, rule(Polarity.HIGHER), deadline_passed=True) is Rag.NOT_RATED


def test_the_actual_is_rounded_to_stated_precision_before_it_is_judged() -> None:
    whole_numbers = rule(Polarity.HIGHER, NO_TOLERANCE, decimals=0)
    assert rag(Decimal("9.5"), TEN, whole_numbers, deadline_passed=True) is Rag.GREEN
    assert rag(Decimal("9.49"), TEN, whole_numbers, deadline_passed=True) is Rag.RED


def test_band_below_the_band_is_measured_from_the_lower_bound() -> None:
    band = Target(lower=Decimal(100), upper=Decimal(200))
    band_rule = rule(Polarity.BAND)
    assert rag(Decimal(95), band, band_rule, deadline_passed=True) is Rag.AMBER
    assert rag(Decimal("94.9"), band, band_rule, deadline_passed=True) is Rag.RED


def test_band_above_the_band_is_measured_from_the_upper_bound() -> None:
    band = Target(lower=Decimal(100), upper=Decimal(200))
    band_rule = rule(Polarity.BAND)
    assert rag(Decimal(210), band, band_rule, deadline_passed=True) is Rag.AMBER
    assert rag(Decimal("210.1"), band, band_rule, deadline_passed=True) is Rag.RED


def test_a_band_rule_with_a_single_value_target_treats_it_as_a_zero_width_band() -> None:
    band_rule = rule(Polarity.BAND)
    assert rag(Decimal(10), TEN, band_rule, deadline_passed=True) is Rag.GREEN
    assert rag(Decimal("10.5"), TEN, band_rule, deadline_passed=True) is Rag.AMBER
    assert rag(Decimal("9.4"), TEN, band_rule, deadline_passed=True) is Rag.RED


def test_a_higher_rule_with_a_band_target_uses_the_lower_bound() -> None:
    band = Target(lower=Decimal(10), upper=Decimal(20))
    assert rag(Decimal(11), band, rule(Polarity.HIGHER), deadline_passed=True) is Rag.GREEN
    assert rag(Decimal("9.4"), band, rule(Polarity.HIGHER), deadline_passed=True) is Rag.RED


def test_a_lower_rule_with_a_band_target_uses_the_upper_bound() -> None:
    band = Target(lower=Decimal(10), upper=Decimal(20))
    assert rag(Decimal(19), band, rule(Polarity.LOWER), deadline_passed=True) is Rag.GREEN
    assert rag(Decimal(21), band, rule(Polarity.LOWER), deadline_passed=True) is Rag.AMBER


def test_integers_are_accepted_wherever_decimals_are() -> None:
    int_rule = Rule(Polarity.LOWER, Tolerance(ToleranceKind.ABSOLUTE, 1), decimals=0)  # type: ignore[arg-type]
    assert rag(11, Target(value=10), int_rule, deadline_passed=True) is Rag.AMBER  # type: ignore[arg-type]


def test_floats_are_refused_because_they_cannot_hold_the_edge_exactly() -> None:
    with pytest.raises(TypeError):
        rag(10.5, TEN, rule(Polarity.LOWER), deadline_passed=True)  # type: ignore[arg-type]


def test_rounding_is_half_up_as_councils_publish() -> None:
    assert round_to_precision(Decimal("2.5"), 0) == Decimal(3)
    assert round_to_precision(Decimal("-2.5"), 0) == Decimal(-3)
    assert round_to_precision(Decimal("66.65"), 1) == Decimal("66.7")


@pytest.mark.parametrize("decimals", [-1, 7])
def test_precision_outside_zero_to_six_is_refused(decimals: int) -> None:
    with pytest.raises(ValueError):
        round_to_precision(Decimal(1), decimals)
    with pytest.raises(ValueError):
        Rule(Polarity.HIGHER, FIVE_PERCENT, decimals=decimals)


def test_percent_tolerance_is_taken_of_the_size_of_the_reference() -> None:
    assert allowed_shortfall(Decimal(-200), FIVE_PERCENT) == Decimal(10)
    assert allowed_shortfall(Decimal(200), FIVE_PERCENT) == Decimal(10)


def test_absolute_tolerance_ignores_the_reference() -> None:
    three = Tolerance(ToleranceKind.ABSOLUTE, Decimal(3))
    assert allowed_shortfall(Decimal(1000), three) == Decimal(3)


def test_a_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError):
        Tolerance(ToleranceKind.ABSOLUTE, Decimal(-1))


def test_a_band_whose_lower_bound_exceeds_its_upper_is_refused() -> None:
    with pytest.raises(ValueError):
        Target(lower=Decimal(5), upper=Decimal(4))


def test_stored_strings_are_accepted_as_enum_values_in_a_rule() -> None:
    stored = Rule(polarity="lower", tolerance=Tolerance("percent", Decimal(5)), decimals=1)  # type: ignore[arg-type]
    assert stored.polarity is Polarity.LOWER
    assert rag(Decimal("10.5"), TEN, stored, deadline_passed=True) is Rag.AMBER


def test_labels_are_the_published_wording() -> None:
    assert [r.label for r in Rag] == [
        "Green",
        "Amber",
        "Red",
        "Not rated",
        "Missing",
        "Not yet due",
    ]
