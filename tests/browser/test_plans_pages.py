"""The plan pages pass axe's WCAG 2.2 AA rules and show the thread without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.plans import services
from goldenthread.plans.models import Plan, PlanKind
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import dec, period
from tests.plans.fixtures import Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def rich_thread(
    thread: Thread,
    measured: Indicator,
    make_plan: Callable[..., Plan],
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> Thread:
    indicator_services.target_set(
        actor=None, indicator=measured, period=period("2025-26-Q2"), value=dec(50)
    )
    indicator_services.actual_record(
        state="approved", actor=None, indicator=measured, period=period("2025-26-Q2"), value=dec(49)
    )
    services.milestone_create(
        actor=None, objective=thread.section_objective, title="Round designed",
        due=date(2025, 6, 30), status="done", done_on=date(2025, 6, 20),
    )  # fmt: skip
    services.milestone_create(
        actor=None, objective=thread.section_objective, title="Round live", due=date(2025, 9, 30)
    )
    lpsa = make_plan(PlanKind.LPSA, "LPSA", start=date(2023, 4, 1), end=date(2026, 3, 31),
                     pump_priming_grant=dec(495000))  # fmt: skip
    stretch = services.objective_create(
        actor=None, plan=lpsa, title="Recycle more", kind="stretch_target"
    )
    services.stretch_target_set(
        actor=None, objective=stretch, indicator=measured,
        expected_without_stretch=dec(45), stretch=dec(50),
    )  # fmt: skip
    laa = make_plan(PlanKind.LAA, "LAA", start=date(2024, 4, 1), end=date(2027, 3, 31))
    shared = services.objective_create(
        actor=None, plan=laa, title="Fewer burglaries", kind="shared_target", target_value=dec(100)
    )
    partner = services.partner_create(
        actor=None, council=thread.strategy.council, name="Police", code="police"
    )
    services.target_share_set(actor=None, objective=shared, partner=partner, value=dec(100))
    thread.lpsa, thread.laa = lpsa, laa  # type: ignore[attr-defined]
    return thread


def test_plan_pages_are_accessible(
    page: Page, live_server: object, rich_thread: Thread, performance_user: User, settings: object
) -> None:
    sign_in(page, str(live_server), "performance", PASSWORD)
    base = str(live_server)
    t = rich_thread
    visits = [
        ("/plans/", "plans-list", "Plans"),
        ("/plans/thread/", "plans-explorer", "Thread explorer"),
        (f"/plans/objectives/{t.theme.pk}/", "plans-thread-down", "T1 A clean borough"),
        (
            f"/plans/objectives/{t.section_objective.pk}/",
            "plans-thread-up",
            "W1 New food waste round",
        ),
        (f"/plans/{t.section.pk}/", "plans-work-programme", "Collections work programme"),
        (f"/plans/{t.lpsa.pk}/", "plans-lpsa", "LPSA"),  # type: ignore[attr-defined]
        (f"/plans/{t.laa.pk}/", "plans-laa", "LAA"),  # type: ignore[attr-defined]
        ("/plans/coverage/", "plans-coverage", "Thread coverage"),
        ("/plans/appraisals/", "plans-appraisals", "Appraisals completed on time: 2025/26"),
        (f"/plans/{t.service.pk}/refresh/", "plans-refresh", "Copy this plan into the next year"),
        (
            f"/plans/objectives/{t.service_objective.pk}/delete/",
            "plans-delete",
            "Delete S1 Recycle more",
        ),
    ]
    for path, name, heading in visits:
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, name)


def test_the_coverage_page_with_gaps_is_accessible(
    page: Page,
    live_server: object,
    rich_thread: Thread,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
) -> None:
    make_indicator(code="LPI 77", title="Fly-tipping incidents cleared in a day")
    sign_in(page, str(live_server), "performance", PASSWORD)
    page.goto(f"{live_server}/plans/coverage/")
    expect(page.get_by_text("Fly-tipping incidents cleared in a day")).to_be_visible()
    assert_accessible(page, "plans-coverage-gaps")


def test_the_thread_shows_the_persons_objective_and_the_rag(
    page: Page, live_server: object, rich_thread: Thread
) -> None:
    sign_in(page, str(live_server), "boss", PASSWORD)
    page.goto(f"{live_server}/plans/objectives/{rich_thread.theme.pk}/")
    expect(page.get_by_text("Sign up 500 households to food waste collection")).to_be_visible()
    expect(page.get_by_text("Amber").first).to_be_visible()
    expect(page.get_by_text("Late", exact=True)).to_be_visible()


def test_delete_form_names_the_missing_choice(
    page: Page, live_server: object, rich_thread: Thread, performance_user: User
) -> None:
    sign_in(page, str(live_server), "performance", PASSWORD)
    page.goto(f"{live_server}/plans/objectives/{rich_thread.service_objective.pk}/delete/")
    page.get_by_role("button", name="Delete objective").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to move or remove")
    assert_accessible(page, "plans-delete-error")
    page.get_by_label("Move them to another objective").check()
    page.get_by_role("button", name="Delete objective").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the objective to move")
