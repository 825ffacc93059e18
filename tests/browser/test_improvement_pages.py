"""The improvement pages pass axe's WCAG 2.2 AA rules, the heat map included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.demo import improvement as demo
from goldenthread.improvement import services
from goldenthread.improvement.models import ActionPlan, Project, RiskRegister
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_improvement_pages_are_accessible(
    page: Page,
    live_server: object,
    performance_user: User,
    council: Council,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    demo.build(council=council, today=date(2025, 11, 20), seed=2026)
    indicator = make_indicator()
    services.remedial_action_add(
        None, indicator, text="Extra staff on claims", timescale="End December 2025",
        role_lead="Head of Benefits",
    )  # fmt: skip
    plan = ActionPlan.objects.get(kind="inspection")
    corporate = RiskRegister.objects.get(level="corporate")
    halted = Project.objects.get(name="New leisure centre")
    base = str(live_server)
    sign_in(page, base, "performance", "pw-for-tests-1")
    visits = [
        ("/improvement/", "improvement-home", "Improvement"),
        (f"/improvement/plans/{plan.pk}/", "improvement-plan", plan.title),
        (f"/improvement/risks/{corporate.pk}/", "improvement-heat-map", corporate.name),
        (f"/improvement/projects/{halted.pk}/", "improvement-project", halted.name),
        ("/improvement/programme/", "improvement-programme", "Programme"),
        (f"/indicators/{indicator.pk}/", "improvement-remedial-on-indicator", None),
    ]
    for path, name, heading in visits:
        page.goto(base + path)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, name)
    expect(page.get_by_role("heading", name="Remedial actions")).to_be_visible()
    page.goto(f"{base}/improvement/projects/{halted.pk}/")
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "Halted until the revised business case"
    )
