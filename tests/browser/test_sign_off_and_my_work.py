"""An owner's My work lists what they owe with working links; the performance team signs off
a quarter with returns still open after the warning (the counts, a choice, a reason, a
confirmation), and the locked returns leave the owner's list. Axe on each new page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.browser.conftest import TEAM_LANDING, assert_accessible, sign_in
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
    """Q2 with one return sent back to its owner, one draft and one approved."""
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    owner = make_person(council, "owner", Person.Role.OWNER)
    head = make_person(council, "head", Person.Role.HEAD_OF_SERVICE, service_unit)
    make_person(council, "performance", Person.Role.PERFORMANCE)
    made = [
        make_indicator(code=code, owner=owner.person, first_year=2025)
        for code in ("BV 78a", "BV 8", "BV 9")
    ]

    def save(indicator: Indicator, submit: bool) -> Any:
        return services.return_save(
            actor=owner,
            indicator=indicator,
            period=period(Q2),
            entry=Entry(value=dec(9), commentary="As expected"),
            submit=submit,
        )

    services.return_send_back(actor=head, actual=save(made[0], True), reason="Check the sum")
    save(made[1], False)
    services.return_approve(actor=head, actual=save(made[2], True))
    return made


def test_owners_my_work_then_the_team_signs_off_with_returns_open(
    page: Page, live_server: Any, quarter: list[Indicator]
) -> None:
    base = live_server.url
    sign_in(page, base, "owner", PASSWORD)
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    # Q1 not started for all three, Q2 returned and draft: five returns to enter.
    expect(page.get_by_role("link", name="My work (5)")).to_be_visible()
    expect(page.get_by_text("Returns to enter (5)")).to_be_visible()
    assert_accessible(page, "my-work")
    row = page.get_by_role("row").filter(has_text="BV 78a").filter(has_text="Q2 2025/26")
    expect(row.get_by_text("Returned for correction, overdue")).to_be_visible()
    row.get_by_role("link").click()
    expect(page.get_by_text("BV 78a · Q2 2025/26")).to_be_visible()
    expect(page.get_by_text("Check the sum").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "performance", PASSWORD)
    expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()
    page.goto(f"{base}/returns/periods/")
    page.get_by_role("link", name="Sign off Q2 2025/26").click()
    expect(page.get_by_role("heading", name="Sign off Q2 2025/26")).to_be_visible()
    expect(page.get_by_text("2 returns are still open in Q2 2025/26.")).to_be_visible()
    counts = page.locator("#open-counts")
    expect(counts.get_by_role("row", name="Returned for correction 1")).to_be_visible()
    expect(counts.get_by_role("row", name="Draft 1")).to_be_visible()
    assert_accessible(page, "sign-off")
    page.get_by_role("button", name="Sign off Q2 2025/26").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "sign-off-errors")
    page.get_by_label("Locked as missing").check()
    page.get_by_label("Why are you signing off with returns still open?").fill(
        "Cabinet papers are published today"
    )
    page.get_by_label("I have checked the returns still open").check()
    page.get_by_role("button", name="Sign off Q2 2025/26").click()
    expect(
        page.get_by_text("Q2 2025/26 signed off and locked; 1 returns published.", exact=False)
    ).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "owner", PASSWORD)
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="My work (3)")).to_be_visible()  # Q1 only
    expect(page.get_by_text("Q2 2025/26", exact=False)).to_have_count(0)
    page.get_by_role("link", name="My returns").click()
    expect(page.get_by_text("Period signed off: locked as missing").first).to_be_visible()
