"""The API's description page: GOV.UK, accessible, open without signing in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_page_lists_every_operation_and_links_the_schema(
    page: Page, live_server: object
) -> None:
    page.goto(f"{live_server}/api/v1/docs")
    expect(page.get_by_role("heading", name="Golden Thread API")).to_be_visible()
    expect(page.get_by_role("row")).to_have_count(12)  # the header and eleven operations
    # PUT and PATCH of a value: two rows, one path.
    values = page.get_by_role("cell", name="/api/v1/indicators/{id}/values/{period}")
    expect(values).to_have_count(2)
    assert_accessible(page, "api-docs")
    page.get_by_role("link", name="OpenAPI document (JSON)").click()
    assert '"openapi"' in page.content()
