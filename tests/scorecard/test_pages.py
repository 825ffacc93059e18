"""The scorecard and indicator pages as a signed-in user sees them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import OrgUnit
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db


def test_scorecard_asks_for_sign_in(client: Client) -> None:
    response = client.get("/scorecard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_scorecard_shows_status_as_text_and_the_indicator_links_to_its_page(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    indicator = make_indicator(code="BV 78a", title="Average days to process new claims")
    services.target_set(actor=None, indicator=indicator, period=period("2025-26-Q1"), value=dec(10))
    services.actual_record(
        state="approved",
        actor=None,
        indicator=indicator,
        period=period("2025-26-Q1"),
        value=dec("10.6"),
    )
    client.force_login(performance_user)
    page = client.get("/scorecard/").content.decode()
    assert "Average days to process new claims" in page
    assert 'gt-rag--red">Red<' in page
    assert "10.6 days" in page
    assert f'href="/indicators/{indicator.pk}/"' in page


def test_indicator_page_has_a_chart_with_a_text_alternative_and_the_commentary(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    indicator = make_indicator()
    services.actual_record(
        state="approved",
        actor=None,
        indicator=indicator,
        period=period("2025-26-Q1"),
        value=dec("9.5"),
        commentary="Claims fell after the new online form.",
    )
    client.force_login(performance_user)
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert "<svg" in page and '<title id="chart-title">' in page
    assert "The figures in the chart" in page
    assert "Claims fell after the new online form." in page


def test_scorecard_filters_by_directorate_and_service_from_the_query_string(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
    service_unit: OrgUnit,
) -> None:
    people = OrgUnit.objects.create(
        council=service_unit.council, kind="directorate", name="People", code="people"
    )
    care = OrgUnit.objects.create(
        council=service_unit.council,
        kind="service",
        name="Adult Social Care",
        code="asc",
        parent=people,
    )
    make_indicator(code="NI 192", title="Household waste recycled")
    make_indicator(code="ASCOF 2A", title="Permanent admissions to care homes", service=care)
    client.force_login(performance_user)
    by_directorate = client.get("/scorecard/", {"directorate": people.pk}).content.decode()
    by_service = client.get("/scorecard/", {"service": service_unit.pk}).content.decode()
    assert "Permanent admissions to care homes" in by_directorate
    assert "Household waste recycled" not in by_directorate
    assert "Household waste recycled" in by_service
    assert "Permanent admissions to care homes" not in by_service


def test_an_unknown_filter_value_is_reported_and_ignored(
    client: Client, performance_user: User, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    make_indicator(code="NI 192", title="Household waste recycled")
    client.force_login(performance_user)
    page = client.get("/scorecard/", {"directorate": "99999"}).content.decode()
    assert "There is a problem" in page
    assert "Household waste recycled" in page


def selected_quarter(page: str) -> str:
    select = page[page.index('name="period"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="([^"]+)" selected>', select)[0]


@pytest.mark.parametrize("query", [{}, {"directorate": "SERVICE"}, {"period": "1999-00-Q1"}])
def test_the_quarter_box_always_names_the_quarter_shown(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
    service_unit: OrgUnit,
    query: dict[str, str],
) -> None:
    """Issue 19: ``/scorecard/?directorate=3`` showed Q2's figures while the Quarter box said
    Q3, so the next "Apply filters" jumped to the unfinished quarter."""
    indicator = make_indicator()
    services.actual_record(
        state="approved", actor=None, indicator=indicator, period=period("2025-26-Q1"), value=dec(9)
    )
    client.force_login(performance_user)
    asked = {k: str(service_unit.pk) if v == "SERVICE" else v for k, v in query.items()}
    page = client.get("/scorecard/", asked).content.decode()
    shown = re.search(r"<title>Corporate scorecard ([^<–|]+?)\s*[–|<-]", page)
    assert shown is not None, page[:500]
    code = selected_quarter(page)
    assert period(code).label == shown.group(1).strip()
