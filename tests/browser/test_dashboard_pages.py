"""A director and a portfolio holder sign in and land on their dashboards (issue 18 item 1):
the figures of a constructed quarter, a tile leading to a list of its length; axe on each."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from tests.browser.conftest import assert_accessible, sign_in
from tests.dashboards.test_dashboard import fixed_today, person, quarter  # noqa: F401  # fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_lands_on_their_directorates_dashboard(
    page: Page,
    live_server: Any,
    council: Council,
    directorate: OrgUnit,
    quarter: dict[str, Indicator],  # noqa: F811
) -> None:
    person(council, "director", Person.Role.DIRECTOR, scope=directorate)
    sign_in(page, live_server.url, "director", "pw-for-tests-1")
    expect(page.get_by_role("heading", name="Place: Q2 2025/26", level=1)).to_be_visible()
    expect(page.locator('[data-tile="red"] .gt-count')).to_have_text("2")
    expect(page.locator('[data-changed="worse"]')).to_have_text("1 worse")
    expect(page.locator('[data-red="A"]')).to_contain_text("One officer started")
    page.locator("summary").first.click()  # a chart's data table opens
    assert_accessible(page, "dashboard-director")
    page.locator('[data-tile="red"]').click()
    expect(page.get_by_role("heading", name="Corporate scorecard: Q2 2025/26")).to_be_visible()
    expect(page.get_by_text("2 indicators", exact=True)).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Go to my work").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def test_a_portfolio_holder_lands_on_their_portfolios_dashboard(
    page: Page,
    live_server: Any,
    council: Council,
    directorate: OrgUnit,
    quarter: dict[str, Indicator],  # noqa: F811
) -> None:
    holder = person(council, "holder", Person.Role.COUNCILLOR)
    directorate.portfolio = Portfolio.objects.create(
        council=council, name="Environment", holder=holder.person
    )
    directorate.save()
    sign_in(page, live_server.url, "holder", "pw-for-tests-1")
    expect(page.get_by_role("heading", name="Environment: Q2 2025/26", level=1)).to_be_visible()
    expect(page.locator('[data-tile="green"] .gt-count')).to_have_text("3")
    assert_accessible(page, "dashboard-portfolio")
    page.locator('[data-tile="green"]').click()
    expect(page.get_by_text("3 indicators", exact=True)).to_be_visible()
