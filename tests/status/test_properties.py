"""Properties the status rules must keep for every input, checked with hypothesis."""

from decimal import Decimal
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.status import (
    Aggregation,
    Direction,
    Observation,
    Polarity,
    Rag,
    Rule,
    Target,
    Tolerance,
    ToleranceKind,
    direction,
    missed_in_a_row,
    rag,
    ratio_value,
    round_to_precision,
    year_to_date,
)
from tests.status.strategies import RANK, REVERSE, judged_polarities, numbers, rules

JUDGEMENTS = {Rag.GREEN, Rag.AMBER, Rag.RED}
NO_TOLERANCE = Tolerance(ToleranceKind.ABSOLUTE, Decimal(0))

counts = st.integers(min_value=0, max_value=100_000).map(Decimal)
positive_counts = st.integers(min_value=1, max_value=100_000).map(Decimal)
ratio_periods = st.lists(
    st.builds(Observation, numerator=counts, denominator=positive_counts), min_size=1, max_size=12
)


def ratio_rule() -> Rule:
    return Rule(
        Polarity.HIGHER, NO_TOLERANCE, aggregation=Aggregation.RATIO, ratio_scale=Decimal(100)
    )


def period_ratio(period: Observation, scale: Decimal) -> Decimal:
    assert period.numerator is not None and period.denominator is not None
    return ratio_value(period.numerator, period.denominator, scale)


@st.composite
def rule_and_published_target(
    draw: st.DrawFn, polarity: st.SearchStrategy[Polarity] = judged_polarities
) -> tuple[Rule, Decimal]:
    """A rule and a target value stated at that rule's published precision."""
    rule = draw(rules(polarity))
    return rule, draw(numbers(places=rule.decimals))


# --- RAG ---------------------------------------------------------------------------


@given(rule_and_published_target())
def test_a_value_equal_to_its_target_is_always_green(case: tuple[Rule, Decimal]) -> None:
    rule, value = case
    assert rag(value, Target(value=value), rule, deadline_passed=True) is Rag.GREEN


@given(rule_and_published_target(st.just(Polarity.BAND)), numbers(places=0, low=Decimal(0)))
def test_a_value_on_either_edge_of_a_band_is_always_green(
    case: tuple[Rule, Decimal], width: Decimal
) -> None:
    rule, lower = case
    band = Target(lower=lower, upper=lower + width)
    assert rag(lower, band, rule, deadline_passed=True) is Rag.GREEN
    assert rag(lower + width, band, rule, deadline_passed=True) is Rag.GREEN


@given(rules(judged_polarities), numbers(), numbers())
def test_a_value_against_a_set_target_is_always_green_amber_or_red(
    rule: Rule, actual: Decimal, target: Decimal
) -> None:
    assert rag(actual, Target(value=target), rule, deadline_passed=True) in JUDGEMENTS


@given(rules(Polarity.HIGHER), numbers(), numbers(), numbers())
def test_for_higher_raising_the_actual_never_makes_the_rating_worse(
    rule: Rule, first: Decimal, second: Decimal, target: Decimal
) -> None:
    low, high = sorted((first, second))
    goal = Target(value=target)
    worse = rag(low, goal, rule, deadline_passed=True)
    assert RANK[worse] <= RANK[rag(high, goal, rule, deadline_passed=True)]


@given(rules(Polarity.LOWER), numbers(), numbers(), numbers())
def test_for_lower_lowering_the_actual_never_makes_the_rating_worse(
    rule: Rule, first: Decimal, second: Decimal, target: Decimal
) -> None:
    low, high = sorted((first, second))
    goal = Target(value=target)
    worse = rag(high, goal, rule, deadline_passed=True)
    assert RANK[worse] <= RANK[rag(low, goal, rule, deadline_passed=True)]


@given(
    rules(judged_polarities),
    numbers(places=2, low=Decimal(0), high=Decimal(50)),
    numbers(),
    numbers(),
)
def test_a_wider_tolerance_never_makes_the_rating_worse(
    narrow: Rule, extra: Decimal, actual: Decimal, target: Decimal
) -> None:
    tolerance = Tolerance(narrow.tolerance.kind, narrow.tolerance.amount + extra)
    wide = Rule(narrow.polarity, tolerance, narrow.decimals)
    goal = Target(value=target)
    worse = rag(actual, goal, narrow, deadline_passed=True)
    assert RANK[worse] <= RANK[rag(actual, goal, wide, deadline_passed=True)]


@given(rules(Polarity.HIGHER), numbers(), numbers())
def test_swapping_higher_and_lower_and_negating_both_values_gives_the_same_rating(
    higher: Rule, actual: Decimal, target: Decimal
) -> None:
    lower = Rule(Polarity.LOWER, higher.tolerance, higher.decimals)
    mirrored = rag(-actual, Target(value=-target), lower, deadline_passed=True)
    assert rag(actual, Target(value=target), higher, deadline_passed=True) is mirrored


