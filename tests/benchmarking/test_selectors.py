"""Benchmarks through the database: scorecard quartile, summary shares, fixed query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.benchmarking import selectors
from goldenthread.benchmarking.models import Authority, ComparatorGroup, Measure
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.scorecard import selectors as scorecard_selectors
from goldenthread.status import Direction
from tests.benchmarking import factories as f
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db


Setup = tuple[Authority | None, list[Authority], ComparatorGroup, Measure, dict[Authority, str]]


def setup_group(council: Council, size: int, code: str = "M1", polarity: str = "higher") -> Setup:
    ours = f.us(council) if not council.gss_code else None
    others = f.authorities(size, start=1000 * len(code) + size)
    g = f.group(others, name=f"Group {code} {size}")
    m = f.measure(code, polarity)
    figures = {a: str(10 + i) for i, a in enumerate(others)}
    return ours, others, g, m, figures


def test_the_scorecard_shows_our_quartile_with_the_polarity_deciding_the_top(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    ours, _others, g, m, figures = setup_group(council, 7, polarity="lower")
    assert ours is not None
    f.values(m, 2024, {**figures, ours: "11"})  # second lowest of 8
    f.values(m, 2023, {ours: "12"})
    indicator = make_indicator(code="BV 1")
    f.benchmark(indicator, m, g)
    card = scorecard_selectors.scorecard(council=council, today=TODAY, period_code="2025-26-Q1")
    found = card.rows[0].benchmark
    assert found is not None
    assert (found.year, found.result.our_rank, found.result.our_quartile) == (2024, 2, 1)
    assert found.improved == Direction.IMPROVING  # 12 → 11, lower is better
    assert found.quartile_label == "Top quartile"


def test_benchmark_queries_are_fixed_whatever_the_group_size(
    council: Council, make_indicator: Callable[..., Indicator]
) -> None:
    counts = []
    for size in (5, 60):
        _, _others, g, m, figures = setup_group(council, size, code=f"M{size}")
        f.values(m, 2024, figures)
        indicator = make_indicator()
        f.benchmark(indicator, m, g)
        with CaptureQueriesContext(connection) as queries:
            found = selectors.indicator_benchmarks(
                council=council, indicators=Indicator.objects.all(), with_placed=True
            )
        counts.append(len(queries))
        assert found[indicator.pk].result.count == size
    assert counts == [4, 4]  # settings, stored statistics, our values, members' names


def test_summary_shares_top_two_quartiles_and_improved_by_directorate(
    council: Council, make_indicator: Callable[..., Indicator]
) -> None:
    ours, _others, g, m1, figures = setup_group(council, 7)
    assert ours is not None
    f.values(m1, 2024, {**figures, ours: "100"})  # best: top quartile
    f.values(m1, 2023, {ours: "90"})  # improved
    m2 = f.measure("M2")
    f.values(m2, 2024, {**figures, ours: "1"})  # worst: bottom quartile
    f.values(m2, 2023, {ours: "5"})  # worsened
    f.benchmark(make_indicator(), m1, g)
    f.benchmark(make_indicator(), m2, g)
    result = selectors.summary(council=council, year=None)
    assert result.year == 2024
    assert (result.overall.placed, result.overall.top_half, result.overall.top_half_share) == (
        2,
        1,
        50,
    )
    assert (result.overall.comparable, result.overall.improved) == (2, 1)
    assert [line.name for line in result.lines] == ["Place"]


def test_benchmarking_pages_run_a_fixed_number_of_queries(
    council: Council,
    make_indicator: Callable[..., Indicator],
    performance_user: User,
    client: Client,
    periods: None,
) -> None:
    client.force_login(performance_user)
    counts = []
    for size in (4, 40):
        ours, _others, g, m, figures = setup_group(council, size, code=f"P{size}")
        # Our value in both groups: the pages then take the same path (us outside the group).
        ours = ours or Authority.objects.get(gss_code=council.gss_code)
        f.values(m, 2024, {**figures, ours: "20"})
        indicator = make_indicator()
        f.benchmark(indicator, m, g)
        pages = [
            f"/indicators/{indicator.pk}/",
            f"/benchmarking/measures/{m.pk}/?group={g.pk}",
            "/benchmarking/",
        ]
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            found.append(len(queries))
        counts.append(found)
        page = client.get(f"/indicators/{indicator.pk}/").content.decode()
        assert "Benchmarking: 2024/25" in page
        assert page.count('<rect x="') >= size  # a bar for every authority
    assert counts[0] == counts[1]
