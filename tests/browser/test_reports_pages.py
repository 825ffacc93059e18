"""The reports pages pass axe's WCAG 2.2 AA rules, and referral works without JavaScript."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.imports.registry import REGISTRY
from goldenthread.reports import services
from tests.browser.conftest import assert_accessible, sign_in
from tests.reports.fixtures import Scenario
from tests.reports.test_finance import GOOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reports_pages_are_accessible(
    page: Page, live_server: object, scenario: Scenario, performance_user: User, tmp_path: Path
) -> None:
    finance = tmp_path / "finance.csv"
    finance.write_text(GOOD, encoding="utf-8")
    assert REGISTRY["finance"].run(finance, actor=None, dry_run=False, progress=None, options={}).ok
    session = services.session_create(
        actor=None, council=scenario.council, kind="board", title="Challenge board",
        held_on=date(2025, 11, 6),
    )  # fmt: skip
    challenge = services.challenge_create(
        actor=None, session=session, indicator=scenario.indicators["static"],
        challenge="Service head to explain and bring an improvement plan.",
        owner="Head of Waste", due=date(2025, 12, 1),
    )  # fmt: skip
    services.cycle_event_create(
        actor=None, council=scenario.council, month=12, strand="budget",
        activity="Budget guidelines report", body=scenario.cabinet,
    )  # fmt: skip
    base = str(live_server)
    sign_in(page, base, "performance", "pw-for-tests-1")
    static = scenario.indicators["static"]
    visits = [
        ("/reports/", "reports-index", "Reports"),
        (f"/reports/matrix/{scenario.place.pk}/", "reports-matrix", "Place"),
        ("/reports/exceptions/", "reports-exceptions", "Exceptions: Q2 2025/26"),
        (
            f"/reports/exceptions/?body={scenario.cabinet.pk}&rule=missed",
            "reports-exceptions-none",
            "Exceptions: Q2 2025/26",
        ),
        (
            "/reports/ipr/?period=2025-26-Q2",
            "reports-ipr",
            "Integrated performance report: Q2 2025/26",
        ),
        (
            "/reports/finance/?period=2025-26-Q2",
            "reports-finance",
            "Finance and performance: Q2 2025/26",
        ),
        ("/reports/challenges/", "reports-challenges", "Challenges"),
        (f"/reports/challenges/{challenge.pk}/", "reports-challenge", "Challenge"),
        ("/reports/challenges/new/", "reports-challenge-new", "Record a challenge"),
        ("/reports/upcoming/", "reports-upcoming", "Coming up"),
        (f"/reports/refer/{static.pk}/?period=2025-26-Q2", "reports-refer", "Refer by exception"),
    ]
    for path, name, heading in visits:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, name)

    page.get_by_label("Referred by").select_option(label="Overview and Scrutiny")
    page.get_by_role("button", name="Refer").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "reports-refer-error")
    page.get_by_label("Why is it referred").fill(
        "Static for two quarters: bring an improvement plan."
    )
    page.get_by_role("button", name="Refer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Performance pack for 4 December 2025"
    )
    expect(page.get_by_text("Static for two quarters: bring an improvement plan.")).to_be_visible()
    assert_accessible(page, "reports-pack")
