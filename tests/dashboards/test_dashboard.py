"""The director's dashboard (issue 18 item 1) on a constructed quarter: its counts, changes and
reds with their actions exactly, and every tile leading to a scorecard list of that length."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.improvement.models import (
    Action,
    ActionPlan,
    ProgressUpdate,
    Recommendation,
    Risk,
    RiskMatrix,
    RiskRegister,
)
from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from goldenthread.queries import services as query_services
from tests.conftest import TODAY, approve, dec, page_queries, period
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

Q1, Q2 = "2025-26-Q1", "2025-26-Q2"


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


def person(council: Council, username: str, role: str, scope: OrgUnit | None = None) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-1")
    Person.objects.create(user=user, council=council, role=role, scope=scope)
    return user


def measured(make: Callable[..., Indicator], q1: str | None, q2: str, **fields: Any) -> Indicator:
    """A higher-is-better quarterly indicator with a target of 70 in both quarters."""
    indicator = make(polarity="higher", unit="percent", decimals=0, **fields)
    for code in (Q1, Q2):
        services.target_set(actor=None, indicator=indicator, period=period(code), value=dec(70))
    if q1 is not None:
        approve(indicator, Q1, q1)
    approve(indicator, Q2, q2)
    return indicator


@pytest.fixture
def quarter(
    council: Council,
    directorate: OrgUnit,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> dict[str, Indicator]:
    """Place's quarter: A worsens to red, B improves to green, C stays green, D stays red,
    F had nothing last quarter (missing) and is green now. E, in Resources, is not Place's."""
    found = {
        "A": measured(make_indicator, "75", "60", code="A"),
        "B": measured(make_indicator, "60", "80", code="B"),
        "C": measured(make_indicator, "80", "80", code="C"),
        "D": measured(make_indicator, "60", "50", code="D"),
        "F": measured(make_indicator, None, "90", code="F"),
    }
    resources = OrgUnit.objects.create(
        council=council, kind="directorate", name="Resources", code="resources"
    )
    finance = OrgUnit.objects.create(
        council=council, kind="service", name="Finance", code="finance", parent=resources
    )
    found["E"] = measured(make_indicator, "80", "50", code="E", service=finance)
    plan = ActionPlan.objects.create(
        council=council, ref="recovery", kind="inspection", title="Recovery"
    )
    recommendation = Recommendation.objects.create(plan=plan, number=1, text="Recover")
    action = Action.objects.create(recommendation=recommendation, text="Hire two officers")
    action.indicators.add(found["A"])
    ProgressUpdate.objects.create(
        recommendation=recommendation, action=action, on=TODAY, text="One officer started"
    )
    return found


def tiles(html: str) -> dict[str, tuple[int, str]]:
    """Each status tile's count and link."""
    return {
        rag: (int(count), href.replace("&amp;", "&"))
        for href, rag, count in re.findall(
            r'<a class="govuk-link" href="([^"]*)" data-tile="(\w+)"><span class="gt-count">(\d+)',
            html,
        )
    }


def listed(client: SignedInClient, href: str) -> list[str]:
    """The indicator codes on the scorecard list a link leads to."""
    response = client.get(href)
    assert response.status_code == 200
    body = response.content.decode().split('<tbody class="govuk-table__body">')[1]
    return re.findall(r'<a class="govuk-link" href="/indicators/\d+/">(\w+)\b', body)


def test_a_director_sees_their_directorates_quarter_exactly(
    client: SignedInClient, council: Council, directorate: OrgUnit, quarter: dict[str, Indicator]
) -> None:
    client.force_login(person(council, "director", Person.Role.DIRECTOR, scope=directorate))
    assert client.get("/")["Location"] == "/dashboard/"  # their landing page
    html = client.get("/dashboard/").content.decode()
    assert '<h1 class="govuk-heading-l">Place: Q2 2025/26</h1>' in html

    found = tiles(html)
    assert {rag: count for rag, (count, _) in found.items()} == {
        "green": 3, "amber": 0, "red": 2, "not_rated": 0, "missing": 0, "not_due": 0,
    }  # fmt: skip
    deltas = dict(re.findall(r'data-delta="(\w+)">([^<]*) since', html))
    assert deltas["green"] == "+1" and deltas["red"] == "no change"
    assert deltas["missing"] == "−1"  # F had no figure for Q1
    for rag, (count, href) in found.items():
        assert len(listed(client, href)) == count, rag

    better = re.search(r'data-changed="better">(\d+) better</a>', html)
    worse = re.search(r'data-changed="worse">(\d+) worse</a>', html)
    assert better and worse and (better[1], worse[1]) == ("1", "1")
    assert "B Average days to process new benefit claims</a>: Red to Green" in html
    assert "A Average days to process new benefit claims</a>: Green to Red" in html
    links = dict(re.findall(r'href="([^"]*)" data-changed="(\w+)"', html))
    assert {v: listed(client, k.replace("&amp;", "&")) for k, v in links.items()} == {
        "better": ["B"],
        "worse": ["A"],
    }

    reds = re.findall(r'<tr class="govuk-table__row" data-red="(\w+)">(.*?)</tr>', html, re.S)
    assert [code for code, _ in reds] == ["A", "D"]
    assert "Hire two officers" in reds[0][1] and "One officer started" in reds[0][1]
    assert "No remedial action" in reds[1][1]
    assert "Resources" not in html.split('id="overdue"')[0]  # E is not Place's


