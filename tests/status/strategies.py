"""Shared hypothesis strategies and helpers for the status-rule tests.

Bounds are chosen to look like council figures (counts, percentages, money in the
millions) while staying far inside Decimal's 28-digit precision, so any failure is a
rule failure, not an arithmetic artefact.
"""

from decimal import Decimal

from hypothesis import strategies as st

from goldenthread.status import Direction, Polarity, Rag, Rule, Tolerance, ToleranceKind

LIMIT = Decimal(10) ** 7

RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
"""Order of the three judgements, worst first, so 'never worse' can be asserted."""

REVERSE = {
    Direction.IMPROVING: Direction.WORSENING,
    Direction.WORSENING: Direction.IMPROVING,
    Direction.INCREASED: Direction.DECREASED,
    Direction.DECREASED: Direction.INCREASED,
    Direction.NO_CHANGE: Direction.NO_CHANGE,
    Direction.NOT_COMPARABLE: Direction.NOT_COMPARABLE,
}


def numbers(
    places: int = 3, low: Decimal = -LIMIT, high: Decimal = LIMIT
) -> st.SearchStrategy[Decimal]:
    """Finite decimals with at most `places` decimal places between `low` and `high`."""
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )


def tolerances() -> st.SearchStrategy[Tolerance]:
    """Either kind of tolerance, from none at all to generous."""
    return st.builds(
        Tolerance,
        kind=st.sampled_from(ToleranceKind),
        amount=numbers(places=2, low=Decimal(0), high=Decimal(50)),
    )


def rules(polarity: Polarity | st.SearchStrategy[Polarity]) -> st.SearchStrategy[Rule]:
    """Rules with any tolerance, stated precision and cumulation for the given polarity."""
    polarities = polarity if isinstance(polarity, st.SearchStrategy) else st.just(polarity)
    return st.builds(
        Rule,
        polarity=polarities,
        tolerance=tolerances(),
        decimals=st.integers(0, 6),
        cumulative=st.booleans(),
    )


judged_polarities = st.sampled_from([Polarity.HIGHER, Polarity.LOWER, Polarity.BAND])
