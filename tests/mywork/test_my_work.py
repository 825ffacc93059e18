"""Each person's home page: what they owe, by due date, grouped by kind; counts on the
navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.core.work import WorkItem
from goldenthread.mywork import selectors
from goldenthread.plans import selectors as plans
from goldenthread.queries import selectors as queries
from goldenthread.returns import selectors as returns
from tests.conftest import TODAY
from tests.mywork.conftest import World

pytestmark = pytest.mark.django_db


def test_an_owner_sees_returns_queries_and_appraisals_soonest_first(
    client: Client, world: World
) -> None:
    world.grow(2)
    items = selectors.work_items(world.owner.person, TODAY)
    kinds = [item.kind for item in items]
    # Two quarterly indicators, each with this year's Q1 submitted: this year's Q2 (the
    # quarters ended by today) and last year's four owed from each.
    assert kinds.count(returns.RETURNS_TO_ENTER) == 2 * 5
    assert kinds.count(queries.QUERIES_TO_ANSWER) == 2
    assert kinds.count(plans.APPRAISALS_TO_RECORD) == 2
    dues = [item.due for item in items if item.due is not None]
    assert dues == sorted(dues)
    assert items[-1].due is None  # queries have no date: last
    client.force_login(world.owner)
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<h1 class="govuk-heading-l">My work</h1>' in text
    assert f"My work ({len(items)})" in text
    assert text.index("Returns to enter") < text.index("Appraisals to record")
    assert text.index("Appraisals to record") < text.index("Queries to answer")
    for item in items:  # every link opens
        assert item.url in text
        assert client.get(item.url).status_code == 200, item


def test_a_head_of_service_sees_returns_to_approve_and_the_count_on_approvals(
    client: Client, world: World
) -> None:
    world.grow(3)
    items = selectors.work_items(world.head.person, TODAY)
    assert [item.kind for item in items] == [returns.RETURNS_TO_APPROVE] * 3
    client.force_login(world.head)
    text = client.get("/").content.decode()
    assert "Approvals (3)" in text and "My work (3)" in text
    assert client.get(items[0].url).status_code == 200
    # The count shows on every page's navigation, not only on My work.
    assert "Approvals (3)" in client.get("/scorecard/").content.decode()


def test_an_empty_list_says_so(client: Client, world: World) -> None:
    client.force_login(world.staff)
    text = client.get("/").content.decode()
    assert "You have nothing to do at the moment" in text
    assert "My work (" not in text


def test_a_partner_still_starts_at_their_returns(client: Client, world: World) -> None:
    from tests.mywork.conftest import make_person

    partner = make_person(world.council, "police", "partner")
    client.force_login(partner)
    assert client.get("/")["Location"] == "/returns/"


def page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["owner", "head", "performance", "asker"])
def test_the_page_takes_the_same_number_of_queries_at_two_sizes(
    client: Client, world: World, who: str
) -> None:
    client.force_login(getattr(world, {"asker": "councillor"}.get(who, who)))
    world.grow(1)
    small = page_queries(client, "/my-work/")  # the team land on their dashboard at "/"
    world.grow(4)
    assert page_queries(client, "/my-work/") == small


@pytest.mark.parametrize(
    "source",
    [returns.work_items, queries.work_items, plans.appraisal_work_items],
    ids=["returns", "queries", "appraisals"],
)
@pytest.mark.parametrize("who", ["owner", "head", "performance"])
def test_each_source_reads_a_fixed_number_of_queries(world: World, source: Any, who: str) -> None:
    person = getattr(world, who).person

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = source(person, TODAY)
        return len(captured), len(found)

    world.grow(1)
    small, few = count()
    world.grow(3)
    large, many = count()
    assert large == small
    assert many >= few


def test_the_work_is_worked_out_once_per_request(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = selectors.work_items

    def counted(*args: Any, **kwargs: Any) -> list[WorkItem]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "work_items", counted)
    client.force_login(world.head)
    assert client.get("/").status_code == 200  # the page and both navigation counts
    assert calls == [1]


def test_the_sources_are_gathered_and_a_new_one_is_one_line(world: World) -> None:
    extra = WorkItem(kind="Risk reviews due", title="R1", url="/r/1/", due=TODAY)

    def risks(person: Any, today: Any) -> list[WorkItem]:
        return [extra]

    items = selectors.work_items(world.owner.person, TODAY, sources=(risks,))
    assert items == [extra]
    groups = selectors.grouped(
        [extra, WorkItem(kind="Queries to answer", title="Q", url="/q/", due=None)]
    )
    assert [g.kind for g in groups] == ["Risk reviews due", "Queries to answer"]
