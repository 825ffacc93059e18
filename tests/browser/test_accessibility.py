"""Every page the tests visit passes axe's WCAG 2.2 AA rules, and works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from tests.browser.conftest import TEAM_LANDING, assert_accessible, sign_in
from tests.conftest import dec, period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def scorecard_data(make_indicator: Callable[..., Indicator], periods: None) -> Indicator:
    red = make_indicator(code="BV 78a", title="Average days to process new benefit claims")
    for code, value in [("2025-26-Q1", "10.6"), ("2024-25-Q1", "11.2"), ("2024-25-Q4", "9.8")]:
        services.target_set(actor=None, indicator=red, period=period(code), value=dec(10))
        services.actual_record(
            state="approved",
            actor=None,
            indicator=red,
            period=period(code),
            value=dec(value),
            commentary=f"Claims rose in {code}.",
        )
    green = make_indicator(
        code="NI 192",
        title="Household waste reused, recycled and composted",
        polarity="higher",
        unit="percent",
        aggregation="ratio",
        frequency="month",
    )
    for month, (numerator, denominator) in {"2025-05": (430, 1000), "2025-06": (455, 1000)}.items():
        services.target_set(actor=None, indicator=green, period=period(month), value=dec(44))
        services.actual_record(
            state="approved",
            actor=None,
            indicator=green,
            period=period(month),
            numerator=dec(numerator),
            denominator=dec(denominator),
        )
    make_indicator(
        code="LPI 9", title="Households on the housing register", polarity="none", unit="number"
    )
    return red


def test_login_page_is_accessible(page: Page, live_server: object) -> None:
    page.goto(f"{live_server}/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page, "login")


def test_login_errors_are_accessible_and_named(
    page: Page, live_server: object, performance_user: User
) -> None:
    sign_in(page, str(live_server), "performance", "wrong-password")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "login-error")


def test_scorecard_and_indicator_pages_are_accessible(
    page: Page, live_server: object, performance_user: User, scorecard_data: Indicator
) -> None:
    sign_in(page, str(live_server), "performance", PASSWORD)
    expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()
    page.get_by_role("link", name="Corporate scorecard", exact=True).click()
    expect(page.get_by_role("heading", name="Corporate scorecard: Q1 2025/26")).to_be_visible()
    expect(page.locator(".gt-rag--red").first).to_have_text("Red")
    assert_accessible(page, "scorecard")

    page.get_by_role("link", name="BV 78a Average days to process new benefit claims").click()
    expect(
        page.get_by_role("heading", name="Average days to process new benefit claims")
    ).to_be_visible()
    assert_accessible(page, "indicator")


def test_scorecard_filters_work_without_javascript(
    browser: Browser,
    page: Page,
    live_server: object,
    performance_user: User,
    scorecard_data: Indicator,
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    no_js = context.new_page()
    sign_in(no_js, str(live_server), "performance", PASSWORD)
    no_js.get_by_role("link", name="Corporate scorecard", exact=True).click()
    no_js.get_by_label("Status", exact=True).select_option("red")
    no_js.get_by_role("button", name="Apply filters").click()
    rows = no_js.locator("table.gt-scorecard tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("BV 78a")
    filtered_url = no_js.url
    context.close()
    # axe itself needs JavaScript: check the same filtered page in a normal browser.
    sign_in(page, str(live_server), "performance", PASSWORD)
    page.goto(filtered_url)
    assert_accessible(page, "scorecard-filtered")
