"""Sign-in security in the browser: the Content Security Policy holds on the main pages, and
the two-factor and lockout pages pass axe."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from goldenthread.indicators.models import Indicator
from tests.browser.conftest import (
    TEAM_LANDING,
    assert_accessible,
    sign_in,
    watch_content_security_policy,
)
from tests.browser.test_accessibility import scorecard_data  # noqa: F401  (a shared fixture)
from tests.signin import code_now

# Signing in, two-factor and lockout: with the product's real password hashers
# (tests/conftest.py), as in tests/security.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_password_hashing"),
]

PASSWORD = "pw-for-tests-1"


def test_the_policy_is_enforced_and_watched(browser: Browser, live_server: Any) -> None:
    """The watcher sees a refused inline script: without this, silence would prove nothing."""
    context = browser.new_context()
    page = context.new_page()
    seen = watch_content_security_policy(page)
    page.goto(f"{live_server.url}/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    injected = page.evaluate("() => window.injected === true")
    context.close()
    assert not injected
    assert seen and "Content Security Policy" in seen[0]


def test_the_main_pages_break_no_policy_rule(
    page: Page,
    live_server: Any,
    performance_user: User,
    scorecard_data: Indicator,  # noqa: F811
) -> None:
    sign_in(page, live_server.url, "performance", PASSWORD)
    seen = watch_content_security_policy(page)
    for url in [
        "/scorecard/",
        f"/indicators/{scorecard_data.pk}/",
        "/plans/",
        "/improvement/",
        "/benchmarking/",
        "/reports/",
        "/reports/ipr/",
        "/returns/overdue/",
        "/two-factor/set-up/",
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        assert "'unsafe-inline'" not in (response.headers.get("content-security-policy") or "")
        # GOV.UK Frontend's module script ran: it is allowed by the nonce.
        assert page.evaluate("() => document.body.classList.contains('js-enabled')"), url
    assert seen == []


def test_setting_up_two_factor_then_signing_in_with_a_code(
    page: Page, live_server: Any, performance_user: User
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("performance")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page, "two-factor-set-up")

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(key, step=30, t0=0, digits=6, drift=0):06d}"
    )
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("performance")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page, "two-factor-verify")
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "two-factor-verify-error")
    device = TOTPDevice.objects.get(user=performance_user, confirmed=True)
    page.get_by_label("Code from your authenticator app").fill(code_now(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is set up")).to_be_visible()
    assert_accessible(page, "two-factor-already-set-up")


def test_the_lockout_page(page: Page, live_server: Any, performance_user: User) -> None:
    page.goto(f"{live_server.url}/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("performance")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign-in locked")).to_be_visible()
    expect(page.get_by_text("locked for 15 minutes")).to_be_visible()
    assert_accessible(page, "sign-in-locked")


def test_the_sign_in_page_with_single_sign_on(page: Page, live_server: Any, settings: Any) -> None:
    settings.OIDC_ENABLED = True
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("button", name="Sign in with your council account")).to_be_visible()
    assert_accessible(page, "sign-in-with-single-sign-on")


def test_the_sign_in_helper_copes_with_two_sign_ins_in_one_code_window(
    page: Page, live_server: Any, performance_user: User
) -> None:
    for _ in range(2):
        sign_in(page, live_server.url, "performance", PASSWORD)
        expect(page.get_by_role("heading", name=TEAM_LANDING, level=1)).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
