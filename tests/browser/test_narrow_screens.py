"""Phones (issue 19, "Phones and print"): at 320 and 390 px the service navigation collapses
behind GOV.UK Frontend's "Menu" button, and no page is wider than the viewport (WCAG 1.4.10,
reflow): a wide table scrolls inside itself instead of the page scrolling sideways."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from goldenthread.indicators.models import Indicator
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_accessibility import PASSWORD, scorecard_data  # noqa: F401  fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("width", [320, 390])
def test_the_menu_collapses_and_no_page_scrolls_sideways(
    browser: Browser,
    live_server: object,
    performance_user: User,
    scorecard_data: Indicator,  # noqa: F811
    width: int,
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, str(live_server), "performance", PASSWORD)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    scorecard_link = page.locator("#navigation").get_by_role("link", name="Corporate scorecard")
    expect(scorecard_link).to_be_hidden()
    menu.click()
    expect(scorecard_link).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    for path in ["/scorecard/", f"/indicators/{scorecard_data.pk}/", "/returns/", "/public/"]:
        page.goto(f"{live_server}{path}")
        assert page_width(page) <= width, f"{path} is {page_width(page)} px wide at {width} px"
    page.goto(f"{live_server}/scorecard/")
    assert_accessible(page, f"scorecard-{width}px")
    context.close()


def test_at_desktop_width_there_is_no_menu_button(
    page: Page, live_server: object, performance_user: User
) -> None:
    sign_in(page, str(live_server), "performance", PASSWORD)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(
        page.locator("#navigation").get_by_role("link", name="Corporate scorecard")
    ).to_be_visible()
