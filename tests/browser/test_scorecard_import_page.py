"""The scorecard workbook page in a browser: upload, correct a guess, check, import, and
the RAG comparison; axe finds nothing on each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import OrgUnit
from tests.browser.conftest import assert_accessible, sign_in
from tests.indicators import scorecard_workbook as wb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


def test_upload_map_check_import_and_compare(
    page: Page,
    live_server: object,
    performance_user: User,
    service_unit: OrgUnit,
    periods: None,
    tmp_path: Path,
) -> None:
    sign_in(page, str(live_server), "performance", PASSWORD)
    page.goto(f"{live_server}/import/")
    page.get_by_role("link", name="Import your scorecard workbook").click()
    expect(page.get_by_role("heading", name="Import your scorecard workbook")).to_be_visible()
    assert_accessible(page, "scorecard-import")

    page.get_by_label("Upload your scorecard workbook").set_input_files(
        str(wb.build(tmp_path / "scorecard.xlsx"))
    )
    page.get_by_role("button", name="Upload and show the columns").click()
    expect(page.get_by_role("heading", name="Map the columns")).to_be_visible()
    expect(page.get_by_label("Meaning of column K")).to_have_value("value")
    expect(page.get_by_label("Period of column K")).to_have_value("Q2 2024/25")
    assert_accessible(page, "scorecard-import-mapping")

    page.get_by_label("Meaning of column M").select_option("title")
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("Columns B and M are both mapped")
    assert_accessible(page, "scorecard-import-problems")

    page.get_by_label("Meaning of column M").select_option("ignore")
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.locator("#import-summary")).to_contain_text("The workbook passed every check")
    assert_accessible(page, "scorecard-import-checked")
    assert not Indicator.objects.exists()

    page.get_by_role("button", name="Import the workbook").click()
    expect(page.get_by_role("heading", name="Scorecard imported")).to_be_visible()
    cells = page.locator("#disagreements tbody tr td:first-child")
    expect(cells).to_have_text([ref for ref, *_ in wb.DISAGREEMENTS])
    assert_accessible(page, "scorecard-import-results")
    assert Indicator.objects.count() == 5
    assert Actual.objects.filter(state="approved").count() == 13
