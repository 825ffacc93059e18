"""Writing the thread in the browser (issue 17b): the performance team creates a plan with an
objective and a milestone; a milestone owner marks a milestone done. Axe finds nothing on any
of the new pages, with and without errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.plans import services
from goldenthread.plans.models import Milestone, Objective, Plan, PlanKind
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import TODAY, dec
from tests.plans.fixtures import Thread, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


def test_the_team_creates_a_plan_with_an_objective_and_a_milestone(
    page: Page,
    live_server: object,
    thread: Thread,
    performance_user: User,
    make_plan: Callable[..., Plan],
    make_indicator: Callable[..., Indicator],
) -> None:
    base = str(live_server)
    sign_in(page, base, "performance", PASSWORD)
    page.goto(f"{base}/plans/")
    page.get_by_role("button", name="Create a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New plan")
    assert_accessible(page, "plans-new")
    page.get_by_label("Kind").select_option(label="Directorate business plan")
    page.get_by_label("Title").fill("Place business plan 2025/26")
    page.get_by_label("Start").fill("2025-04-01")
    page.get_by_label("End").fill("2026-03-31")
    page.get_by_role("button", name="Create plan").click()
    # A directorate plan needs its directorate: a field error, nothing saved.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the directorate")
    assert_accessible(page, "plans-new-error")
    assert not Plan.objects.filter(title="Place business plan 2025/26").exists()
    page.get_by_label("Directorate, service or section").select_option(label="Place")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place business plan 2025/26")

    page.get_by_role("button", name="Add an objective").click()
    assert_accessible(page, "plans-objective-new")
    page.get_by_label("Title").fill("Half of all waste recycled")
    page.get_by_role("button", name="Add objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Half of all waste recycled")
    assert_accessible(page, "plans-objective-with-actions")

    page.get_by_role("button", name="Add a milestone").click()
    page.get_by_label("Title").fill("Half recycled")
    page.get_by_label("Due date").fill("2026-06-30")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must fall within the plan")
    assert_accessible(page, "plans-milestone-new-error")
    page.get_by_label("Due date").fill("2026-03-31")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("cell", name="Half recycled", exact=True)).to_be_visible()
    objective = Objective.objects.get(title="Half of all waste recycled")
    assert Milestone.objects.get(objective=objective).due == date(2026, 3, 31)

    page.get_by_role("button", name="Change what it contributes to").click()
    assert_accessible(page, "plans-objective-links")
    page.get_by_label("Contributes to").select_option(label="Corporate Plan 2025/26: P1 Cleaner")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_role("button", name="Remove the link to P1 Cleaner")).to_be_visible()
    assert_accessible(page, "plans-objective-links-one")

    # The other new pages: edit forms, stretch targets, partner shares, an appraisal.
    milestone = Milestone.objects.get(objective=objective)
    lpsa = make_plan(PlanKind.LPSA, "LPSA")
    stretch = services.objective_create(actor=None, plan=lpsa, title="Recycle more")
    make_indicator(code="R1", title="Recycled", polarity="higher")
    laa = make_plan(PlanKind.LAA, "LAA")
    shared = services.objective_create(
        actor=None, plan=laa, title="Fewer burglaries", target_value=dec(100)
    )
    police = services.partner_create(
        actor=None, council=thread.strategy.council, name="Police", code="police"
    )
    services.target_share_set(actor=None, objective=shared, partner=police, value=dec(60))
    for path, name in [
        (f"/plans/{objective.plan_id}/edit/", "plans-edit"),
        (f"/plans/objectives/{objective.pk}/edit/", "plans-objective-edit"),
        (f"/plans/milestones/{milestone.pk}/edit/", "plans-milestone-edit"),
        (f"/plans/milestones/{milestone.pk}/late/", "plans-milestone-late"),
        (f"/plans/objectives/{stretch.pk}/stretch/", "plans-stretch"),
        (f"/plans/objectives/{shared.pk}/shares/", "plans-shares"),
        (f"/plans/appraisals/{thread.appraisal.pk}/", "plans-appraisal"),
        ("/plans/appraisals/new/", "plans-appraisal-new"),
    ]:
        page.goto(base + path)
        assert_accessible(page, name)
    page.goto(f"{base}/plans/milestones/{milestone.pk}/late/")
    page.get_by_role("button", name="Mark as late").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the milestone is late")
    assert_accessible(page, "plans-milestone-late-error")


def test_a_milestone_owner_marks_a_milestone_done(
    page: Page, live_server: object, thread: Thread, council: Council
) -> None:
    owner = make_person(council, "mowner", Person.Role.OWNER, None)
    milestone = services.milestone_create(
        actor=None,
        objective=thread.section_objective,
        title="Round live",
        due=date(2025, 11, 30),
        owner=owner,
    )
    base = str(live_server)
    sign_in(page, base, "mowner", PASSWORD)
    page.goto(f"{base}/plans/objectives/{thread.section_objective.pk}/")
    expect(page.get_by_role("button", name="Edit objective")).to_have_count(0)
    page.get_by_role("link", name="Mark done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark done: Round live")
    assert_accessible(page, "plans-milestone-done")
    page.get_by_label("Date it was done").fill("2025-12-01")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be in the future")
    assert_accessible(page, "plans-milestone-done-error")
    page.get_by_label("Date it was done").fill("2025-11-19")
    page.get_by_label("Note (optional)").fill("First crews out on 19 November")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Milestone “Round live” marked done.")).to_be_visible()
    expect(page.get_by_text("First crews out on 19 November")).to_be_visible()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on) == ("done", date(2025, 11, 19))
