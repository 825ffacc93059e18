"""The target a year-to-date figure is judged against."""

from decimal import Decimal

from goldenthread.status import (
    Aggregation,
    Polarity,
    Rule,
    Target,
    Tolerance,
    ToleranceKind,
    ytd_target,
)

TOLERANCE = Tolerance(ToleranceKind.ABSOLUTE, Decimal(1))


def rule(
    aggregation: Aggregation, *, cumulative: bool = False, polarity: Polarity = Polarity.HIGHER
) -> Rule:
    return Rule(
        polarity=polarity, tolerance=TOLERANCE, aggregation=aggregation, cumulative=cumulative
    )


def profile(*numbers: int | None) -> list[Target | None]:
    return [None if n is None else Target(value=Decimal(n)) for n in numbers]


def test_a_summed_indicator_is_judged_against_the_sum_of_profiled_targets() -> None:
    assert ytd_target(profile(10, 20, None, 5), rule(Aggregation.SUM)) == Target(value=Decimal(35))


def test_a_summed_indicator_with_no_targets_has_no_year_to_date_target() -> None:
    assert ytd_target(profile(None, None), rule(Aggregation.SUM)) is None
    assert ytd_target([], rule(Aggregation.SUM)) is None


def test_a_cumulative_indicator_takes_the_latest_profiled_target() -> None:
    assert ytd_target(profile(10, 30, None), rule(Aggregation.SUM, cumulative=True)) == Target(
        value=Decimal(30)
    )


def test_mean_latest_and_ratio_take_the_latest_set_target() -> None:
    targets = [Target(value=Decimal(80)), Target(value=Decimal(85)), Target(), None]
    for aggregation in (Aggregation.MEAN, Aggregation.LATEST, Aggregation.RATIO):
        assert ytd_target(targets, rule(aggregation)) == Target(value=Decimal(85))


def test_a_band_indicator_takes_the_latest_band_even_when_summed() -> None:
    bands = [Target(lower=Decimal(1), upper=Decimal(2)), Target(lower=Decimal(3), upper=Decimal(4))]
    band_rule = rule(Aggregation.SUM, polarity=Polarity.BAND)
    assert ytd_target(bands, band_rule) == Target(lower=Decimal(3), upper=Decimal(4))
