"""Defect 3: who sees which state of a figure. Drafts, submissions and returns sent back (and
their commentary) only for the indicator's owner, its approvers in scope and the performance
team; approved and published figures for everyone who may see the indicator. Every role ×
every state, on the rule, the indicator page's history, its CSV and the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread import access
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.indicators.services import actual_record
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.api.conftest import World, bearer
from tests.api.conftest import world as world  # the API tests' council, as a fixture
from tests.conftest import dec, period
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

# One period per state; the commentary names the state so a page shows which it leaked.
STATES = {
    "draft": "2025-26-Q1",
    "submitted": "2025-26-Q2",
    "returned": "2025-26-Q3",
    "approved": "2025-26-Q4",
    "published": "2024-25-Q4",
}
UNCHECKED = ("draft", "submitted", "returned")
# Role → may see unchecked figures of the owner's indicator in the Waste service.
SEES_UNCHECKED = {
    "admin": True,
    "performance": True,
    "director": True,  # Place, which covers Waste
    "head_of_service": True,  # Waste
    "owner": True,
    "director_elsewhere": False,
    "other_owner": False,
    "councillor": False,
    "staff": False,
    "partner": False,
}


@pytest.fixture
def people(council: Council, directorate: OrgUnit, service_unit: OrgUnit) -> dict[str, User]:
    elsewhere = OrgUnit.objects.create(council=council, kind="directorate", name="P", code="p")
    made = {}
    for name in SEES_UNCHECKED:
        role = {"director_elsewhere": "director", "other_owner": "owner"}.get(name, name)
        scope = {"director": directorate, "head_of_service": service_unit}.get(name)
        user = User.objects.create_user(name, password="pw-for-tests-1", first_name=name)
        Person.objects.create(
            user=user,
            council=council,
            role=role,
            scope=elsewhere if name == "director_elsewhere" else scope,
        )
        made[name] = User.objects.select_related("person").get(pk=user.pk)
    return made


@pytest.fixture
def figures(
    people: dict[str, User], make_indicator: Callable[..., Indicator], periods: None
) -> Indicator:
    owner, head = people["owner"], people["head_of_service"]
    indicator = make_indicator(owner=owner.person, code="LPI WR1")
    saved = {}
    for state, code in STATES.items():
        saved[state] = services.return_save(
            actor=owner,
            indicator=indicator,
            period=period(code),
            entry=Entry(value=dec(5), commentary=f"SECRET {state.upper()}"),
            submit=state != "draft",
        )
    services.return_send_back(actor=head, actual=saved["returned"], reason="Check")
    for state in ("approved", "published"):
        services.return_approve(actor=head, actual=saved[state])
    services.period_sign_off(
        actor=people["performance"], period=period(STATES["published"]), reason="Cabinet"
    )
    assert {a.period.code: a.state for a in indicator.actuals.all()} == {
        code: state for state, code in STATES.items()
    }
    return indicator


@pytest.mark.parametrize("name", list(SEES_UNCHECKED))
def test_the_rule_for_unchecked_figures_by_role(
    people: dict[str, User], figures: Indicator, name: str
) -> None:
    assert access.sees_unchecked(people[name], figures) is SEES_UNCHECKED[name]


@pytest.mark.parametrize("name", list(SEES_UNCHECKED))
@pytest.mark.parametrize("where", ["page", "csv"])
def test_the_history_shows_each_state_only_to_those_who_may_see_it(
    people: dict[str, User], figures: Indicator, name: str, where: str
) -> None:
    client = SignedInClient()
    client.force_login(people[name])
    url = f"/indicators/{figures.pk}/" + ("history.csv" if where == "csv" else "")
    response = client.get(url)
    if name == "partner":  # no internal indicator at all
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = (response.getvalue() if where == "csv" else response.content).decode()
    for state in UNCHECKED:
        assert (f"SECRET {state.upper()}" in shown) is SEES_UNCHECKED[name], state
    # Checked figures are there for everyone who sees the indicator.
    assert "Approved" in shown and "Published when" in shown


def test_the_unchecked_state_never_leaks_through_the_cached_history(
    people: dict[str, User], figures: Indicator
) -> None:
    """The page cache is keyed on the rule's answer: the team's page is not served to others."""
    for name in ("performance", "councillor", "owner", "staff"):
        client = SignedInClient()
        client.force_login(people[name])
        page = client.get(f"/indicators/{figures.pk}/").content.decode()
        assert ("SECRET DRAFT" in page) is SEES_UNCHECKED[name]


def test_an_api_token_that_only_reads_sees_approved_and_published_values(world: World) -> None:
    for code, state in (("2025-26-Q1", "draft"), ("2025-26-Q2", "approved")):
        actual_record(
            actor=None,
            indicator=world.tonnage,
            period=period(code),
            value=dec(7),
            commentary=f"{state} note",
            state=state,
        )
    url = f"/api/v1/indicators/{world.tonnage.pk}/values"
    read = Client(headers=bearer(world.reader)).get(url).json()["results"]
    assert [(r["period"], r["state"]) for r in read] == [("2025-26-Q2", Actual.State.APPROVED)]
    written = Client(headers=bearer(world.token)).get(url).json()["results"]
    assert {r["state"] for r in written} == {"draft", "approved"}
