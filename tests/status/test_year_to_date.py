"""Year to date (and outturn, the same rule over the whole year)."""

from decimal import Decimal

from goldenthread.status import (
    Aggregation,
    Observation,
    Polarity,
    Rule,
    Tolerance,
    ToleranceKind,
    round_to_precision,
    year_to_date,
)

TOLERANCE = Tolerance(ToleranceKind.PERCENT, Decimal(5))


def rule(aggregation: Aggregation, *, cumulative: bool = False, scale: int = 100) -> Rule:
    return Rule(
        polarity=Polarity.HIGHER,
        tolerance=TOLERANCE,
        decimals=1,
        aggregation=aggregation,
        cumulative=cumulative,
        ratio_scale=Decimal(scale),
    )


def values(*numbers: str | None) -> list[Observation]:
    return [Observation(value=None if n is None else Decimal(n)) for n in numbers]


def test_a_ratio_is_pooled_over_the_year_not_the_mean_of_the_percentages() -> None:
    quarters = [
        Observation(numerator=Decimal(90), denominator=Decimal(100)),
        Observation(numerator=Decimal(10), denominator=Decimal(50)),
    ]
    ytd = year_to_date(quarters, rule(Aggregation.RATIO))
    assert ytd == Decimal(200) / Decimal(3)
    assert round_to_precision(ytd, 1) == Decimal("66.7")


def test_a_ratio_ignores_periods_without_both_numerator_and_denominator() -> None:
    quarters = [
        Observation(numerator=Decimal(1), denominator=Decimal(4)),
        Observation(value=Decimal(90)),
        Observation(numerator=Decimal(5)),
    ]
    assert year_to_date(quarters, rule(Aggregation.RATIO)) == Decimal(25)


def test_a_ratio_with_a_zero_total_denominator_has_no_year_to_date() -> None:
    quarters = [Observation(numerator=Decimal(0), denominator=Decimal(0))]
    assert year_to_date(quarters, rule(Aggregation.RATIO)) is None


def test_a_sum_adds_the_periods_and_skips_missing_ones() -> None:
    assert year_to_date(values("10", None, "2.5"), rule(Aggregation.SUM)) == Decimal("12.5")


def test_a_mean_averages_only_the_periods_that_reported() -> None:
    assert year_to_date(values("10", None, "20"), rule(Aggregation.MEAN)) == Decimal(15)


def test_latest_takes_the_most_recent_period_that_reported() -> None:
    assert year_to_date(values("7", "8", None), rule(Aggregation.LATEST)) == Decimal(8)


def test_a_cumulative_indicator_takes_its_latest_value_whatever_the_aggregation() -> None:
    ytd_counts = values("100", "180", "260", None)
    assert year_to_date(ytd_counts, rule(Aggregation.SUM, cumulative=True)) == Decimal(260)


def test_a_cumulative_ratio_with_only_numerator_and_denominator_uses_the_latest_pair() -> None:
    quarters = [
        Observation(numerator=Decimal(1), denominator=Decimal(2)),
        Observation(numerator=Decimal(3), denominator=Decimal(4)),
    ]
    assert year_to_date(quarters, rule(Aggregation.RATIO, cumulative=True)) == Decimal(75)


def test_no_usable_period_gives_no_year_to_date() -> None:
    for aggregation in Aggregation:
        assert year_to_date(values(None, None), rule(aggregation)) is None
        assert year_to_date([], rule(aggregation)) is None
