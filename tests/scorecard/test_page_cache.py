"""The cached scorecard and indicator pages are never stale (ADR 0019, ``core.datacache``).

Every change a reader could see moves the data version, so the next page is made afresh and
equals a page rendered with an empty cache; an owner's draft does not, so the figures come
from the cache (their selectors are not called) while the history shows the draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, RequestFactory

from goldenthread.core import datacache
from goldenthread.indicators import selectors as indicator_selectors
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.returns import services as returns
from goldenthread.returns.services import Entry
from goldenthread.scorecard import selectors
from tests.conftest import TODAY, dec, period
from tests.imports.conftest import csv_bytes, run_import
from tests.returns.conftest import make_person
from tests.signin import SignedInClient

SCORECARD = "/scorecard/"


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


@pytest.fixture
def owner(council: Council) -> User:
    return make_person(council, "owner", Person.Role.OWNER)


@pytest.fixture
def head(council: Council, service_unit: OrgUnit) -> User:
    return make_person(council, "head", Person.Role.HEAD_OF_SERVICE, service_unit)


@pytest.fixture
def councillor(council: Council) -> Client:
    client = SignedInClient()
    client.force_login(make_person(council, "councillor", Person.Role.COUNCILLOR))
    return client


@pytest.fixture
def team(performance_user: User) -> Client:
    client = SignedInClient()
    client.force_login(performance_user)
    return client


@pytest.fixture
def indicator(make_indicator: Callable[..., Indicator], owner: User, periods: None) -> Indicator:
    """A key indicator with an approved Q1 figure (9.0 days) against a target of 10, beside
    one with no figure (missing after Q1's deadline, not yet due before it)."""
    make_indicator(code="BV 9")
    indicator = make_indicator(code="BV 78a", owner=owner.person)
    services.target_set(actor=None, indicator=indicator, period=period("2025-26-Q1"), value=dec(10))
    services.actual_record(
        state="approved",
        actor=None,
        indicator=indicator,
        period=period("2025-26-Q1"),
        value=dec(9),
        commentary="Steady",
    )
    return indicator


def page(client: Client, url: str) -> str:
    """The page's HTML without what differs from one response to the next."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", html)


def fresh(client: Client, url: str) -> str:
    cache.clear()
    return page(client, url)


@contextmanager
def calls(function: str, module: ModuleType = selectors) -> Iterator[mock.MagicMock]:
    """Count the calls of one of ``scorecard.selectors``' functions, or ``module``'s (it still
    runs)."""
    with mock.patch.object(module, function, wraps=getattr(module, function)) as spy:
        yield spy


def url_of(indicator: Indicator) -> str:
    return f"/indicators/{indicator.pk}/"


def draft(owner: User, indicator: Indicator, value: str, version: int = 0) -> Actual:
    return returns.return_save(
        actor=owner,
        indicator=indicator,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec(value), commentary="Work in progress"),
        expected_version=version,
    )


# --- served from the cache --------------------------------------------------------------


def test_a_cached_page_is_the_page_rendered_afresh(
    councillor: Client, team: Client, indicator: Indicator
) -> None:
    for client, url in [(councillor, SCORECARD), (team, SCORECARD), (team, url_of(indicator))]:
        made = fresh(client, url)
        with calls("scorecard") as scorecard, calls("indicator_detail") as detail:
            assert page(client, url) == made
        assert scorecard.call_count == detail.call_count == 0
    assert "9.0" in made and "Steady" in made


def test_an_owners_draft_is_not_on_the_scorecard_and_leaves_it_cached(
    councillor: Client, owner: User, indicator: Indicator
) -> None:
    before = page(councillor, SCORECARD)
    draft(owner, indicator, "12.3")
    draft(owner, indicator, "12.4", version=1)
    with calls("scorecard") as scorecard:
        assert page(councillor, SCORECARD) == before
    assert scorecard.call_count == 0
    assert "12.4" not in before


def test_an_owners_draft_shows_in_the_history_while_the_figures_stay_cached(
    # The performance team: a councillor never sees a draft (tests/access/test_unchecked.py).
    team: Client,
    owner: User,
    indicator: Indicator,
) -> None:
    url = url_of(indicator)
    before = page(team, url)
    draft(owner, indicator, "12.3")
    with calls("indicator_detail") as detail, calls("history", indicator_selectors) as history_read:
        after = page(team, url)
    assert (detail.call_count, history_read.call_count) == (0, 1)
    figures, history_part = after.split('id="history"')
    assert "12.3" in history_part and "12.3" not in figures and "12.3" not in before
    assert after == fresh(team, url)


def test_a_fragment_made_afresh_replaces_the_one_it_supersedes(
    team: Client, owner: User, indicator: Indicator
) -> None:
    """The cache holds one entry a fragment, however often the data behind it changes, so a
    worker's memory does not grow with the number of changes (the soak of docs/performance.md)."""
    url = url_of(indicator)
    page(team, url)
    kept = set(cache._cache)  # type: ignore[attr-defined]  # LocMemCache's own dict (settings)
    for version, value in enumerate(("12.1", "12.2", "12.3")):
        draft(owner, indicator, value, version)
        assert value in page(team, url)
    assert set(cache._cache) == kept  # type: ignore[attr-defined]


# --- made afresh after a change a reader can see ------------------------------------------


def approve_a_q2_figure(owner: User, head: User, indicator: Indicator) -> None:
    submitted = returns.return_save(
        actor=owner,
        indicator=indicator,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec("12.3"), commentary="Winter pressures"),
        submit=True,
    )
    returns.return_approve(actor=head, actual=submitted)


def change_the_target(indicator: Indicator) -> None:
    services.target_set(
        actor=None, indicator=indicator, period=period("2025-26-Q1"), value=dec("8.5")
    )


