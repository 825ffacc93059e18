"""A lead records progress and asks for a new date; the plan's owner agrees it. Every action
page passes axe's WCAG 2.2 AA rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.demo import improvement as demo
from goldenthread.improvement.models import Action, DueDateRequest
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 11, 20)
PASSWORD = "pw-for-tests-1"


def test_a_lead_records_progress_and_the_plan_owner_agrees_a_new_date(
    page: Page,
    live_server: object,
    settings: Any,
    performance_user: User,
    council: Council,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    for username, first, last, role in [
        ("director", "Helen", "Ashworth", Person.Role.DIRECTOR),
        ("owner", "Aisha", "Rahman", Person.Role.OWNER),
        ("head_of_service", "Marcus", "Bell", Person.Role.HEAD_OF_SERVICE),
    ]:
        user = User.objects.create_user(
            username, password=PASSWORD, first_name=first, last_name=last
        )
        Person.objects.create(user=user, council=council, role=role, job_title=f"{first}'s job")
    indicator = make_indicator(owner=Person.objects.get(user__username="owner"))
    demo.build(council=council, today=TODAY, seed=2026)
    backlog = Action.objects.get(text__startswith="Clear the backlog")
    plan = backlog.recommendation.plan
    base = str(live_server)

    # The lead (the data owner) records progress, then asks for a new date.
    sign_in(page, base, "owner", PASSWORD)
    page.goto(f"{base}/improvement/actions/{backlog.pk}/")
    expect(page.locator(".govuk-tag")).to_have_text(["Overdue"])  # one status, not two
    assert_accessible(page, "action-page")
    page.get_by_role("link", name="Record progress").click()
    assert_accessible(page, "action-progress")
    page.get_by_label("Date of the progress").fill((TODAY + timedelta(days=2)).isoformat())
    page.get_by_label("Progress made").fill("Two temporary staff started.")
    page.get_by_label("Status").select_option("on_track")
    page.get_by_label("Percentage complete").fill("80")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be in the future")
    assert_accessible(page, "action-progress-error")
    page.get_by_label("Date of the progress").fill(TODAY.isoformat())
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Two temporary staff started.")).to_be_visible()
    page.get_by_role("link", name="Ask for a new due date").click()
    assert_accessible(page, "action-new-date")
    page.get_by_label("New due date").fill((TODAY + timedelta(days=45)).isoformat())
    page.get_by_label("Why a new date is needed").fill("Two more weeks of claims arrived.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request for a new date was sent")).to_be_visible()
    page.goto(f"{base}/improvement/actions/{backlog.pk}/done/")
    assert_accessible(page, "action-done")

    # The plan's owner (the director) agrees it.
    page.context.clear_cookies()
    sign_in(page, base, "director", PASSWORD)
    page.goto(f"{base}/improvement/plans/{plan.pk}/")
    page.get_by_role("link", name="New due dates to decide").click()
    assert_accessible(page, "action-date-requests")
    asked = DueDateRequest.objects.get(action=backlog)
    page.get_by_role("link", name="Decide on Clear the backlog").click()
    assert page.url.endswith(f"/improvement/new-dates/{asked.pk}/")
    assert_accessible(page, "action-date-request")
    page.get_by_role("button", name="Agree the new date").click()
    expect(page.get_by_text("The new date is agreed.")).to_be_visible()
    page.goto(f"{base}/improvement/actions/{backlog.pk}/")
    expect(page.locator(".govuk-tag")).to_have_text(["On track"])
    expect(
        page.get_by_text((TODAY + timedelta(days=45)).strftime("%-d %B %Y")).first
    ).to_be_visible()
    for name, path in [
        ("action-edit", f"/improvement/actions/{backlog.pk}/edit/"),
        ("action-merge", f"/improvement/actions/{backlog.pk}/merge/"),
        ("action-close", f"/improvement/actions/{backlog.pk}/close/"),
        ("action-add", f"/improvement/plans/{plan.pk}/actions/add/"),
    ]:
        page.goto(base + path)
        assert_accessible(page, name)

    # Remedial actions from the indicator page, by the indicator's owner.
    page.context.clear_cookies()
    sign_in(page, base, "owner", PASSWORD)
    page.goto(f"{base}/indicators/{indicator.pk}/")
    page.get_by_role("button", name="Add a remedial action").click()
    assert_accessible(page, "action-remedial")
    page.get_by_label("Remedial action").fill("Weekend overtime on claims")
    page.get_by_label("Due date").fill((TODAY + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Add remedial action").click()
    expect(page.get_by_role("link", name="Weekend overtime on claims")).to_be_visible()
