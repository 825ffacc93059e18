"""Indicators and targets in the service's own pages (issue 17a): an owner proposes a target
change, the performance team accepts it and the target shows the new figure; the team's
definition, target and roll-forward pages; axe on every one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisation.models import Council, Person
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import TODAY, dec
from tests.returns.conftest import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def homes(
    settings: Any, council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> Indicator:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    owner = make_person(council, "owner", Person.Role.OWNER)
    make_person(council, "performance", Person.Role.PERFORMANCE)
    homes = make_indicator(
        code="LPI 9", title="Homes built", aggregation="sum", polarity="higher",
        unit="number", decimals=0, owner=owner.person,
    )  # fmt: skip
    services.targets_year_set(actor=None, indicator=homes, financial_year=2024, value=dec(180))
    services.targets_year_set(actor=None, indicator=homes, financial_year=2025, value=dec(200))
    return homes


def test_owner_proposes_a_target_and_the_team_accepts_it(
    page: Page, live_server: Any, homes: Indicator
) -> None:
    base = live_server.url
    sign_in(page, base, "owner", PASSWORD)
    page.goto(f"{base}/indicators/{homes.pk}/")
    page.get_by_role("link", name="Propose a target").click()
    expect(page.get_by_role("heading", name="Propose a target for 2025/26")).to_be_visible()
    assert_accessible(page, "indicators-propose-target")
    page.get_by_label("Annual target").fill("240")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "indicators-propose-target-errors")
    page.get_by_label("Why should the target change?").fill("Two new sites have permission.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("Your proposal has been sent to the performance team.")).to_be_visible()
    assert_accessible(page, "indicators-proposal-open")
    page.goto(f"{base}/indicators/{homes.pk}/propose/definition/")
    assert_accessible(page, "indicators-propose-definition")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "performance", PASSWORD)
    page.get_by_role("link", name="Performance team").click()
    page.get_by_role("link", name="Indicators and targets").click()
    expect(page.get_by_role("heading", name="Waiting for a decision")).to_be_visible()
    assert_accessible(page, "indicators-proposals-team")
    page.get_by_role("link", name="LPI 9 Homes built").click()
    expect(page.get_by_role("row").filter(has_text="Annual target for 2025/26")).to_contain_text(
        "240"
    )
    page.get_by_label("Accept: make the change").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Accepted: the change has been made.")).to_be_visible()

    page.goto(f"{base}/indicators/{homes.pk}/")
    expect(page.get_by_role("row").filter(has_text="Q1 2025/26").first).to_contain_text("60")
    page.get_by_role("link", name="Set targets").click()
    summary = page.locator(".govuk-summary-list__row").filter(has_text="Annual target now")
    expect(summary).to_contain_text("240")
    expect(page.get_by_label("Q1 2025/26")).to_have_value("60")
    assert_accessible(page, "indicators-targets")
    assert Target.objects.get(indicator=homes, period__code="FY2025-26").value == dec(240)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "owner", PASSWORD)
    page.goto(f"{base}/indicators/proposals/")
    expect(page.get_by_role("row").filter(has_text="LPI 9")).to_contain_text("Accepted")
    assert_accessible(page, "indicators-proposals-owner")


def test_the_teams_definition_target_and_roll_forward_pages_are_accessible(
    page: Page, live_server: Any, homes: Indicator
) -> None:
    base = live_server.url
    sign_in(page, base, "performance", PASSWORD)
    page.goto(f"{base}/indicators/new/")
    assert_accessible(page, "indicators-new")
    page.get_by_role("button", name="Create the indicator").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "indicators-new-errors")

    page.goto(f"{base}/indicators/{homes.pk}/edit/")
    assert_accessible(page, "indicators-edit")
    page.get_by_role("link", name="Retire this indicator").click()
    assert_accessible(page, "indicators-retire")

    page.goto(f"{base}/indicators/{homes.pk}/targets/?year=2025")
    page.get_by_label("Typed for each period").check()
    page.get_by_label("Q1 2025/26").fill("10")
    page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_text("not the annual target of 200")).to_have_count(2)
    assert_accessible(page, "indicators-targets-errors")

    page.goto(f"{base}/indicators/targets/roll-forward/")
    assert_accessible(page, "indicators-roll-forward")
    page.get_by_label("Roll forward the targets of").select_option("2024")
    page.get_by_label("This year's target changed by a percentage").check()
    page.get_by_label("Change by this percentage").fill("10")
    page.get_by_label("Replace targets already set for next year").check()
    page.get_by_role("button", name="Preview").click()
    row = page.get_by_role("row").filter(has_text="LPI 9")
    expect(row).to_contain_text("180")
    expect(row).to_contain_text("198")
    assert_accessible(page, "indicators-roll-forward-preview")
    page.get_by_role("button", name="Set 1 target").click()
    expect(page.get_by_text("Targets for 2025/26 set for 1 indicator.")).to_be_visible()
    assert Target.objects.get(indicator=homes, period__code="FY2025-26").value == dec(198)