def edit_the_definition(indicator: Indicator) -> None:
    services.indicator_update(actor=None, indicator=indicator, title="Days to pay invoices")


def edit_the_definition_in_the_admin(indicator: Indicator, performance_user: User) -> None:
    request = RequestFactory().post("/admin/")
    request.user = performance_user
    indicator.title = "Days to pay invoices"
    admin.site._registry[Indicator].save_model(request, indicator, None, True)


def sign_off_q1(performance_user: User) -> None:
    returns.period_sign_off(
        actor=performance_user, period=period("2025-26-Q1"), reason="Cabinet deadline"
    )


def import_targets(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_bytes(csv_bytes([["indicator", "period", "value"], ["BV 78a", "2025-26-Q1", "7.5"]]))
    report = run_import("targets", path)
    assert report.ok and report.updated == 1, report.problems


def rename_the_owner_in_the_admin(owner: User, performance_user: User) -> None:
    request = RequestFactory().post("/admin/")
    request.user = performance_user
    owner.first_name = "Olwen"
    admin.site._registry[User].save_model(request, owner, None, True)


def move_the_q1_deadline_in_the_admin(performance_user: User) -> None:
    request = RequestFactory().post("/admin/")
    request.user = performance_user
    q1 = period("2025-26-Q1")
    q1.deadline = date(2025, 12, 31)
    admin.site._registry[Period].save_model(request, q1, None, True)


NOT_DUE_COUNT = 'gt-counts--not_due"><span class="gt-count">%d<'
MISSING_COUNT = 'gt-counts--missing"><span class="gt-count">%d<'

CHANGES: dict[str, tuple[Callable[..., None], str, str]] = {
    # name: (change, what the page shows afterwards, which page)
    "approval": (approve_a_q2_figure, "12.3", "scorecard"),
    "target": (change_the_target, "8.5", "scorecard"),
    "definition": (edit_the_definition, "Days to pay invoices", "scorecard"),
    "definition in the admin": (edit_the_definition_in_the_admin, "Days to pay", "indicator"),
    "sign-off": (sign_off_q1, "Published", "indicator"),
    "targets import": (import_targets, "7.5", "scorecard"),
    "owner's name": (rename_the_owner_in_the_admin, "Olwen", "scorecard"),
    "deadline": (move_the_q1_deadline_in_the_admin, NOT_DUE_COUNT % 1, "scorecard"),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_readers_can_see_is_on_the_next_page(
    name: str,
    team: Client,
    owner: User,
    head: User,
    performance_user: User,
    indicator: Indicator,
    tmp_path: Path,
) -> None:
    change, shown, which = CHANGES[name]
    url = SCORECARD if which == "scorecard" else url_of(indicator)
    before = page(team, url)
    assert shown not in before
    arguments = {
        "owner": owner,
        "head": head,
        "performance_user": performance_user,
        "indicator": indicator,
        "tmp_path": tmp_path,
    }
    change(**{k: v for k, v in arguments.items() if k in change.__code__.co_varnames})
    after = page(team, url)
    assert shown in after
    assert after == fresh(team, url)


def test_the_data_version_moves_with_every_change_but_a_draft(
    owner: User, head: User, indicator: Indicator
) -> None:
    start = datacache.current().data
    draft(owner, indicator, "12.3")
    returns.return_save(
        actor=owner,
        indicator=indicator,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec("12.3"), commentary="Done"),
        submit=True,
        expected_version=1,
    )
    assert datacache.current().data == start  # a draft, then a submission: not signed off
    returns.return_approve(actor=head, actual=Actual.objects.get(period__code="2025-26-Q2"))
    assert datacache.current().data != start


def test_a_new_day_makes_the_pages_afresh(
    team: Client, indicator: Indicator, settings: Any
) -> None:
    settings.GOLDENTHREAD_TODAY = "2025-07-10"  # before Q1's deadline
    july = page(team, SCORECARD)
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()
    november = page(team, SCORECARD)
    assert july != november
    assert november == fresh(team, SCORECARD)
    assert NOT_DUE_COUNT % 1 in july and MISSING_COUNT % 1 in november


def test_restore_and_migrate_start_a_new_generation(indicator: Indicator) -> None:
    before = datacache.current()
    datacache.renew()
    assert datacache.current().data.split(".")[0] != before.data.split(".")[0]


# --- what depends on the reader -------------------------------------------------------------


@pytest.mark.parametrize("team_first", [True, False])
def test_readers_in_different_roles_never_see_each_others_parts(
    councillor: Client, team: Client, indicator: Indicator, team_first: bool
) -> None:
    url = url_of(indicator)
    raise_query = "Raise a query about this indicator"
    benchmark = "Benchmark this indicator against other authorities"
    order = [team, councillor] if team_first else [councillor, team]
    pages = {id(client): page(client, url) for client in order}
    assert raise_query in pages[id(councillor)] and benchmark not in pages[id(councillor)]
    assert benchmark in pages[id(team)] and raise_query not in pages[id(team)]
    for client in (councillor, team):
        assert "Sign out" in pages[id(client)]
    signed_in = '<span class="govuk-visually-hidden"> %s</span>'
    assert signed_in % "councillor" in pages[id(councillor)]
    assert signed_in % "performance" not in pages[id(councillor)]
    assert signed_in % "performance" in pages[id(team)]


def test_a_fragment_carrying_a_nonce_or_csrf_token_is_refused() -> None:
    with pytest.raises(ValueError, match="per-response"):
        datacache.cached(
            datacache.Slot("gt:test", "1"), lambda: {"body": '<script nonce="abc"></script>'}
        )
    assert cache.get("gt:test") is None
