"""The indicator page and the scorecard read the stored statistics, with the source's
convention named and Oflog's view shown; never banded per view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.benchmarking import selectors
from goldenthread.benchmarking.models import GroupStatistic, SourceConvention
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from tests.benchmarking import factories as f

pytestmark = pytest.mark.django_db


def benchmarked(council: Council, make_indicator: Callable[..., Indicator]) -> Indicator:
    SourceConvention.objects.update_or_create(
        source="Test", defaults={"name": "DfE LAIT", "min_group": 1}
    )
    ours = f.us(council)
    others = f.authorities(4)
    g = f.group(others)
    m = f.measure("I1", "higher")
    # 0 10 20 30 and ours 40: median 20, MAD 10, ours 2 MADs above; 30 is on q3 (LAIT: B).
    f.values(m, 2024, {**{a: str(i * 10) for i, a in enumerate(others)}, ours: "40"})
    indicator = make_indicator()
    f.benchmark(indicator, m, g)
    return indicator


def test_the_indicator_page_names_the_convention_and_shows_the_mad_view(
    council: Council,
    make_indicator: Callable[..., Indicator],
    performance_user: User,
    client: Client,
    periods: None,
) -> None:
    indicator = benchmarked(council, make_indicator)
    client.force_login(performance_user)
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert "DfE LAIT" in page
    assert "a value exactly on a threshold is in the band of lower values" in page
    assert "Distance from the median (the Office for Local Government" in page
    assert "2.00 MADs from the median" in page
    assert "The formula" in page


def test_the_standing_comes_from_the_stored_row_with_us_in_the_group(
    council: Council, make_indicator: Callable[..., Indicator]
) -> None:
    indicator = benchmarked(council, make_indicator)
    found = selectors.indicator_benchmarks(council=council, indicators=[indicator.pk])
    standing = found[indicator.pk]
    assert standing.convention == "DfE LAIT"
    assert (standing.result.count, standing.result.our_rank) == (5, 1)
    assert standing.result.our_quartile == 1 and standing.distance == 2


def test_without_stored_statistics_the_page_says_not_yet_computed(
    council: Council,
    make_indicator: Callable[..., Indicator],
    performance_user: User,
    client: Client,
    periods: None,
) -> None:
    indicator = benchmarked(council, make_indicator)
    GroupStatistic.objects.all().delete()
    found = selectors.indicator_benchmarks(council=council, indicators=[indicator.pk])
    assert found[indicator.pk].quartile_label == "Not yet computed"
    client.force_login(performance_user)
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert "are not yet computed" in page


def test_our_authority_is_in_a_groups_statistics_only_where_it_has_a_value(
    council: Council,
) -> None:
    ours = f.us(council)
    others = f.authorities(4)
    g = f.group(others)
    with_us, without_us = f.measure("W1"), f.measure("W2")
    f.values(with_us, 2024, {**{a: str(i) for i, a in enumerate(others)}, ours: "9"})
    f.values(without_us, 2024, {a: str(i) for i, a in enumerate(others)})
    stored = GroupStatistic.objects.get(measure=with_us, group=g)
    assert (stored.count, stored.missing, str(ours.pk) in stored.placings) == (5, 0, True)
    stored = GroupStatistic.objects.get(measure=without_us, group=g)
    assert (stored.count, stored.missing, str(ours.pk) in stored.placings) == (4, 0, False)
