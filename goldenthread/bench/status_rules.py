"""How fast the status rules evaluate (indicator, period) pairs."""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

from goldenthread import status

RULES = [
    status.Rule(
        status.Polarity.HIGHER, status.Tolerance(status.ToleranceKind.PERCENT, Decimal(5)), 1
    ),
    status.Rule(
        status.Polarity.LOWER, status.Tolerance(status.ToleranceKind.PERCENT, Decimal(5)), 1
    ),
    status.Rule(
        status.Polarity.LOWER, status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(2)), 0
    ),
    status.Rule(
        status.Polarity.BAND, status.Tolerance(status.ToleranceKind.PERCENT, Decimal(10)), 2
    ),
    status.Rule(
        status.Polarity.NONE, status.Tolerance(status.ToleranceKind.PERCENT, Decimal(5)), 0
    ),
]


def _inputs(pairs: int, seed: int = 7) -> list[tuple[object, ...]]:
    rng = random.Random(seed)  # nosec B311  # seeded cases for a benchmark, not a secret
    inputs: list[tuple[object, ...]] = []
    for _ in range(pairs):
        rule = RULES[rng.randrange(len(RULES))]
        actual = None if rng.random() < 0.03 else Decimal(rng.randrange(0, 100_000)) / 100
        previous = Decimal(rng.randrange(0, 100_000)) / 100
        last_year = None if rng.random() < 0.1 else Decimal(rng.randrange(0, 100_000)) / 100
        centre = Decimal(rng.randrange(0, 100_000)) / 100
        if rule.polarity is status.Polarity.BAND:
            target = status.Target(lower=centre - 5, upper=centre + 5)
        else:
            target = status.Target(value=centre)
        inputs.append((actual, target, previous, last_year, rule, rng.random() < 0.5))
    return inputs


def run(pairs: int) -> dict[str, float]:
    """Evaluate RAG and both directions for ``pairs`` pairs; inputs are built before timing."""
    inputs = _inputs(pairs)
    evaluate = status.evaluate
    started, cpu_started = time.perf_counter(), time.process_time()
    for actual, target, previous, last_year, rule, passed in inputs:
        evaluate(actual, target, previous, last_year, rule, deadline_passed=passed)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    # CPU time as well: on a shared machine the wall clock also counts other processes' turns.
    cpu_seconds = time.process_time() - cpu_started
    return {
        "pairs": pairs,
        "seconds": seconds,
        "per_second": pairs / seconds,
        "cpu_seconds": cpu_seconds,
        "per_cpu_second": pairs / cpu_seconds,
    }


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints: a million pairs (``--quick``: 100,000)."""
    result = run(100_000 if options["quick"] else 1_000_000)
    stdout.write(
        f"Status rules: {result['pairs']:,} (indicator, period) pairs evaluated (RAG + 2 directions) "
        f"in {result['seconds']:.2f} s = {result['per_second']:,.0f} per second "
        f"({result['cpu_seconds']:.2f} s of CPU = {result['per_cpu_second']:,.0f} per CPU second)"
    )
