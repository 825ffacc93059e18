"""Worked examples for the benchmarking statistics (each checkable by hand or in R)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goldenthread import status
from goldenthread.benchmarking import stats
from goldenthread.benchmarking.stats import Entry, Polarity, Quartiles


def d(*values: str | int) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


def test_type_7_quartiles_of_one_to_eight_match_r() -> None:
    # R: quantile(1:8) gives 2.75, 4.5, 6.25
    assert stats.quartiles(d(*range(1, 9))) == Quartiles(
        Decimal("2.75"), Decimal("4.5"), Decimal("6.25")
    )


def test_type_7_quartiles_of_four_values_match_r() -> None:
    # R: quantile(c(40, 10, 30, 20)) gives 17.5, 25, 32.5 (order does not matter)
    assert stats.quartiles(d(40, 10, 30, 20)) == Quartiles(
        Decimal("17.5"), Decimal("25"), Decimal("32.5")
    )


def test_polarity_flips_the_top_quartile() -> None:
    values = d(*range(1, 9))
    assert stats.quartile_position(Decimal(7), values, Polarity.HIGHER) == 1
    assert stats.quartile_position(Decimal(7), values, Polarity.LOWER) == 4
    assert stats.quartile_position(Decimal(2), values, Polarity.HIGHER) == 4
    assert stats.quartile_position(Decimal(2), values, Polarity.LOWER) == 1
    assert stats.rank(Decimal(7), values, Polarity.HIGHER) == 2
    assert stats.rank(Decimal(7), values, Polarity.LOWER) == 7


@pytest.mark.parametrize(
    ("ours", "polarity", "expected"),
    [
        ("40", Polarity.HIGHER, 1),  # exactly on the upper threshold: the better quartile
        ("30", Polarity.HIGHER, 2),  # on the median
        ("20", Polarity.HIGHER, 3),  # on the lower threshold
        ("20", Polarity.LOWER, 1),  # the same value is on the best threshold when lower wins
        ("30", Polarity.LOWER, 2),
        ("40", Polarity.LOWER, 3),
    ],
)
def test_under_the_better_convention_a_value_on_a_threshold_is_in_the_better_quartile(
    ours: str, polarity: Polarity, expected: int
) -> None:
    values = d(10, 20, 30, 40, 50)  # thresholds 20, 30, 40
    position = stats.quartile_position(Decimal(ours), values, polarity, convention=stats.BETTER)
    assert position == expected


def test_ties_share_the_best_rank_and_the_better_quartile_under_better() -> None:
    values = d(5, 5, 5, 5, 9)
    assert stats.quartiles(values) == Quartiles(Decimal(5), Decimal(5), Decimal(5))
    assert stats.rank(Decimal(9), values, Polarity.HIGHER) == 1
    assert stats.rank(Decimal(5), values, Polarity.HIGHER) == 2  # four share second place
    better = stats.BETTER
    assert stats.quartile_position(Decimal(5), values, Polarity.HIGHER, convention=better) == 1
    # by default (LAIT's interval rule) 5 is in the lowest interval: bottom when higher wins
    assert stats.quartile_position(Decimal(5), values, Polarity.HIGHER) == 4
    assert stats.rank(Decimal(5), values, Polarity.LOWER) == 1
    assert stats.rank(Decimal(9), values, Polarity.LOWER) == 5


def test_a_group_of_three_has_a_median_and_ranks_but_no_quartiles() -> None:
    entries = [Entry("A", Decimal(1)), Entry("B", Decimal(2)), Entry("C", Decimal(3))]
    result = stats.benchmark(entries, Polarity.HIGHER, ours="C")
    assert result.count == 3
    assert result.median == Decimal(2)
    assert result.quartiles is None
    assert result.our_quartile is None
    assert result.our_rank == 1
    assert not result.in_top_half


def test_missing_values_are_left_out_never_counted_as_zero() -> None:
    entries = [
        Entry("us", Decimal(10)),
        Entry("B", None),
        Entry("C", Decimal(20)),
        Entry("D", Decimal(30)),
        Entry("E", Decimal(40)),
    ]
    result = stats.benchmark(entries, Polarity.LOWER, ours="us")
    assert (result.count, result.missing) == (4, 1)
    assert result.quartiles == Quartiles(Decimal("17.5"), Decimal(25), Decimal("32.5"))
    assert result.minimum == Decimal(10)  # a 0 for B would have been the minimum
    assert result.our_rank == 1
    assert result.our_quartile == 1
    assert result.mean == Decimal(25)


def test_our_missing_value_gives_no_rank_or_position() -> None:
    entries = [Entry("us", None), *(Entry(n, Decimal(n)) for n in range(1, 6))]
    result = stats.benchmark(entries, Polarity.HIGHER, ours="us")
    assert result.ours is None and result.our_rank is None and result.our_quartile is None
    assert result.median == Decimal(3)


def test_group_value_is_sum_of_numerators_over_sum_of_denominators() -> None:
    entries = [
        Entry("A", Decimal(10), Decimal(1), Decimal(10)),
        Entry("B", Decimal(30), Decimal(9), Decimal(30)),
    ]
    # 10 / 40 = 25 %, not the 20 % mean of 10 % and 30 %
    assert stats.group_value(entries, Decimal(100)) == Decimal(25)
    result = stats.benchmark(entries, Polarity.HIGHER, scale=Decimal(100))
    assert result.group_value == Decimal(25)
    assert result.mean == Decimal(20)


def test_group_value_needs_every_numerator_and_denominator() -> None:
    entries = [Entry("A", Decimal(10), Decimal(1), Decimal(10)), Entry("B", Decimal(30))]
    assert stats.group_value(entries, Decimal(100)) is None
    # a member with no value at all does not stop it
    entries = [Entry("A", Decimal(10), Decimal(1), Decimal(10)), Entry("B", None)]
    assert stats.group_value(entries, Decimal(100)) == Decimal(10)


def test_band_polarity_ranks_by_closeness_to_the_midpoint() -> None:
    values = d(80, 95, 100, 104, 130)  # distances 20, 5, 0, 4, 30 from 100
    assert stats.rank(Decimal(100), values, Polarity.BAND, Decimal(100)) == 1
    assert stats.rank(Decimal(104), values, Polarity.BAND, Decimal(100)) == 2
    mid = Decimal(100)
    better = stats.BETTER
    assert stats.quartile_position(Decimal(104), values, Polarity.BAND, mid, better) == 1
    # by default a closeness on q3 (−4) is in the interval below it, as LAIT treats values
    assert stats.quartile_position(Decimal(104), values, Polarity.BAND, mid) == 2
    assert stats.quartile_position(Decimal(130), values, Polarity.BAND, Decimal(100)) == 4
    assert stats.quartile_position(Decimal(104), values, Polarity.BAND) is None  # no midpoint


def test_contextual_indicators_are_never_placed() -> None:
    values = d(1, 2, 3, 4, 5)
    assert stats.quartile_position(Decimal(5), values, Polarity.NONE) is None
    assert stats.rank(Decimal(5), values, Polarity.NONE) is None


def test_polarity_values_agree_with_the_status_rules() -> None:
    assert {p.value for p in Polarity} == {p.value for p in status.Polarity}


def test_quantile_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        stats.quantile7([], Decimal("0.5"))
    with pytest.raises(ValueError):
        stats.quantile7(d(1, 2), Decimal("1.5"))
