"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page visited.

Chromium and axe-core are installed by ``make test``; if either is missing these tests fail
(they never skip), because an accessibility check that did not run is not a pass.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, sync_playwright

from goldenthread.security.twofactor import confirmed_device, must_use_two_factor
from tests.signin import authenticator_app, code_now

CHROMIUM = os.environ.get("GOLDENTHREAD_CHROMIUM", "/usr/bin/chromium")
AXE = settings.NODE_MODULES / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.PROJECT_DIR) / "test-artifacts"
# The performance team's landing page: the council's dashboard (goldenthread.dashboards).
TEAM_LANDING = re.compile(r"^The council, by directorate")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab; any Content Security Policy violation on any page it shows fails
    the test (the policy is in force in every browser test, as in production)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = watch_content_security_policy(page)
    yield page
    context.close()
    assert not violations, f"Content Security Policy violations: {violations}"


def watch_content_security_policy(page: Page) -> list[str]:
    """Collect what the browser refuses under the page's policy, as it reports it."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.2 A and AA rules; return the violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make test`, which installs it.")
    # Evaluated through the DevTools protocol rather than added as a <script>: the page's
    # Content Security Policy (rightly) refuses an inline script without its nonce.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    return list(result["violations"])


def assert_accessible(page: Page, name: str) -> None:
    """Fail with the axe report if any WCAG 2.2 AA rule is violated; keep a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    summary = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert not violations, f"axe found violations on {name}:\n{json.dumps(summary, indent=2)}"


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in with the password and, where the account needs one, the app's current code."""
    user = User.objects.get(username=username)
    if must_use_two_factor(user):
        authenticator_app(user)  # as if set up on an earlier visit
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if "/two-factor/" in page.url:
        device = confirmed_device(user)
        assert device is not None
        page.get_by_label("Code from your authenticator app").fill(code_now(device))
        page.get_by_role("button", name="Continue").click()
