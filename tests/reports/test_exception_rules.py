"""Worked examples of each exception rule, with its edge (exactly N periods), and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread import status
from goldenthread.exception_rules import ExceptionRule, Point, Policy, exceptions, history_needed

HIGHER = status.Rule(
    status.Polarity.HIGHER, status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(5))
)
LOWER = status.Rule(
    status.Polarity.LOWER, status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(5))
)


def series(values: list[int | None], target: int | None = 50) -> list[Point]:
    goal = None if target is None else status.Target(value=Decimal(target))
    return [Point(None if v is None else Decimal(v), goal) for v in values]


def test_red_is_beyond_tolerance_and_amber_is_not() -> None:
    assert ExceptionRule.RED in exceptions(series([60, 44]), HIGHER)  # 6 short of 50: red
    assert ExceptionRule.RED not in exceptions(series([60, 45]), HIGHER)  # 5 short: amber edge


def test_missing_only_after_the_deadline() -> None:
    goal = status.Target(value=Decimal(50))
    late = [Point(Decimal(60), goal), Point(None, goal, deadline_passed=True)]
    open_period = [Point(Decimal(60), goal), Point(None, goal, deadline_passed=False)]
    assert exceptions(late, HIGHER) == [ExceptionRule.MISSING]
    assert exceptions(open_period, HIGHER) == []


def test_worsening_two_periods_running_needs_exactly_two_movements() -> None:
    # 70 -> 65 -> 60: two worsening movements, all green: worsening alone.
    assert exceptions(series([70, 65, 60]), HIGHER) == [ExceptionRule.WORSENING]
    # One movement is not enough (the edge below N).
    assert exceptions(series([65, 60]), HIGHER) == []
    # An improvement in between breaks the run.
    assert exceptions(series([70, 65, 66, 60]), HIGHER) == []
    # Lower is better: rising is worsening.
    assert exceptions(series([30, 35, 40]), LOWER) == [ExceptionRule.WORSENING]


def test_worsening_respects_the_stated_precision() -> None:
    rule = status.Rule(
        status.Polarity.HIGHER, status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(5)), 0
    )
    points = [Point(Decimal(v), None) for v in ("70.4", "70.2", "70.0")]
    assert exceptions(points, rule) == []  # all publish as 70: no movement


def test_static_while_off_target_at_exactly_n_periods() -> None:
    # 47, 47, 47: amber and unmoved for two movements (and so missed three times too).
    assert exceptions(series([47, 47, 47]), HIGHER) == [ExceptionRule.STATIC, ExceptionRule.MISSED]
    # Unmoved for only one movement: not yet static.
    assert exceptions(series([49, 47, 47]), HIGHER) == [ExceptionRule.MISSED]
    assert exceptions(series([60, 47, 47]), HIGHER) == []
    # Unmoved but on target: not an exception.
    assert exceptions(series([55, 55, 55]), HIGHER) == []


def test_consistently_missed_at_exactly_three() -> None:
    assert ExceptionRule.MISSED in exceptions(series([47, 48, 46]), HIGHER)
    assert ExceptionRule.MISSED not in exceptions(series([50, 48, 46]), HIGHER)
    # Missing in the middle breaks the run.
    assert ExceptionRule.MISSED not in exceptions(series([47, None, 47, 46]), HIGHER)


def test_a_council_can_change_n_and_switch_rules_off() -> None:
    two = Policy(missed_periods=2)
    assert ExceptionRule.MISSED in exceptions(series([48, 46]), HIGHER, two)
    red_off = Policy(enabled=frozenset(set(ExceptionRule) - {ExceptionRule.RED}))
    assert exceptions(series([60, 40]), HIGHER, red_off) == []
    with pytest.raises(ValueError, match="missed_periods"):
        Policy(missed_periods=0)


def test_cumulative_indicators_are_not_judged_period_on_period() -> None:
    rule = status.Rule(
        status.Polarity.HIGHER,
        status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(5)),
        cumulative=True,
    )
    assert exceptions(series([70, 65, 60]), rule) == []


def test_contextual_indicators_only_report_missing_data() -> None:
    rule = status.Rule(
        status.Polarity.NONE, status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(5))
    )
    assert exceptions(series([70, 65, 60]), rule) == []
    assert exceptions(series([70, None]), rule) == [ExceptionRule.MISSING]


def test_no_target_means_only_movement_and_missing_rules() -> None:
    assert exceptions(series([70, 65, 60], target=None), HIGHER) == [ExceptionRule.WORSENING]
    assert exceptions(series([60, 60, 60], target=None), HIGHER) == []


values = st.lists(st.none() | st.integers(-1000, 1000), min_size=1, max_size=8)
targets = st.none() | st.integers(-1000, 1000)
policies = st.builds(
    Policy,
    worsening_periods=st.integers(1, 4),
    static_periods=st.integers(1, 4),
    missed_periods=st.integers(1, 5),
)


@given(values, targets, policies)
def test_mirror_polarity_gives_the_same_exceptions(
    vals: list[int | None], target: int | None, policy: Policy
) -> None:
    """Negating every value and target and swapping higher/lower changes nothing."""
    mirrored = [None if v is None else -v for v in vals]
    assert exceptions(series(vals, target), HIGHER, policy) == exceptions(
        series(mirrored, None if target is None else -target), LOWER, policy
    )


@given(values, values, targets, policies)
def test_only_recent_history_matters_except_for_the_missed_run(
    older: list[int | None], recent: list[int | None], target: int | None, policy: Policy
) -> None:
    """Red, missing, worsening and static depend only on the last `history_needed` periods."""
    local = {
        ExceptionRule.RED,
        ExceptionRule.MISSING,
        ExceptionRule.WORSENING,
        ExceptionRule.STATIC,
    }
    tail = recent[-history_needed(policy) :]
    whole = [r for r in exceptions(series(older + recent, target), HIGHER, policy) if r in local]
    short = [r for r in exceptions(series(tail, target), HIGHER, policy) if r in local]
    if len(recent) >= history_needed(policy):
        assert whole == short


@given(values, targets, st.integers(1, 5))
def test_missed_fires_exactly_when_the_run_is_long_enough(
    vals: list[int | None], target: int | None, n: int
) -> None:
    points = series(vals, target)
    rags = [status.rag(p.value, p.target, HIGHER, deadline_passed=True) for p in points]
    fired = ExceptionRule.MISSED in exceptions(points, HIGHER, Policy(missed_periods=n))
    assert fired == (status.missed_in_a_row(rags) >= n)
    if fired and n > 1:  # monotone: a shorter threshold fires too
        assert ExceptionRule.MISSED in exceptions(points, HIGHER, Policy(missed_periods=n - 1))


@given(values, targets)
def test_red_and_missing_follow_the_status_rules(
    vals: list[int | None], target: int | None
) -> None:
    points = series(vals, target)
    latest = status.rag(points[-1].value, points[-1].target, HIGHER, deadline_passed=True)
    found = exceptions(points, HIGHER)
    assert (ExceptionRule.RED in found) == (latest == status.Rag.RED)
    assert (ExceptionRule.MISSING in found) == (latest == status.Rag.MISSING)