@given(rules(Polarity.BAND), numbers(), numbers(), numbers(low=Decimal(0)))
def test_mirroring_a_band_and_the_actual_gives_the_same_rating(
    rule: Rule, actual: Decimal, lower: Decimal, width: Decimal
) -> None:
    band = Target(lower=lower, upper=lower + width)
    mirrored_band = Target(lower=-(lower + width), upper=-lower)
    mirrored = rag(-actual, mirrored_band, rule, deadline_passed=True)
    assert rag(actual, band, rule, deadline_passed=True) is mirrored


# --- Direction ---------------------------------------------------------------------


@given(
    rules(st.sampled_from(Polarity)),
    st.none() | numbers(),
    st.none() | numbers(),
    numbers(),
    numbers(low=Decimal(0)),
)
def test_direction_one_way_is_the_reverse_of_direction_the_other_way(
    rule: Rule, a: Decimal | None, b: Decimal | None, lower: Decimal, width: Decimal
) -> None:
    band = Target(lower=lower, upper=lower + width)
    assert direction(a, b, rule, band) is REVERSE[direction(b, a, rule, band)]


@given(rules(st.sampled_from(Polarity)), numbers(), numbers())
def test_a_value_compared_with_itself_is_no_change(
    rule: Rule, value: Decimal, target: Decimal
) -> None:
    assert direction(value, value, rule, Target(value=target)) is Direction.NO_CHANGE


# --- Year to date ------------------------------------------------------------------


@given(ratio_periods)
def test_a_ratio_year_to_date_lies_between_the_lowest_and_highest_period(
    periods: list[Observation],
) -> None:
    rule = ratio_rule()
    ratios = [period_ratio(p, rule.ratio_scale) for p in periods]
    ytd = year_to_date(periods, rule)
    assert ytd is not None
    assert min(ratios) <= ytd <= max(ratios)


@given(ratio_periods, st.randoms(use_true_random=False))
def test_a_ratio_year_to_date_does_not_depend_on_the_order_of_periods(
    periods: list[Observation], random: Random
) -> None:
    shuffled = list(periods)
    random.shuffle(shuffled)
    assert year_to_date(shuffled, ratio_rule()) == year_to_date(periods, ratio_rule())


@given(ratio_periods, st.data())
def test_splitting_a_period_in_two_with_the_same_totals_keeps_the_ratio_year_to_date(
    periods: list[Observation], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(periods) - 1))
    whole = periods[index]
    assert whole.numerator is not None and whole.denominator is not None
    numerator = data.draw(st.integers(0, int(whole.numerator)).map(Decimal))
    denominator = data.draw(st.integers(0, int(whole.denominator)).map(Decimal))
    halves = [
        Observation(numerator=numerator, denominator=denominator),
        Observation(
            numerator=whole.numerator - numerator, denominator=whole.denominator - denominator
        ),
    ]
    split = periods[:index] + halves + periods[index + 1 :]
    assert year_to_date(split, ratio_rule()) == year_to_date(periods, ratio_rule())


@given(st.lists(st.none() | numbers(), max_size=12))
def test_a_summed_year_to_date_is_the_sum_of_the_periods_that_reported(
    values: list[Decimal | None],
) -> None:
    rule = Rule(Polarity.HIGHER, NO_TOLERANCE)
    reported = [v for v in values if v is not None]
    ytd = year_to_date([Observation(value=v) for v in values], rule)
    assert ytd == (sum(reported, Decimal(0)) if reported else None)


@given(st.lists(numbers(), min_size=1, max_size=12))
def test_a_mean_year_to_date_lies_between_the_lowest_and_highest_period(
    values: list[Decimal],
) -> None:
    rule = Rule(Polarity.HIGHER, NO_TOLERANCE, aggregation=Aggregation.MEAN)
    ytd = year_to_date([Observation(value=v) for v in values], rule)
    assert ytd is not None
    assert min(values) <= ytd <= max(values)


# --- Rounding ----------------------------------------------------------------------


@given(numbers(places=8), st.integers(0, 6))
def test_rounding_is_idempotent_and_moves_a_value_at_most_half_a_unit(
    value: Decimal, decimals: int
) -> None:
    rounded = round_to_precision(value, decimals)
    assert round_to_precision(rounded, decimals) == rounded
    assert abs(rounded - value) <= Decimal("0.5").scaleb(-decimals)


# --- Missed in a row ---------------------------------------------------------------

settled = st.lists(st.sampled_from([r for r in Rag if r is not Rag.NOT_DUE]), max_size=10)


@given(settled)
def test_another_miss_extends_the_run_by_one(history: list[Rag]) -> None:
    for miss in (Rag.AMBER, Rag.RED):
        assert missed_in_a_row([*history, miss]) == missed_in_a_row(history) + 1


@given(settled, st.integers(1, 3))
def test_open_periods_at_the_end_do_not_change_the_run(history: list[Rag], open_: int) -> None:
    assert missed_in_a_row(history + [Rag.NOT_DUE] * open_) == missed_in_a_row(history)


@given(
    st.lists(st.sampled_from(Rag), max_size=10),
    st.sampled_from([Rag.GREEN, Rag.MISSING, Rag.NOT_RATED]),
)
def test_a_period_that_is_not_a_miss_resets_the_run(history: list[Rag], reset: Rag) -> None:
    assert missed_in_a_row([*history, reset]) == 0
