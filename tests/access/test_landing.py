"""After signing in, each role lands on a page it may see (defect 12: a partner's was a 403):
their own "My work", a director's and the team's dashboard, or a partner's returns."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.test import Client

from goldenthread.organisation.models import Council, Person
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

DASHBOARD_ROLES = {Person.Role.ADMIN, Person.Role.PERFORMANCE, Person.Role.DIRECTOR}


@pytest.mark.parametrize("role", list(Person.Role))
def test_every_role_lands_on_a_page_it_may_see_after_sign_in(
    council: Council, role: str, periods: None
) -> None:
    user = User.objects.create_user(f"a-{role}", password="pw-for-tests-1")
    Person.objects.create(user=user, council=council, role=role)
    client = SignedInClient()
    client.force_login(user)
    landing = client.get(resolve_url(settings.LOGIN_REDIRECT_URL), follow=True)
    assert landing.status_code == 200, landing.redirect_chain
    if role == Person.Role.PARTNER:
        assert landing.redirect_chain[-1][0] == "/returns/"
    elif role in DASHBOARD_ROLES:  # a director and the team: their dashboard (issue 18)
        assert landing.redirect_chain == [("/dashboard/", 302)]
        assert landing.templates[0].name == "dashboards/dashboard.html"
        assert 'href="/my-work/"' in landing.content.decode()
    else:  # everyone else starts at what they owe; the scorecard is on the navigation
        assert landing.redirect_chain == []
        assert landing.templates[0].name == "mywork/home.html"
        assert 'href="/scorecard/"' in landing.content.decode()


def test_a_partners_first_page_after_the_sign_in_form_is_their_returns(
    council: Council, periods: None
) -> None:
    user = User.objects.create_user("police", password="pw-for-tests-1")
    Person.objects.create(user=user, council=council, role=Person.Role.PARTNER)
    client = Client()
    landing = client.post(
        "/login/", {"username": "police", "password": "pw-for-tests-1"}, follow=True
    )
    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == "/returns/"
