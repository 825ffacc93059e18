"""evaluate(): RAG and both directions in one call, matching the separate functions."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.status import (
    Direction,
    Polarity,
    Rag,
    Rule,
    Status,
    Target,
    Tolerance,
    ToleranceKind,
    direction,
    evaluate,
    rag,
)
from tests.status.strategies import numbers, rules

FIVE_PERCENT = Tolerance(ToleranceKind.PERCENT, Decimal(5))


def test_evaluate_combines_rating_and_both_directions() -> None:
    lower = Rule(Polarity.LOWER, FIVE_PERCENT, decimals=1)
    status = evaluate(
        Decimal("10.5"),
        Target(value=Decimal(10)),
        Decimal(11),
        Decimal("10.2"),
        lower,
        deadline_passed=True,
    )
    assert status == Status(Rag.AMBER, Direction.IMPROVING, Direction.WORSENING)


def test_evaluate_passes_the_band_to_direction() -> None:
    band = Rule(Polarity.BAND, FIVE_PERCENT)
    target = Target(lower=Decimal(40), upper=Decimal(60))
    status = evaluate(Decimal(62), target, Decimal(70), Decimal(50), band, deadline_passed=True)
    assert status == Status(Rag.AMBER, Direction.IMPROVING, Direction.WORSENING)


def test_evaluate_with_nothing_reported_yet() -> None:
    higher = Rule(Polarity.HIGHER, FIVE_PERCENT)
    status = evaluate(None, None, Decimal(1), None, higher, deadline_passed=False)
    assert status == Status(Rag.NOT_DUE, Direction.NOT_COMPARABLE, Direction.NOT_COMPARABLE)


def test_a_cumulative_indicator_is_compared_with_last_year_but_not_its_previous_period() -> None:
    collected = Rule(Polarity.HIGHER, FIVE_PERCENT, decimals=1, cumulative=True)
    # Council tax collected to date: 49.2 % at Q2 against 24.7 % at Q1 and 48.9 % a year ago.
    status = evaluate(
        Decimal("49.2"),
        Target(value=Decimal(49)),
        Decimal("24.7"),
        Decimal("48.9"),
        collected,
        deadline_passed=True,
    )
    assert status == Status(Rag.GREEN, Direction.NOT_COMPARABLE, Direction.IMPROVING)


optional_numbers = st.none() | numbers()
targets = (
    st.none()
    | st.builds(Target, value=st.none() | numbers())
    | numbers().flatmap(
        lambda low: numbers(low=low).map(lambda high: Target(lower=low, upper=high))
    )
)


@given(
    rule=rules(st.sampled_from(Polarity)),
    actual=optional_numbers,
    previous=optional_numbers,
    last_year=optional_numbers,
    target=targets,
    deadline_passed=st.booleans(),
)
def test_evaluate_always_agrees_with_rag_and_direction_called_separately(
    rule: Rule,
    actual: Decimal | None,
    previous: Decimal | None,
    last_year: Decimal | None,
    target: Target | None,
    deadline_passed: bool,
) -> None:
    status = evaluate(actual, target, previous, last_year, rule, deadline_passed=deadline_passed)
    assert status == Status(
        rag(actual, target, rule, deadline_passed=deadline_passed),
        Direction.NOT_COMPARABLE if rule.cumulative else direction(actual, previous, rule, target),
        direction(actual, last_year, rule, target),
    )
