"""Benchmark mode: more indicators than the catalogue, all key, all on one frequency."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.demo.builder import build_council
from goldenthread.demo.catalogue import CATALOGUE
from goldenthread.indicators.models import Actual, Indicator

pytestmark = pytest.mark.django_db


def test_past_the_catalogue_entries_repeat_with_suffixed_codes_all_key_and_monthly() -> None:
    size = len(CATALOGUE) + 6
    summary = build_council(
        today=date(2026, 6, 15),
        password="pw",
        indicators=size,
        years=1,
        all_key=True,
        frequency="month",
    )
    assert summary.indicators == size == Indicator.objects.count()
    assert set(Indicator.objects.values_list("frequency", flat=True)) == {"month"}
    assert not Indicator.objects.filter(is_key=False).exists()
    repeat = Indicator.objects.get(code=f"{CATALOGUE[0].code}-2")
    assert repeat.title == f"{CATALOGUE[0].title} (Area 2)"
    # April and May 2026 have ended by 15 June: the history is two months long.
    assert set(Actual.objects.values_list("period__code", flat=True)) == {"2026-04", "2026-05"}
