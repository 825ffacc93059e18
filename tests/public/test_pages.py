"""The public pages: anonymous, the same for everyone and cacheable, public indicators only,
published commentary without remedial actions, and a fixed number of database queries."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit
from tests.public.fixtures import QUARTERS, figure, indicator
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db
PUBLISHED = Actual.State.PUBLISHED


def build(council: Council, service: OrgUnit, count: int, start: int = 0) -> list[Indicator]:
    quarters = [Period.objects.get(code=code) for code in QUARTERS]
    made = []
    for n in range(start, start + count):
        public = indicator(council, service, f"P{n}", public=True)
        for q, period in enumerate(quarters):
            figure(public, period, 1000 + 10 * n + q, PUBLISHED)
        made.append(public)
    return made


NONCE = re.compile(rb'nonce="[^"]*"')


def urls(first: Indicator) -> list[str]:
    return [
        reverse("public:scorecard"),
        reverse("public:indicator", args=[first.pk]),
        reverse("public:open_data"),
        reverse("public:datapackage"),
        reverse("public:schema", args=["values"]),
        *(
            reverse("public:download", args=[d, f])
            for d in ("values", "indicators")
            for f in ("csv", "json")
        ),
    ]


def test_every_public_page_is_anonymous_cacheable_and_sets_no_cookie(
    council: Council, service: OrgUnit, periods: None, performance_user: User
) -> None:
    [first] = build(council, service, 1)
    signed_in = SignedInClient()
    signed_in.force_login(performance_user)
    for client in (SignedInClient(), signed_in):
        for url in urls(first):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == "public, max-age=300", url
            assert "Cookie" not in response.get("Vary", ""), url
            assert not response.cookies, url


def test_the_same_page_is_served_to_staff_and_to_the_public(
    council: Council, service: OrgUnit, periods: None, performance_user: User
) -> None:
    [first] = build(council, service, 1)
    signed_in = SignedInClient()
    signed_in.force_login(performance_user)
    for url in (reverse("public:scorecard"), reverse("public:indicator", args=[first.pk])):
        # The same bytes but each response's CSP nonce (random per response, like a token).
        anonymous = NONCE.sub(b"", SignedInClient().get(url).content)
        assert NONCE.sub(b"", signed_in.get(url).content) == anonymous


def test_public_pages_offer_sign_in_and_no_internal_navigation(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    build(council, service, 1)
    html = client.get(reverse("public:scorecard")).content.decode()
    assert reverse("login") in html and "Sign in" in html
    for internal in (reverse("scorecard"), reverse("plans"), "Sign out"):
        assert internal not in html


def test_a_non_public_or_unknown_indicator_is_not_found(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    hidden = indicator(council, service, "H1", public=False)
    assert client.get(reverse("public:indicator", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("public:indicator", args=[hidden.pk + 100])).status_code == 404


def test_the_indicator_page_shows_published_commentary_but_never_remedial_action(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    [first] = build(council, service, 1)
    html = client.get(reverse("public:indicator", args=[first.pk])).content.decode()
    assert "COMMENT-1003" in html
    assert "REMEDIAL-" not in html


def test_public_pages_only_answer_get_and_head(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    [first] = build(council, service, 1)
    for url in urls(first):
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()  # a streamed download is read to its end
        assert response.status_code == 200
    return len(queries)


def test_public_pages_and_open_data_run_a_fixed_number_of_queries(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    first = build(council, service, 2)[0]
    few = {url: _count(client, url) for url in urls(first)}
    build(council, service, 12, start=2)
    many = {url: _count(client, url) for url in urls(first)}
    assert many == few
    assert max(few.values()) <= 6
