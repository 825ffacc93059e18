"""Issue 17's journeys walked in the demo council itself (Castlebridge, as `goldenthread demo`
builds it), each by the role that does it, in the service's own pages — never the admin:

- the data owner proposes a new target and the performance team accepts it;
- the owner, as an action's lead, records progress and asks for a new date, and the plan's
  owner (the director) agrees it;
- a risk owner reviews a risk and its score-history chart gains a point;
- a project's sponsor (the review board's director) halts it and the banner shows;
- the owner marks one of their milestones done;
- the performance team signs off a quarter with returns still open, after the warning.

One demo build serves all six (it takes most of the test's time); the parts' own browser tests
(test_indicator_pages, test_action_journey, test_risk_reviews, test_plans_writing,
test_sign_off_and_my_work) check each page's errors and axe in detail.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from goldenthread.demo.builder import build_council
from goldenthread.improvement.models import Action, DueDateRequest, Project, Risk
from goldenthread.indicators.models import Indicator, Proposal
from goldenthread.plans.models import Milestone
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILD_DAY = date(2026, 11, 23)
PASSWORD = "demo-password-1"


def switch_to(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username, PASSWORD)


def test_each_role_does_its_everyday_work_in_the_demo(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.GOLDENTHREAD_TODAY = BUILD_DAY.isoformat()
    build_council(today=BUILD_DAY, password=PASSWORD)
    base = str(live_server)

    # The owner proposes a target; the performance team accepts it.
    claims = Indicator.objects.get(code="BV 78a")
    assert claims.owner is not None and claims.owner.user.username == "owner"
    switch_to(page, base, "owner")
    page.goto(f"{base}/indicators/{claims.pk}/")
    page.get_by_role("link", name="Propose a target").click()
    page.get_by_label("Annual target").fill("19")
    page.get_by_label("Why should the target change?").fill("The new claims portal is live.")
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("Your proposal has been sent to the performance team.")).to_be_visible()
    proposal = Proposal.objects.filter(indicator=claims).latest("pk")
    switch_to(page, base, "performance")
    page.goto(base + reverse("indicators:proposal", args=[proposal.pk]))
    page.get_by_label("Accept: make the change").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Accepted: the change has been made.")).to_be_visible()
    page.goto(f"{base}/indicators/{claims.pk}/targets/?year={proposal.financial_year}")
    expect(
        page.locator(".govuk-summary-list__row").filter(has_text="Annual target now")
    ).to_contain_text("19")

    # The lead records progress and asks for a new date; the plan's owner agrees it.
    backlog = Action.objects.get(text__startswith="Clear the backlog")
    switch_to(page, base, "owner")
    page.goto(f"{base}/improvement/actions/{backlog.pk}/")
    expect(page.locator(".govuk-tag")).to_have_text(["Overdue"])  # one status, not two
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("Date of the progress").fill(BUILD_DAY.isoformat())
    page.get_by_label("Progress made").fill("Agency assessors started on Monday.")
    page.get_by_label("Status").select_option("on_track")
    page.get_by_label("Percentage complete").fill("70")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    page.get_by_role("link", name="Ask for a new due date").click()
    new_due = BUILD_DAY + timedelta(days=40)
    page.get_by_label("New due date").fill(new_due.isoformat())
    page.get_by_label("Why a new date is needed").fill("A month of claims from the storm.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request for a new date was sent")).to_be_visible()
    asked = DueDateRequest.objects.filter(action=backlog).latest("pk")
    switch_to(page, base, "director")
    page.goto(f"{base}/improvement/new-dates/{asked.pk}/")
    page.get_by_role("button", name="Agree the new date").click()
    expect(page.get_by_text("The new date is agreed.")).to_be_visible()
    backlog.refresh_from_db()
    assert backlog.due == new_due

    # A risk owner reviews a risk: its history chart gains a point.
    risk = Risk.objects.get(reference="CR1")
    assert risk.owner_person is not None
    owner_login = risk.owner_person.user.username
    switch_to(page, base, owner_login)
    page.goto(f"{base}/improvement/risk/{risk.pk}/")
    points = page.locator("svg.gt-chart circle").count()
    page.get_by_role("button", name="Review this risk").click()
    page.get_by_label("Likelihood").fill("3")
    page.get_by_label("Impact").fill("4")
    page.get_by_label("Next review").fill((BUILD_DAY + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Review of CR1 saved.")).to_be_visible()
    assert page.locator("svg.gt-chart circle").count() == points + 1

    # The sponsor halts a project: the banner shows on its page and the programme.
    project = Project.objects.get(name="Digital records")
    assert project.director is not None
    switch_to(page, base, project.director.user.username)
    page.goto(f"{base}/improvement/projects/{project.pk}/")
    page.get_by_role("button", name="Record a checkpoint decision").click()
    page.get_by_label("Halt", exact=True).check()
    page.get_by_label("Minute").fill("Halted until the data protection review is done.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "Digital records is halted"
    )
    page.goto(f"{base}/improvement/programme/")
    expect(page.get_by_role("region", name="Important")).to_contain_text("Digital records")

    # The owner marks one of their milestones done.
    milestone = (
        Milestone.objects.filter(owner__user__username="owner")
        .exclude(status="done")
        .order_by("due", "pk")
        .first()
    )
    assert milestone is not None
    switch_to(page, base, "owner")
    page.goto(base + reverse("milestone-done", args=[milestone.pk]))
    page.get_by_label("Date it was done").fill(BUILD_DAY.isoformat())
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text(f"Milestone “{milestone.title}” marked done.")).to_be_visible()
    milestone.refresh_from_db()
    assert milestone.status == "done"

    # The performance team signs off Q2 with returns still open, after the warning.
    switch_to(page, base, "performance")
    page.goto(f"{base}/returns/periods/")
    page.get_by_role("link", name="Sign off Q2 2026/27").click()
    expect(page.get_by_text("still open in Q2 2026/27", exact=False)).to_be_visible()
    assert_accessible(page, "demo-sign-off-warning")
    page.get_by_label("Stay open for late entry by the performance team").check()
    page.get_by_label("Why are you signing off with returns still open?").fill(
        "Cabinet meets on Thursday; the late returns follow."
    )
    page.get_by_label("I have checked the returns still open").check()
    page.get_by_role("button", name="Sign off Q2 2026/27").click()
    expect(page.get_by_text("Q2 2026/27 signed off", exact=False)).to_be_visible()
