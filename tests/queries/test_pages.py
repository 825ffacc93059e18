"""The queries pages: who sees which query, the forms each user is offered, errors shown the
GOV.UK way, and the list's fixed number of database queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Portfolio
from goldenthread.queries import services
from goldenthread.queries.models import Query, QueryState
from tests.queries.conftest import Cast
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = SignedInClient()
    client.force_login(user)
    return client


def raise_query(cast: Cast, question: str = "Why is this red?") -> Query:
    return services.query_raise(actor=cast.councillor, indicator=cast.indicator, question=question)


def test_a_councillor_raises_a_query_from_the_indicator_page(cast: Cast, periods: None) -> None:
    client = client_for(cast.councillor)
    page = client.get(reverse("indicator", args=[cast.indicator.pk])).content.decode()
    raise_url = reverse("queries:raise", args=[cast.indicator.pk])
    assert raise_url in page
    period = Period.objects.get(code="2025-26-Q1")
    response = client.post(raise_url, {"question": "Why so slow?", "period": period.pk})
    query = Query.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("queries:detail", args=[query.pk])
    assert (query.question, query.period, query.raised_by.user) == (
        "Why so slow?",
        period,
        cast.councillor,
    )


def test_the_raise_link_and_page_are_for_councillors_only(cast: Cast) -> None:
    raise_url = reverse("queries:raise", args=[cast.indicator.pk])
    for user in (cast.owner, cast.performance, cast.staff):
        client = client_for(user)
        assert (
            raise_url
            not in client.get(reverse("indicator", args=[cast.indicator.pk])).content.decode()
        )
        assert client.get(raise_url).status_code == 403
        assert client.post(raise_url, {"question": "Why?"}).status_code == 403
    assert not Query.objects.exists()


def test_an_empty_question_shows_a_govuk_error(cast: Cast) -> None:
    response = client_for(cast.councillor).post(
        reverse("queries:raise", args=[cast.indicator.pk]), {"question": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "Enter your question." in html


def test_each_party_is_offered_only_the_step_that_is_theirs(cast: Cast) -> None:
    query = raise_query(cast)
    url = reverse("queries:detail", args=[query.pk])
    offered = {
        user.username: client_for(user).get(url).content.decode()
        for user in (cast.owner, cast.holder, cast.councillor, cast.performance)
    }
    assert reverse("queries:step", args=[query.pk, "draft"]) in offered["owner"]
    assert reverse("queries:step", args=[query.pk, "answer"]) not in offered["owner"]
    assert reverse("queries:step", args=[query.pk, "answer"]) in offered["holder"]
    assert reverse("queries:step", args=[query.pk, "close"]) in offered["asker"]
    assert reverse("queries:step", args=[query.pk, "refer"]) not in offered["asker"]
    assert reverse("queries:step", args=[query.pk, "draft"]) in offered["performance"]


def test_a_query_is_private_to_its_parties_the_team_and_scrutiny_once_referred(
    cast: Cast,
) -> None:
    query = raise_query(cast)
    url = reverse("queries:detail", args=[query.pk])
    for outsider in (cast.other_councillor, cast.other_owner, cast.staff, cast.scrutiny):
        assert client_for(outsider).get(url).status_code == 403
    for party in (cast.councillor, cast.holder, cast.owner, cast.performance):
        assert client_for(party).get(url).status_code == 200
    services.query_answer(actor=cast.holder, query=query, text="A", expected_version=query.version)
    query.refresh_from_db()
    services.query_refer(
        actor=cast.councillor, query=query, text="R", expected_version=query.version
    )
    assert client_for(cast.scrutiny).get(url).status_code == 200
    assert client_for(cast.other_councillor).get(url).status_code == 403


def test_the_holder_answers_through_the_page(cast: Cast) -> None:
    query = raise_query(cast)
    response = client_for(cast.holder).post(
        reverse("queries:step", args=[query.pk, "answer"]),
        {"answer-text": "It will improve.", "answer-version": query.version},
    )
    assert response.status_code == 302
    query.refresh_from_db()
    assert (query.state, query.answer) == (QueryState.ANSWERED, "It will improve.")


def test_a_step_in_the_wrong_state_shows_a_clear_error(cast: Cast) -> None:
    query = raise_query(cast)
    response = client_for(cast.councillor).post(
        reverse("queries:step", args=[query.pk, "refer"]),
        {"refer-text": "Not happy", "refer-version": query.version},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "cannot be referred to scrutiny now" in html
    query.refresh_from_db()
    assert query.state == QueryState.OPEN


def test_an_empty_answer_is_shown_against_its_field(cast: Cast) -> None:
    query = raise_query(cast)
    response = client_for(cast.holder).post(
        reverse("queries:step", args=[query.pk, "answer"]),
        {"answer-text": " ", "answer-version": query.version},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_answer-text"' in html and "Enter the answer." in html


def test_a_stale_answer_is_refused_and_the_page_says_why(cast: Cast) -> None:
    query = raise_query(cast)
    seen = query.version
    services.query_draft(actor=cast.owner, query=query, text="Draft", expected_version=seen)
    client = client_for(cast.holder)
    response = client.post(
        reverse("queries:step", args=[query.pk, "answer"]),
        {"answer-text": "Mine", "answer-version": seen},
        follow=True,
    )
    assert "Someone else has acted on this query" in response.content.decode()
    query.refresh_from_db()
    assert query.state == QueryState.DRAFTED


def test_steps_are_post_only_and_unknown_steps_are_not_found(cast: Cast) -> None:
    query = raise_query(cast)
    client = client_for(cast.holder)
    assert client.get(reverse("queries:step", args=[query.pk, "answer"])).status_code == 405
    assert client.post(reverse("queries:step", args=[query.pk, "delete"])).status_code == 404


def test_the_list_shows_each_user_their_sections(cast: Cast) -> None:
    open_query = raise_query(cast, "Open one")
    answered = raise_query(cast, "Answered one")
    services.query_answer(
        actor=cast.holder, query=answered, text="A", expected_version=answered.version
    )
    answered.refresh_from_db()
    services.query_refer(
        actor=cast.councillor, query=answered, text="R", expected_version=answered.version
    )

    def page(user: User) -> str:
        return client_for(user).get(reverse("queries:list")).content.decode()

    holder_page = page(cast.holder)
    assert "Waiting for you (1)" in holder_page
    assert "Raised by you" not in holder_page
    assert "Raised by you (2)" in page(cast.councillor)
    scrutiny_page = page(cast.scrutiny)
    assert "Referred to scrutiny (1)" in scrutiny_page
    assert reverse("queries:detail", args=[open_query.pk]) not in scrutiny_page
    assert "All queries (2)" in page(cast.performance)
    assert "There are no queries for you" in page(cast.other_councillor)
    filtered = client_for(cast.performance).get(reverse("queries:list"), {"state": "open"})
    assert "All queries (1)" in filtered.content.decode()


def test_partners_cannot_open_the_queries_pages(cast: Cast) -> None:
    from goldenthread.organisation.models import Person
    from tests.queries.conftest import make_person

    partner = make_person(cast.indicator.council, "partner", Person.Role.PARTNER)
    assert client_for(partner).get(reverse("queries:list")).status_code == 403


def test_the_nav_offers_queries_to_councillors_the_team_and_routed_officers(cast: Cast) -> None:
    list_url = reverse("queries:list")
    scorecard = reverse("scorecard")
    assert list_url in client_for(cast.councillor).get(scorecard).content.decode()
    assert list_url in client_for(cast.performance).get(scorecard).content.decode()
    assert list_url not in client_for(cast.owner).get(scorecard).content.decode()
    raise_query(cast)
    assert list_url in client_for(cast.owner).get(scorecard).content.decode()


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["performance", "holder", "councillor"])
def test_the_list_runs_the_same_number_of_queries_for_few_and_many(cast: Cast, who: str) -> None:
    user: User = getattr(cast, who)
    client = client_for(user)
    url = reverse("queries:list")
    raise_query(cast)
    few = _count(client, url)
    for n in range(12):
        query = raise_query(cast, f"Question {n}")
        if n % 2:
            services.query_answer(
                actor=cast.holder, query=query, text="A", expected_version=query.version
            )
    assert _count(client, url) == few


def test_the_query_page_runs_the_same_number_of_queries_for_a_short_and_long_timeline(
    cast: Cast,
) -> None:
    query = raise_query(cast)
    client = client_for(cast.councillor)
    url = reverse("queries:detail", args=[query.pk])
    short = _count(client, url)
    for n in range(5):
        query.refresh_from_db()
        query = services.query_answer(
            actor=cast.holder, query=query, text=f"A{n}", expected_version=query.version
        )
        query = services.query_follow_up(
            actor=cast.councillor, query=query, text=f"F{n}", expected_version=query.version
        )
    assert _count(client, url) == short


def test_the_raise_page_names_the_holder_the_query_is_then_given_to(cast: Cast) -> None:
    client = client_for(cast.councillor)
    page = client.get(reverse("queries:raise", args=[cast.indicator.pk])).content.decode()
    holder = cast.holder.person
    assert f"Your query goes to {holder}, the portfolio holder for Place" in page
    assert f"{cast.owner.person}, the officer responsible" in page
    client.post(reverse("queries:raise", args=[cast.indicator.pk]), {"question": "Why?"})
    assert Query.objects.get().holder == holder


def test_with_no_holder_the_raise_page_says_the_team_answers(cast: Cast) -> None:
    Portfolio.objects.filter(pk=cast.portfolio.pk).update(holder=None)
    client = client_for(cast.councillor)
    page = client.get(reverse("queries:raise", args=[cast.indicator.pk])).content.decode()
    assert "so the performance team answers your query" in page
    assert "portfolio holder for" not in page


def test_the_timeline_credits_whoever_answered_in_their_own_capacity(cast: Cast) -> None:
    """The performance officer answering an unheld query is never called the portfolio
    holder (issue 19: "Answered by the portfolio holder — <the performance officer>")."""
    Portfolio.objects.filter(pk=cast.portfolio.pk).update(holder=None)
    query = raise_query(cast)
    services.query_answer(
        actor=cast.performance, query=query, text="Because of the storm.", expected_version=1
    )
    client = client_for(cast.councillor)
    page = client.get(reverse("queries:detail", args=[query.pk])).content.decode()
    name = cast.performance.get_full_name() or cast.performance.username
    assert f"{name} (performance officer)" in page
    assert "portfolio holder)" not in page
    assert "Answered by the portfolio holder" not in page


def test_the_holders_own_answer_is_credited_to_the_portfolio_holder(cast: Cast) -> None:
    query = raise_query(cast)
    services.query_answer(actor=cast.holder, query=query, text="We are on it.", expected_version=1)
    client = client_for(cast.councillor)
    page = client.get(reverse("queries:detail", args=[query.pk])).content.decode()
    assert f"{cast.holder.get_full_name()} (portfolio holder)" in page
