"""The public site, open data page and the queries pages pass axe's WCAG 2.2 AA rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from goldenthread.queries import services
from tests.browser.conftest import assert_accessible, sign_in
from tests.public.fixtures import QUARTERS, figure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible_without_signing_in(
    page: Page,
    live_server: object,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    indicator = make_indicator(is_public=True, unit="number", decimals=0, aggregation="latest")
    for q, code in enumerate(QUARTERS):
        figure(indicator, Period.objects.get(code=code), 40 + q, Actual.State.PUBLISHED)
    base = str(live_server)
    page.goto(f"{base}/public/")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page, "public-scorecard")
    page.get_by_role("link", name=indicator.code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(indicator.title)
    assert_accessible(page, "public-indicator")
    page.goto(f"{base}/open-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data: performance indicators")
    assert_accessible(page, "open-data")


def test_queries_pages_are_accessible(
    page: Page,
    live_server: object,
    council: Council,
    directorate: OrgUnit,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    users = {}
    for name in ("asker", "holder"):
        user = User.objects.create_user(name, password="pw-for-tests-1", first_name=name.title())
        Person.objects.create(user=user, council=council, role=Person.Role.COUNCILLOR)
        users[name] = user
    portfolio = Portfolio.objects.create(
        council=council, name="Place", holder=users["holder"].person
    )
    directorate.portfolio = portfolio
    directorate.save()
    indicator = make_indicator()
    answered = services.query_raise(actor=users["asker"], indicator=indicator, question="Why?")
    services.query_answer(
        actor=users["holder"], query=answered, text="Because.", expected_version=answered.version
    )
    base = str(live_server)
    sign_in(page, base, "asker", "pw-for-tests-1")
    page.goto(f"{base}/indicators/{indicator.pk}/")
    page.get_by_role("button", name="Raise a query about this indicator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a query")
    assert_accessible(page, "queries-raise")
    page.get_by_role("button", name="Raise the query").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "queries-raise-error")
    page.get_by_label("Your question").fill("Why is this off target?")
    page.get_by_role("button", name="Raise the query").click()
    expect(page.get_by_text("Why is this off target?")).to_be_visible()
    assert_accessible(page, "queries-query")
    page.goto(f"{base}/queries/{answered.pk}/")
    page.get_by_role("button", name="Refer to scrutiny").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, "queries-query-error")
    page.get_by_label("Refer to the scrutiny committee").fill("Not settled.")
    page.get_by_role("button", name="Refer to scrutiny").click()
    expect(page.get_by_text("Query referred to scrutiny.")).to_be_visible()
    page.goto(f"{base}/queries/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queries")
    assert_accessible(page, "queries-list")
