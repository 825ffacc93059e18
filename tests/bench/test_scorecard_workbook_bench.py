"""The scorecard workbook benchmark (``goldenthread bench --only setup``) imports what it says."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_the_workbook_benchmark_imports_every_figure(settings: Any, monkeypatch: Any) -> None:
    from goldenthread.bench import scorecard_workbook

    settings.GOLDENTHREAD_TODAY = "2026-11-23"
    monkeypatch.setattr(scorecard_workbook, "INDICATORS", 12)
    figures = scorecard_workbook.run()
    assert figures["figures"] == 12 * 24
    assert figures["compared"] == 12 * 24
    # Only the workbook's own year has targets: the earlier years' colours have none to
    # follow from, and in that year the figures 48 and 49 (coloured red) are amber to us.
    no_target = 12 * 20
    near_misses = sum(
        1
        for n in range(12)
        for q in range(20, 24)
        if 40 + (n + q) % 20 in ((48, 49) if n % 2 == 0 else (51, 52))
    )
    assert near_misses > 0
    assert figures["disagreements"] == no_target + near_misses
