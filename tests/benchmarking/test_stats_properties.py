"""Properties of the benchmarking statistics, checked with hypothesis."""

from __future__ import annotations

import random
import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.benchmarking import stats
from goldenthread.benchmarking.stats import Entry, Polarity

values_st = st.decimals(
    min_value=Decimal(-10_000), max_value=Decimal(10_000), places=2, allow_nan=False
)
groups = st.lists(values_st, min_size=4, max_size=60)
ranked = st.sampled_from([Polarity.HIGHER, Polarity.LOWER])


@given(groups)
def test_thresholds_are_monotone_and_inside_the_range(values: list[Decimal]) -> None:
    q = stats.quartiles(values)
    assert q is not None
    assert min(values) <= q.lower <= q.median <= q.upper <= max(values)


@given(groups)
def test_thresholds_agree_with_pythons_inclusive_quantiles(values: list[Decimal]) -> None:
    # statistics.quantiles(method="inclusive") is the same type 7 rule, written independently
    q = stats.quartiles(values)
    assert q is not None
    assert [q.lower, q.median, q.upper] == statistics.quantiles(values, n=4, method="inclusive")


@given(groups, ranked)
def test_our_quartile_is_consistent_with_rank(values: list[Decimal], polarity: Polarity) -> None:
    placed = [
        (stats.rank(v, values, polarity), stats.quartile_position(v, values, polarity))
        for v in values
    ]
    for rank_a, quartile_a in placed:
        assert quartile_a is not None and 1 <= quartile_a <= 4
        for rank_b, quartile_b in placed:
            assert rank_a is not None and rank_b is not None and quartile_b is not None
            if rank_a < rank_b:
                assert quartile_a <= quartile_b


@given(groups, ranked)
def test_the_best_value_is_always_in_the_top_quartile(
    values: list[Decimal], polarity: Polarity
) -> None:
    # Only under BETTER: with LAIT's interval rule a maximum tied with q3 is second quartile.
    best = max(values) if polarity == Polarity.HIGHER else min(values)
    assert stats.quartile_position(best, values, polarity, convention=stats.BETTER) == 1
    assert stats.rank(best, values, polarity) == 1


@given(groups, st.data())
def test_flipping_polarity_mirrors_positions(values: list[Decimal], data: st.DataObject) -> None:
    ours = data.draw(st.sampled_from(values))
    negated = [-v for v in values]
    # Only under BETTER: LAIT's intervals are closed at the top of the value, not of merit.
    better = stats.BETTER
    assert stats.quartile_position(
        ours, values, Polarity.HIGHER, convention=better
    ) == stats.quartile_position(-ours, negated, Polarity.LOWER, convention=better)
    assert stats.rank(ours, values, Polarity.HIGHER) == stats.rank(-ours, negated, Polarity.LOWER)


@given(groups, ranked, st.randoms(use_true_random=False))
def test_order_of_the_group_does_not_matter(
    values: list[Decimal], polarity: Polarity, rnd: random.Random
) -> None:
    shuffled = list(values)
    rnd.shuffle(shuffled)
    ours = values[0]
    assert stats.quartile_position(ours, values, polarity) == stats.quartile_position(
        ours, shuffled, polarity
    )
    assert stats.quartiles(values) == stats.quartiles(shuffled)


ratios = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000)
    ),
    min_size=1,
    max_size=40,
)


@given(ratios)
def test_group_value_is_sum_of_numerators_over_sum_of_denominators(
    pairs: list[tuple[int, int]],
) -> None:
    entries = [
        Entry(i, Decimal(n) / Decimal(dn) * 100, Decimal(n), Decimal(dn))
        for i, (n, dn) in enumerate(pairs)
    ]
    value = stats.group_value(entries, Decimal(100))
    assert value == Decimal(sum(n for n, _ in pairs)) / Decimal(sum(dn for _, dn in pairs)) * 100
    # a pooled rate lies between the smallest and largest member's rate
    rates = [e.value for e in entries if e.value is not None]
    assert value is not None
    assert min(rates) - Decimal("1e-20") <= value <= max(rates) + Decimal("1e-20")


@given(
    st.lists(st.integers(min_value=-20, max_value=20), min_size=1, max_size=40),
    st.sampled_from([Polarity.HIGHER, Polarity.LOWER, Polarity.BAND]),
    st.sampled_from([stats.DEFAULT, stats.LAIT, stats.BETTER]),
)
def test_group_statistics_places_every_member_as_the_one_at_a_time_rules_do(
    ints: list[int], polarity: Polarity, convention: stats.Convention
) -> None:
    """``group_statistics`` works each distinct value out once from the sorted values (the
    refresh's fast path); it must agree with ``rank``, ``quartile_position`` and
    ``mad_distance`` applied to each member alone. Small integers, so ties are common."""
    values = [Decimal(i) / 2 for i in ints]
    midpoint = Decimal(1) if polarity == Polarity.BAND else None
    entries = [Entry(n, v) for n, v in enumerate(values)]
    found = stats.group_statistics(entries, polarity, convention=convention, midpoint=midpoint)
    spread = stats.mad(values)
    for n, value in enumerate(values):
        placing = found.placings[n]
        assert placing.rank == stats.rank(value, values, polarity, midpoint)
        assert placing.quartile == stats.quartile_position(
            value, values, polarity, midpoint, convention
        )
        assert found.median is not None
        assert placing.distance == stats.mad_distance(value, found.median, spread)
