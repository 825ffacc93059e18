"""The benchmarking pages pass axe's WCAG 2.2 AA rules: summary, a measure, the indicator page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from tests.benchmarking import factories as f
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_benchmarking_pages_are_accessible(
    page: Page,
    live_server: object,
    performance_user: User,
    council: Council,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    ours = f.us(council)
    others = f.authorities(11)
    group = f.group(others, name="CIPFA nearest neighbours")
    measure = f.measure("NI 192", "higher")
    f.values(measure, 2024, {**{a: str(30 + 2 * i) for i, a in enumerate(others)}, ours: "47.5"})
    f.values(measure, 2023, {ours: "45"})
    indicator = make_indicator(code="NI 192", title="Household waste recycled", polarity="higher")
    f.benchmark(indicator, measure, group)

    sign_in(page, str(live_server), "performance", "pw-for-tests-1")
    page.goto(f"{live_server}/benchmarking/")
    expect(page.get_by_role("heading", name="Benchmarking summary: 2024/25")).to_be_visible()
    assert_accessible(page, "benchmarking-summary")

    page.goto(f"{live_server}/indicators/{indicator.pk}/")
    expect(page.get_by_role("heading", name="Benchmarking: 2024/25")).to_be_visible()
    expect(
        page.get_by_role("img", name="Household waste recycled: CIPFA nearest neighbours, 2024/25")
    ).to_be_visible()
    assert_accessible(page, "benchmarking-indicator")

    page.get_by_role("link", name="All years and groups for this measure").click()
    expect(page.get_by_role("heading", name="Measure NI 192")).to_be_visible()
    assert_accessible(page, "benchmarking-measure")

    page.goto(f"{live_server}/benchmarking/measures/")
    assert_accessible(page, "benchmarking-measures")


def test_choosing_groups_and_an_indicators_benchmark_is_accessible(
    page: Page,
    live_server: object,
    performance_user: User,
    council: Council,
    make_indicator: Callable[..., Indicator],
) -> None:
    others = f.authorities(6)
    f.group(others, name="CIPFA nearest neighbours")
    f.measure("BV 82a", "higher")
    indicator = make_indicator(code="BV 82a", title="Household waste recycled", polarity="higher")
    sign_in(page, str(live_server), "performance", "pw-for-tests-1")
    page.goto(f"{live_server}/benchmarking/groups/")
    page.get_by_role("button", name="Use as ours for CIPFA nearest neighbours").click()
    expect(page.get_by_text("CIPFA nearest neighbours is now one of our groups.")).to_be_visible()
    assert_accessible(page, "benchmarking-groups")

    page.goto(f"{live_server}/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Benchmark this indicator against other authorities").click()
    page.get_by_label("Published measure").select_option(label="BV 82a Measure BV 82a")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose the comparator group to compare with.").first).to_be_visible()
    assert_accessible(page, "benchmarking-setting-error")
    page.get_by_label("Comparator group").select_option(label="CIPFA nearest neighbours")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("BV 82a is benchmarked against CIPFA nearest neighbours.")
    ).to_be_visible()
