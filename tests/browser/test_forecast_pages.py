"""The year-end forecast (ADR 0029) on the scorecard and the indicator page, checked by axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Indicator
from tests.browser.conftest import TEAM_LANDING, assert_accessible, sign_in
from tests.scorecard.test_forecasts import QUARTER, claims

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_forecast_on_the_scorecard_and_the_indicator_page_is_accessible(
    page: Page,
    live_server: object,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    indicator = claims(make_indicator, "22")
    sign_in(page, str(live_server), "performance", "pw-for-tests-1")
    expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()
    page.goto(f"{live_server}/scorecard/?period={QUARTER}")
    expect(page.locator("#forecast-summary")).to_contain_text("likely to meet: 1")
    expect(page.get_by_role("cell", name="Likely to meet (89%) outturn 20.0 days")).to_be_visible()
    assert_accessible(page, "scorecard-forecast")

    page.goto(f"{live_server}/indicators/{indicator.pk}/")
    expect(page.get_by_role("heading", name="Year-end forecast")).to_be_visible()
    expect(page.get_by_text("89%: likely to meet it")).to_be_visible()
    assert_accessible(page, "indicator-forecast")
