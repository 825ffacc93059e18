"""The first-run page and the set-password page in the browser, with axe: the questions, a
refused answer, the confirmation, and the page a one-time link opens."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.onboarding.services import set_password_link
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_setting_up_in_the_browser_is_accessible(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.GOLDENTHREAD_TODAY = "2025-11-20"
    page.goto(f"{live_server.url}/setup/")
    expect(page.get_by_role("heading", name="Set up Golden Thread")).to_be_visible()
    assert_accessible(page, "setup")

    page.get_by_label("Your council's ONS code").fill("E07000999")
    page.get_by_label("First financial year").fill("2024")
    page.get_by_label("Choose a password").fill("a-Long-pass-phrase-7")
    page.get_by_label("Enter the password again").fill("a-Long-pass-phrase-7")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Did you mean")
    assert_accessible(page, "setup-error")

    page.get_by_label("Your council's ONS code").fill("E07000223")
    page.get_by_label("Choose a password").fill("a-Long-pass-phrase-7")
    page.get_by_label("Enter the password again").fill("a-Long-pass-phrase-7")
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", name="Golden Thread is set up")).to_be_visible()
    assert_accessible(page, "setup-done")

    link = set_password_link(User.objects.get(username="admin"))
    page.goto(live_server.url + link.split("127.0.0.1:8000", 1)[1])
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(page, "set-password")
