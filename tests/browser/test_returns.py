"""An owner submits a quarter's values, the head of service approves them, the scorecard
shows them and the indicator's history shows each step with who and when; axe on each page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import TODAY, dec, period
from tests.returns.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
Q2 = "2025-26-Q2"


@pytest.fixture
def quarter(
    settings: Any,
    council: Council,
    service_unit: OrgUnit,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> list[Indicator]:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    owner = make_person(council, "owner", Person.Role.OWNER)
    make_person(council, "head", Person.Role.HEAD_OF_SERVICE, service_unit)
    make_person(council, "performance", Person.Role.PERFORMANCE)
    days = make_indicator(code="BV 78a", owner=owner.person)
    recycling = make_indicator(
        code="NI 192",
        title="Household waste recycled",
        polarity="higher",
        unit="percent",
        aggregation="ratio",
        owner=owner.person,
    )
    for indicator, target in ((days, 10), (recycling, 45)):
        services.target_set(actor=None, indicator=indicator, period=period(Q2), value=dec(target))
    return [days, recycling]


def open_return(page: Page, code: str, period_label: str) -> None:
    row = page.get_by_role("row").filter(has_text=code).filter(has_text=period_label)
    row.get_by_role("link").click()
    expect(page.get_by_text(f"{code} · {period_label}")).to_be_visible()


def test_owner_submits_head_approves_scorecard_and_history_show_it(
    page: Page, live_server: Any, quarter: list[Indicator]
) -> None:
    days, _ = quarter
    base = live_server.url
    sign_in(page, base, "owner", PASSWORD)
    page.get_by_role("link", name="My returns").click()
    expect(page.get_by_role("heading", name="My returns")).to_be_visible()
    assert_accessible(page, "returns-mine")

    open_return(page, "BV 78a", "Q2 2025/26")
    page.get_by_label("Value").fill("12.5")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "return-form-errors")
    page.get_by_label("What the figure means").fill("Staff sickness slowed processing.")
    page.get_by_label("Remedial action").fill("Overtime until the backlog clears.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("BV 78a Q2 2025/26 submitted for approval (12.5).")).to_be_visible()

    open_return(page, "NI 192", "Q2 2025/26")
    page.get_by_label("Numerator").fill("4,620")
    page.get_by_label("Denominator").fill("10,000")
    page.get_by_label("What the figure means").fill("Garden waste season.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("NI 192 Q2 2025/26 submitted for approval (46.2).")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "head", PASSWORD)
    page.get_by_role("link", name="Approvals").click()
    assert_accessible(page, "returns-approvals")
    page.get_by_role("link", name="Review BV 78a").click()
    assert_accessible(page, "returns-review-BV78a")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved BV 78a Q2 2025/26.")).to_be_visible()
    # The rest from the list, several at once.
    page.get_by_label("Approve NI 192 Q2 2025/26").check()
    page.get_by_role("button", name="Approve the selected returns").click()
    expect(page.get_by_text("Approved 1 return.")).to_be_visible()
    expect(page.get_by_text("No returns are waiting for your approval.")).to_be_visible()

    page.goto(f"{base}/scorecard/?period={Q2}")
    row = page.get_by_role("row").filter(has_text="BV 78a")
    expect(row).to_contain_text("12.5")
    expect(page.get_by_role("row").filter(has_text="NI 192")).to_contain_text("46.2%")

    page.goto(f"{base}/indicators/{days.pk}/")
    history = page.locator("table.gt-history")
    expect(history).to_contain_text("Submitted for approval")
    expect(history).to_contain_text("Approved")
    expect(history.get_by_role("row").filter(has_text="Approved").first).to_contain_text(
        "Head Tester"
    )
    expect(
        history.get_by_role("row").filter(has_text="Submitted for approval").first
    ).to_contain_text("Owner Tester")
    assert history.locator("time").count() >= 3
    assert_accessible(page, "indicator-history")


def test_performance_pages_are_accessible(
    page: Page, live_server: Any, quarter: list[Indicator]
) -> None:
    sign_in(page, live_server.url, "performance", PASSWORD)
    page.get_by_role("link", name="Performance team").click()
    expect(page.get_by_role("heading", name="Overdue returns")).to_be_visible()
    expect(page.get_by_role("heading", name="Waste and Recycling")).to_be_visible()
    assert_accessible(page, "returns-overdue")
    page.get_by_role("link", name="Sign off periods").click()
    page.get_by_role("link", name="Sign off Q2 2025/26").click()
    # Open returns: the page warns, and asks what happens to them, why and to confirm.
    page.get_by_label("Locked as missing").check()
    page.get_by_label("Why are you signing off with returns still open?").fill("Cabinet")
    page.get_by_label("I have checked the returns still open").check()
    page.get_by_role("button", name="Sign off Q2 2025/26").click()
    expect(page.get_by_text("Q2 2025/26 signed off and locked")).to_be_visible()
    assert_accessible(page, "returns-periods")
    page.goto(f"{live_server.url}/returns/{quarter[0].pk}/{Q2}/")
    expect(page.get_by_text("This return is locked")).to_be_visible()
    page.get_by_label("Value").fill("9.9")
    page.get_by_label("Reason for overriding the lock").fill("Owner on leave at sign-off")
    page.get_by_role("button", name="Override the lock and save").click()
    expect(page.get_by_text("BV 78a Q2 2025/26 saved as a draft (9.9).")).to_be_visible()
    assert_accessible(page, "returns-after-override")
