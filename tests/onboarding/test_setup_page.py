"""The first-run page: every page leads there while the database is empty; it sets up the
council, its periods and the first administrator; afterwards it is not found."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council, Person

pytestmark = pytest.mark.django_db

ANSWERS = {
    "gss_code": "e07000223",
    "name": "",
    "first_year": "2024",
    "first_month": "4",
    "tolerance": "5",
    "admin_username": "priya",
    "admin_email": "priya@adur.gov.uk",
    "admin_password": "a-Long-pass-phrase-7",
    "admin_password_again": "a-Long-pass-phrase-7",
}


@pytest.fixture(autouse=True)
def first_run(settings: Any) -> None:
    settings.GOLDENTHREAD_FIRST_RUN_REDIRECT = True
    settings.GOLDENTHREAD_TODAY = "2025-11-20"


@pytest.mark.parametrize("url", ["/", "/login/", "/scorecard/", "/admin/", "/public/"])
def test_every_page_leads_to_setup_while_the_database_is_empty(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/setup/"


def test_the_health_check_and_static_files_answer_before_setup(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/setup/").status_code == 200


def test_the_page_asks_the_first_run_questions(client: Client) -> None:
    page = client.get("/setup/").content.decode()
    assert '<h1 class="govuk-heading-l">Set up Golden Thread</h1>' in page
    for label in ("ONS code", "First financial year", "Choose a password"):
        assert label in page


def test_setting_up_creates_the_council_periods_and_administrator_then_closes(
    client: Client,
) -> None:
    response = client.post("/setup/", ANSWERS)
    assert response.status_code == 200
    assert b"Golden Thread is set up" in response.content
    council = Council.objects.get()
    assert (council.name, council.gss_code) == ("Adur District Council", "E07000223")
    assert Period.objects.filter(code="FY2027-28").exists()
    priya = User.objects.get(username="priya")
    assert priya.check_password(ANSWERS["admin_password"]) and priya.is_superuser
    assert Person.objects.get(user=priya).role == Person.Role.ADMIN
    assert client.get("/setup/").status_code == 404
    assert client.post("/setup/", ANSWERS).status_code == 404
    assert client.get("/login/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gss_code": "E07000999"}, "There is no UK local authority with the ONS code"),
        ({"first_year": "1999"}, "The first financial year must be between 2000 and 2026"),
        ({"first_month": "1"}, "The financial year must start in April"),
        ({"tolerance": "-2"}, "The default tolerance cannot be negative"),
        ({"admin_password_again": "something-else-9"}, "The two passwords are not the same"),
        ({"admin_password": "password", "admin_password_again": "password"}, "too common"),
        ({"gss_code": ""}, "This field is required"),
    ],
)
def test_bad_answers_are_shown_with_the_question_and_nothing_is_written(
    client: Client, changes: dict[str, str], message: str
) -> None:
    response = client.post("/setup/", {**ANSWERS, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert 'class="govuk-form-group govuk-form-group--error"' in page
    assert (Council.objects.count(), Period.objects.count(), User.objects.count()) == (0, 0, 0)


def test_the_page_is_not_found_once_an_account_exists(client: Client) -> None:
    User.objects.create_user("someone", password="x-long-pass-1")
    assert client.get("/setup/").status_code == 404
    assert client.get("/login/").status_code == 200  # no redirect once anyone exists
