"""The comparison conventions, against the official tools' own code and worked examples.

LAIT is the DfE's Local Authority Interactive Tool (github.com/dfe-analytical-services/
local-authority-interactive-tool). Its band rule is ``calculate_quartile_band`` in
``R/fn_analysis.R`` (commit 9135ada, lines 113–164): for "Low" polarity
``q0 ≤ v ≤ q1`` → A, ``q1 < v ≤ q2`` → B, ``q2 < v ≤ q3`` → C, ``q3 < v ≤ q4`` → D (lines
136–148); for "High" the same intervals are named D, C, B, A (lines 149–161); with
``no_show_qb`` the band is "-" (lines 134–135). Its thresholds are ``quantile(na.rm = TRUE)``,
R's default type 7 (``server.R``/``global.R`` and ``R/fn_analysis.R`` callers:
``la_quartile_bands <- ... |> quantile(na.rm = TRUE)``). Its rank is
``rank(values_num, ties.method = "min", na.last = TRUE)`` (``calculate_rank``, same file).
"""

from __future__ import annotations

import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.benchmarking import stats
from goldenthread.benchmarking.stats import Entry, Polarity, Quartiles, Ties

# The thresholds of LAIT's own roxygen example: c("0%" = 0, "25%" = 10, "50%" = 20,
# "75%" = 30, "100%" = 40) (R/fn_analysis.R, lines 96–111). R's quantile(c(0, 10, 20, 30, 40))
# gives exactly these, so the group below reproduces them through our type 7 quantiles.
LAIT_EXAMPLE = Quartiles(Decimal(10), Decimal(20), Decimal(30))
GROUP = [Decimal(v) for v in (0, 10, 20, 30, 40)]


def letter(value: int, polarity: Polarity) -> str:
    position = stats.quartile_position(Decimal(value), GROUP, polarity, convention=stats.LAIT)
    assert position is not None
    return stats.LETTERS[position]


def test_the_lait_example_group_has_the_examples_thresholds() -> None:
    assert stats.quartiles(GROUP, stats.LAIT) == LAIT_EXAMPLE


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        (5, "A", "D"),  # the roxygen example's first value (lines 96–111)
        (10, "A", "D"),  # on q1: closed at the top, so the lowest interval
        (15, "B", "C"),  # the example's third value
        (20, "B", "C"),  # on q2
        (30, "C", "B"),  # on q3: higher is better, yet not the top band
        (40, "D", "A"),  # on q4
        (0, "A", "D"),  # on q0
    ],
)
def test_lait_bands_values_on_thresholds_by_interval_closed_at_the_top(
    value: int, low: str, high: str
) -> None:
    assert (
        stats.LETTERS[stats.band(Decimal(value), LAIT_EXAMPLE, Polarity.LOWER, Ties.INTERVAL)]
        == low
    )
    assert (
        stats.LETTERS[stats.band(Decimal(value), LAIT_EXAMPLE, Polarity.HIGHER, Ties.INTERVAL)]
        == high
    )
    if value in (0, 10, 20, 30, 40):
        assert letter(value, Polarity.LOWER) == low
        assert letter(value, Polarity.HIGHER) == high


def test_the_old_rule_put_a_tie_on_q3_in_the_top_band_which_lait_does_not() -> None:
    assert (
        stats.quartile_position(Decimal(30), GROUP, Polarity.HIGHER, convention=stats.BETTER) == 1
    )
    assert stats.quartile_position(Decimal(30), GROUP, Polarity.HIGHER, convention=stats.LAIT) == 2


def test_a_measure_lait_gives_no_quartile_gets_none_and_says_why() -> None:
    # LAIT: no_show_qb → "-" (R/fn_analysis.R lines 134–135); the flag is the metrics file's
    # No_Quartile column (global.R: no_qb_indicators <- ... filter(No_Quartile == "N")).
    entries = [Entry(i, v) for i, v in enumerate(GROUP)]
    found = stats.group_statistics(
        entries, Polarity.HIGHER, convention=stats.LAIT, no_quartile=True
    )
    assert found.quartiles is None
    assert all(p.quartile is None for p in found.placings.values())
    assert "no quartiles" in found.no_quartile
    assert found.placings[4].rank == 1  # rank and median are still given
    assert found.median == Decimal(20)


def test_a_convention_with_a_minimum_range_gives_no_quartile_below_it() -> None:
    narrow = stats.Convention("Narrow", min_range=Decimal("0.5"))
    entries = [Entry(i, Decimal(v)) for i, v in enumerate(("1.0", "1.1", "1.2", "1.3"))]
    found = stats.group_statistics(entries, Polarity.HIGHER, convention=narrow)
    assert found.quartiles is None and found.no_quartile.startswith("The values span less")


