"""Issue 17 (d) in the browser: a risk owner reviews a risk and its history chart gains a
point; a project's sponsoring director halts it and the banner shows. Axe on every new page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.core.clock import today
from goldenthread.demo import improvement as demo
from goldenthread.improvement.models import Project, Risk
from goldenthread.organisation.models import Council
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"  # the performance user's: the demo's new accounts share its hash


def chart_points(page: Page) -> int:
    return page.locator("svg.gt-chart circle").count()


def test_a_risk_owner_reviews_a_risk_and_the_chart_gains_a_point(
    page: Page, live_server: object, performance_user: User, council: Council
) -> None:
    demo.build(council=council, today=today(), seed=2026)
    risk = Risk.objects.get(reference="CR1")
    assert risk.owner_person is not None and risk.owner_person.user.username == "s.rees"
    base = str(live_server)
    sign_in(page, base, "s.rees", PASSWORD)

    page.goto(f"{base}/improvement/risks/{risk.register_id}/")
    page.get_by_role("link", name="CR1 Budget gap not closed for next year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"CR1 {risk.title}")
    assert_accessible(page, "risk-page")
    before = chart_points(page)
    rows_before = page.locator("#score-history tbody tr").count()
    assert before == rows_before == 2

    page.get_by_role("button", name="Review this risk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review {risk.title}")
    assert_accessible(page, "risk-review")
    page.get_by_label("Likelihood").fill("9")
    page.get_by_label("Next review").fill(f"{today() + timedelta(days=90):%Y-%m-%d}")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_role("alert")).to_contain_text("The likelihood must be from 1 to 5")
    assert_accessible(page, "risk-review-error")

    page.get_by_label("Likelihood").fill("3")
    page.get_by_label("Impact").fill("3")
    page.get_by_label("Further actions").fill("Savings plan to Cabinet in February")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("Review of CR1 saved.")).to_be_visible()
    assert chart_points(page) == before + 1
    expect(page.locator("#score-history tbody tr").last).to_contain_text("Sonia Rees")
    expect(page.get_by_text("Savings plan to Cabinet in February")).to_be_visible()
    assert_accessible(page, "risk-page-after-review")


def test_a_sponsor_halts_a_project_and_the_banner_shows(
    page: Page, live_server: object, performance_user: User, council: Council
) -> None:
    demo.build(council=council, today=today(), seed=2026)
    project = Project.objects.get(name="Digital records")
    assert project.director is not None and project.director.user.username == "s.rees"
    base = str(live_server)
    sign_in(page, base, "s.rees", PASSWORD)

    page.goto(f"{base}/improvement/projects/{project.pk}/")
    expect(page.get_by_text("Digital records is halted")).to_have_count(0)
    page.get_by_role("button", name="Record a checkpoint decision").click()
    assert_accessible(page, "checkpoint")
    page.get_by_label("Proceed with conditions", exact=True).check()
    page.get_by_label("Minute").fill("Agreed subject to the pilot report")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the conditions")
    assert_accessible(page, "checkpoint-error")

    page.get_by_label("Halt", exact=True).check()
    page.get_by_label("Minute").fill("Halted until the pilot's data protection review is done.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital records")
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("Digital records is halted")
    expect(banner).to_contain_text("data protection review")
    assert_accessible(page, "project-halted")

    page.goto(f"{base}/improvement/programme/")
    expect(page.get_by_role("region", name="Important")).to_contain_text("Digital records")
    expect(page.locator("svg.gt-chart")).to_be_visible()
    expect(page.locator("#timeline-table")).to_contain_text("Halt")
    assert_accessible(page, "programme-timeline")
