"""The Import page in a browser: upload, check, confirm; problems in a table; axe on each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Actual, Indicator
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


def test_upload_check_confirm_and_problems_are_accessible(
    page: Page,
    live_server: object,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
    tmp_path: Path,
) -> None:
    make_indicator(code="BV 8", title="Days to pay invoices", decimals=1)
    sign_in(page, str(live_server), "performance", PASSWORD)
    page.get_by_role("link", name="My returns").click()
    page.get_by_role("link", name="import figures from a spreadsheet").click()
    expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()
    assert_accessible(page, "import")

    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,value\nBV 8,2025-26-Q1,9.5\nBV 8,2025-26-Q2,N/A\n")
    page.get_by_label("Values (actuals, with commentary)").check()
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    problem = page.locator("#problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.first).to_contain_text("“N/A” is not a number")
    assert_accessible(page, "import-problems")

    good = tmp_path / "good.csv"
    good.write_text("indicator,period,value\nBV 8,2025-26-Q1,9.5\nBV 8,2025-26-Q2,8.0\n")
    page.get_by_label("Values (actuals, with commentary)").check()
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check the changes")).to_be_visible()
    expect(page.locator("#changes li").first).to_have_text("BV 8 Q1 2025/26: new, 9.5")
    assert_accessible(page, "import-dry-run")
    assert not Actual.objects.exists()

    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page, "import-done")
    assert Actual.objects.count() == 2