def test_lait_ranks_ties_with_the_minimum_rank() -> None:
    # R: rank(-c(40, 30, 30, 10), ties.method = "min") gives 1 2 2 4 (calculate_rank, "High")
    entries = [Entry(i, Decimal(v)) for i, v in enumerate((40, 30, 30, 10))]
    found = stats.group_statistics(entries, Polarity.HIGHER, convention=stats.LAIT)
    assert [found.placings[i].rank for i in range(4)] == [1, 2, 2, 4]


def test_lait_bands_a_group_of_any_size() -> None:
    # calculate_quartile_band has no smallest group; ours (DEFAULT) needs four values.
    entries = [Entry(i, Decimal(v)) for i, v in enumerate((1, 2, 3))]
    assert stats.group_statistics(entries, Polarity.HIGHER, convention=stats.LAIT).quartiles
    assert stats.group_statistics(entries, Polarity.HIGHER).quartiles is None


def test_mad_distance_is_unscaled_and_signed_by_value_not_polarity() -> None:
    # R: median(c(1, 2, 3, 4, 100)) is 3; mad(c(1, 2, 3, 4, 100), constant = 1) is 1
    # (stats::mad's default constant 1.4826 scales it; Oflog's explorer used the unscaled one).
    values = [Decimal(v) for v in (1, 2, 3, 4, 100)]
    assert stats.mad(values) == Decimal(1)
    entries = [Entry(v, v) for v in values]
    for polarity in (Polarity.HIGHER, Polarity.LOWER):
        found = stats.group_statistics(entries, polarity)
        assert found.placings[Decimal(100)].distance == Decimal(97)
        assert found.placings[Decimal(1)].distance == Decimal(-2)
        assert found.placings[Decimal(3)].distance == Decimal(0)


def test_a_mad_of_zero_gives_no_distance() -> None:
    # more than half the group on the median: every deviation's median is 0
    entries = [Entry(i, Decimal(v)) for i, v in enumerate((5, 5, 5, 9))]
    found = stats.group_statistics(entries, Polarity.HIGHER)
    assert found.mad == 0
    assert all(p.distance is None for p in found.placings.values())


def test_rounding_to_the_published_decimals_before_banding_when_the_convention_says() -> None:
    rounded = stats.Convention("Rounded", round_to_decimals=True)
    entries = [Entry(i, Decimal(v)) for i, v in enumerate(("1.04", "1.0", "2", "3", "4"))]
    as_published = stats.group_statistics(entries, Polarity.HIGHER, convention=rounded, decimals=1)
    assert as_published.placings[0].value == Decimal("1.0")
    assert as_published.placings[0].rank == as_published.placings[1].rank == 4
    exact = stats.group_statistics(entries, Polarity.HIGHER, decimals=1)
    assert exact.placings[0].rank == 4 and exact.placings[1].rank == 5


def test_type_6_quartiles_match_r() -> None:
    # R: quantile(1:8, type = 6) gives 2.25, 4.5, 6.75
    six = stats.Convention("Six", quantile_type=6)
    assert stats.quartiles([Decimal(v) for v in range(1, 9)], six) == Quartiles(
        Decimal("2.25"), Decimal("4.5"), Decimal("6.75")
    )


# Few distinct values, so ties on every threshold are common.
tied_groups = st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40)


@given(tied_groups, st.sampled_from([Polarity.HIGHER, Polarity.LOWER]))
def test_under_lait_every_band_is_the_interval_rule(ints: list[int], polarity: Polarity) -> None:
    values = [Decimal(v) for v in ints]
    # R's type 7, written independently: statistics.quantiles(method="inclusive") (n ≥ 2).
    q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    low = {0: "A", 1: "B", 2: "C", 3: "D"}
    high = {0: "D", 1: "C", 2: "B", 3: "A"}
    found = stats.group_statistics(
        [Entry(i, v) for i, v in enumerate(values)], polarity, convention=stats.LAIT
    )
    for i, v in enumerate(values):
        # calculate_quartile_band's case_when, R/fn_analysis.R lines 136–161
        if min(values) <= v <= q[0]:
            k = 0
        elif q[0] < v <= q[1]:
            k = 1
        elif q[1] < v <= q[2]:
            k = 2
        else:
            assert q[2] < v <= max(values)
            k = 3
        expected = (low if polarity == Polarity.LOWER else high)[k]
        position = found.placings[i].quartile
        assert position is not None
        assert stats.LETTERS[position] == expected
        assert stats.quartile_position(v, values, polarity, convention=stats.LAIT) == position