def test_the_team_sees_the_council_by_directorate(
    client: SignedInClient, council: Council, quarter: dict[str, Indicator]
) -> None:
    client.force_login(person(council, "perf", Person.Role.PERFORMANCE))
    html = client.get("/dashboard/").content.decode()
    assert tiles(html)["red"][0] == 3  # A, D and Resources' E
    resources = OrgUnit.objects.get(code="resources")
    assert f'href="/scorecard/?period={Q2}&amp;directorate={resources.pk}&amp;rag=red">1<' in html
    assert client.get(f"/dashboard/?directorate={resources.pk}").status_code == 200
    assert client.get("/dashboard/?directorate=999999").status_code == 404


def test_owners_stay_on_my_work_with_their_services_scorecard(
    client: SignedInClient, council: Council, service_unit: OrgUnit, periods: None
) -> None:
    client.force_login(person(council, "head", Person.Role.HEAD_OF_SERVICE, scope=service_unit))
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="/scorecard/?service={service_unit.pk}"' in page.content.decode()
    assert client.get("/dashboard/").status_code == 403


@pytest.mark.parametrize("who", ["director", "performance", "holder"])
def test_the_dashboard_takes_the_same_number_of_queries_at_two_sizes(
    client: SignedInClient,
    council: Council,
    directorate: OrgUnit,
    quarter: dict[str, Indicator],
    make_indicator: Callable[..., Indicator],
    who: str,
) -> None:
    if who == "holder":
        user = person(council, who, Person.Role.COUNCILLOR)
        directorate.portfolio = Portfolio.objects.create(
            council=council, name="Environment", holder=user.person
        )
        directorate.save()
    else:
        role = Person.Role.DIRECTOR if who == "director" else Person.Role.PERFORMANCE
        user = person(council, who, role, scope=directorate if who == "director" else None)
    client.force_login(user)
    small = page_queries(client, "/dashboard/")
    for n in range(8):
        measured(make_indicator, "60", "50", code=f"X{n}")
    assert page_queries(client, "/dashboard/") == small


def test_a_portfolio_holder_sees_their_portfolios_indicators_queries_and_risks(
    client: SignedInClient, council: Council, directorate: OrgUnit, quarter: dict[str, Indicator]
) -> None:
    holder = person(council, "holder", Person.Role.COUNCILLOR)
    portfolio = Portfolio.objects.create(council=council, name="Environment", holder=holder.person)
    directorate.portfolio = portfolio
    directorate.save()
    asker = person(council, "asker", Person.Role.COUNCILLOR)
    query_services.query_raise(actor=asker, indicator=quarter["A"], question="Why is A red?")
    query_services.query_raise(actor=asker, indicator=quarter["E"], question="Not theirs")
    register = RiskRegister.objects.create(
        council=council,
        matrix=RiskMatrix.objects.create(council=council),
        level="directorate",
        name="Place risks",
        unit=directorate,
    )
    Risk.objects.create(
        register=register, reference="PL1", title="Landfill closes", next_review=TODAY,
        inherent_likelihood=4, inherent_impact=4, residual_likelihood=3, residual_impact=4,
        target_likelihood=2, target_impact=2,
    )  # fmt: skip

    client.force_login(holder)
    assert client.get("/")["Location"] == "/dashboard/"
    html = client.get("/dashboard/").content.decode()
    assert '<h1 class="govuk-heading-l">Environment: Q2 2025/26</h1>' in html
    found = tiles(html)
    assert (found["green"][0], found["red"][0]) == (3, 2)  # Place's; not Resources' E
    for rag, (count, href) in found.items():
        assert len(listed(client, href)) == count, rag
    assert [code for code in re.findall(r'data-red="(\w+)"', html)] == ["A", "D"]
    assert "1 query waiting for your answer" in html and "Why is A red?" in html
    assert "Not theirs" not in html
    assert "PL1 Landfill closes" in html

    client.force_login(asker)  # a councillor with no portfolio has no dashboard
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/").status_code == 200
