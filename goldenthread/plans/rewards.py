"""LPSA reward grant: how much of a stretch target's reward an outturn earns. Pure Python.

docs/sources.md#seed-001-2-21: "Each target is assessed independently, such that if the
authority achieves the target it receives £335,000". What happens when a target is partly
achieved is the agreement's choice (docs/sources.md#domain-stretch-targets: "the rule for
part-achievement is configurable"), so two rules:

- **All or nothing** (the default): the whole grant if the outturn reaches the stretch
  target, nothing otherwise.
- **Pro rata above a threshold**: the share of the stretch achieved is
  ``(outturn − expected without stretch) ÷ (stretch − expected without stretch)``, kept
  between 0 and 1. If that share reaches the threshold, the grant times the share is paid
  (to the penny, halves rounded up); below the threshold, nothing.

The formula needs no polarity: for a lower-is-better indicator both the numerator and the
denominator are negative when performance improves. Worked examples are in ADR 0009 and
``tests/plans/test_rewards.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)


class Rule(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    PRO_RATA = "pro_rata"


class Standing(StrEnum):
    ACHIEVED = "achieved"
    PART_ACHIEVED = "part_achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return {
            "achieved": "Achieved",
            "part_achieved": "Partly achieved",
            "not_achieved": "Not achieved",
            "no_data": "No data yet",
        }[self.value]


@dataclass(frozen=True)
class Reward:
    """What an outturn earns: the share of the stretch achieved (0–1) and the grant."""

    standing: Standing
    share: Decimal | None
    grant: Decimal | None


def share_achieved(outturn: Decimal, expected: Decimal, stretch: Decimal) -> Decimal:
    """How much of the way from the expected level to the stretch the outturn got, 0 to 1."""
    if stretch == expected:
        raise ValueError("the stretch must differ from the level expected without it")
    share = (outturn - expected) / (stretch - expected)
    return min(Decimal(1), max(Decimal(0), share))


def reward(
    *,
    outturn: Decimal | None,
    expected: Decimal,
    stretch: Decimal,
    grant: Decimal,
    rule: Rule,
    threshold_percent: Decimal | None = None,
) -> Reward:
    """The reward an outturn earns under ``rule``; ``None`` figures when there is no outturn."""
    if grant < 0:
        raise ValueError("the reward grant cannot be negative")
    if outturn is None:
        return Reward(Standing.NO_DATA, None, None)
    share = share_achieved(outturn, expected, stretch)
    if share == 1:
        return Reward(Standing.ACHIEVED, share, grant.quantize(PENNY, ROUND_HALF_UP))
    if rule == Rule.ALL_OR_NOTHING:
        return Reward(Standing.NOT_ACHIEVED, share, Decimal("0.00"))
    if threshold_percent is None:
        raise ValueError("the pro rata rule needs a threshold")
    if share * HUNDRED < threshold_percent or share == 0:
        return Reward(Standing.NOT_ACHIEVED, share, Decimal("0.00"))
    return Reward(Standing.PART_ACHIEVED, share, (grant * share).quantize(PENNY, ROUND_HALF_UP))
