"""The council's exception rules: which indicators are reported "by exception".

Pure Python with no Django import, beside ``goldenthread.status`` whose RAG and
direction-of-travel rules it reuses, so an exception is always judged exactly the way the
scorecard shows the same figures.

The rules (docs/sources.md#domain-status-rules; "referral by exception":
docs/sources.md#seed-002-appendix-4):

- **Red**: the latest period is red.
- **Missing data**: the latest period's deadline has passed with no value.
- **Worsening**: the value has worsened ``worsening_periods`` period-on-period movements
  running (default 2: "worsening for two periods running" needs three values).
- **Static while off target**: the value has not moved for ``static_periods`` movements
  running (default 2) and the latest period misses its target (amber or red).
- **Consistently missed**: the target has been missed (amber or red) ``missed_periods``
  periods running (default 3), counted by ``status.missed_in_a_row``.

A cumulative-to-date indicator restarts every April, so its period-on-period movement
says nothing (``status.evaluate`` does not compare it either): the worsening and static
rules never fire for it. A contextual indicator (polarity NONE) is never off target and
its movements are INCREASED / DECREASED, never WORSENING, so only missing data applies.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from goldenthread import status

__all__ = ["ExceptionRule", "Point", "Policy", "exceptions", "history_needed"]


class ExceptionRule(StrEnum):
    """An exception rule; the value is what is stored and put in links."""

    RED = "red"
    WORSENING = "worsening"
    STATIC = "static"
    MISSED = "missed"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ExceptionRule.RED: "Red",
    ExceptionRule.WORSENING: "Worsening period on period",
    ExceptionRule.STATIC: "Static while off target",
    ExceptionRule.MISSED: "Target consistently missed",
    ExceptionRule.MISSING: "Missing data",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """A council's settings for the rules; the defaults are the ones named in
    docs/sources.md#domain-status-rules."""

    worsening_periods: int = 2
    static_periods: int = 2
    missed_periods: int = 3
    enabled: frozenset[ExceptionRule] = field(default_factory=lambda: frozenset(ExceptionRule))

    def __post_init__(self) -> None:
        for name in ("worsening_periods", "static_periods", "missed_periods"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number of periods, at least 1")
        object.__setattr__(self, "enabled", frozenset(ExceptionRule(r) for r in self.enabled))


@dataclass(frozen=True, slots=True)
class Point:
    """One period of an indicator's history: its value (None if none), its target and
    whether its data deadline has passed."""

    value: Decimal | None
    target: status.Target | None
    deadline_passed: bool = True


def history_needed(policy: Policy) -> int:
    """How many periods (ending with the latest) the rules look at, at most."""
    return max(policy.worsening_periods + 1, policy.static_periods + 1, policy.missed_periods)


def _movements(points: Sequence[Point], rule: status.Rule, count: int) -> list[status.Direction]:
    """The last ``count`` period-on-period directions, oldest first (fewer if history is short)."""
    window = points[-(count + 1) :]
    return [
        status.direction(current.value, previous.value, rule, current.target)
        for previous, current in itertools.pairwise(window)
    ]


def _run_of(
    points: Sequence[Point], rule: status.Rule, count: int, wanted: status.Direction
) -> bool:
    movements = _movements(points, rule, count)
    return len(movements) == count and all(m == wanted for m in movements)


def exceptions(
    points: Sequence[Point], rule: status.Rule, policy: Policy | None = None
) -> list[ExceptionRule]:
    """The rules the latest period (the last point) breaks, in ``ExceptionRule`` order.

    ``points`` are consecutive periods of one frequency, oldest first. A period still open
    (deadline not passed, no value) is neither missing nor a miss; ``status.rag`` decides.
    """
    policy = policy or Policy()
    if not points:
        return []
    rags = [status.rag(p.value, p.target, rule, deadline_passed=p.deadline_passed) for p in points]
    latest = rags[-1]
    found: set[ExceptionRule] = set()
    if latest == status.Rag.RED:
        found.add(ExceptionRule.RED)
    if latest == status.Rag.MISSING:
        found.add(ExceptionRule.MISSING)
    if not rule.cumulative:
        if _run_of(points, rule, policy.worsening_periods, status.Direction.WORSENING):
            found.add(ExceptionRule.WORSENING)
        if latest in (status.Rag.AMBER, status.Rag.RED) and _run_of(
            points, rule, policy.static_periods, status.Direction.NO_CHANGE
        ):
            found.add(ExceptionRule.STATIC)
    if status.missed_in_a_row(rags) >= policy.missed_periods:
        found.add(ExceptionRule.MISSED)
    return [r for r in ExceptionRule if r in found and r in policy.enabled]
