"""``goldenthread setup``: the council checked against the authorities list, every period from
the first year to two years ahead, the first administrator; again, and nothing changes."""

from __future__ import annotations

import io
from typing import Any
from unittest.mock import patch

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.management import CommandError, call_command

from goldenthread import periods
from goldenthread.benchmarking.models import Authority
from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council, Person

pytestmark = pytest.mark.django_db

ADUR: dict[str, Any] = {"gss": "E07000223", "first_year": "2024", "non_interactive": True}


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = "2025-11-20"  # financial year 2025/26: periods to 2027/28


def setup(*args: str, stdin: str | None = None, **options: Any) -> str:
    out = io.StringIO()
    with patch("sys.stdin", io.StringIO(stdin or "")):
        call_command("setup", *args, stdout=out, **options)
    return out.getvalue()


def written() -> tuple[int, int, int, int]:
    return (
        Council.objects.count(),
        Period.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )


def test_setup_creates_the_council_from_the_list_every_period_and_an_administrator() -> None:
    out = setup(**ADUR)
    council = Council.objects.get()
    assert (council.name, council.gss_code, council.authority_type, council.region) == (
        "Adur District Council",
        "E07000223",
        "NMD",
        "South East",
    )
    expected = periods.generate_periods(list(periods.PeriodKind), 2024, 2027)
    assert Period.objects.count() == len(expected)
    assert set(Period.objects.values_list("kind", flat=True)) == set(periods.PeriodKind)
    assert Period.objects.filter(code="FY2027-28").exists()
    assert not Period.objects.filter(code="FY2028-29").exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and not admin.has_usable_password()
    assert Person.objects.get(user=admin).role == Person.Role.ADMIN
    assert f"Created {len(expected)} reporting periods, 2024/25 to 2027/28." in out
    assert "Set up Adur District Council (E07000223, NMD, South East)." in out
    assert AuditEntry.objects.filter(action="create").count() == 2  # the council, the person


def test_the_printed_link_lets_the_administrator_choose_a_password_once(client: Any) -> None:
    out = setup(**ADUR)
    link = next(line for line in out.splitlines() if "/set-password/" in line)
    path = link.split("127.0.0.1:8000", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b"Choose your password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-Long-pass-phrase-7", "new_password2": "a-Long-pass-phrase-7"},
    )
    assert done.status_code == 302 and done["Location"] == "/login/"
    admin = User.objects.get(username="admin")
    assert admin.check_password("a-Long-pass-phrase-7")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not default_token_generator.check_token(admin, token)  # used up
    assert b"This link does not work" in client.get(path, follow=True).content


def test_running_setup_again_changes_nothing_and_says_so() -> None:
    setup(**ADUR)
    before = written()
    out = setup(**ADUR)
    assert written() == before
    assert out.startswith("Already set up for Adur District Council (E07000223): nothing changed.")
    again = setup(first_year="2024", non_interactive=True)  # the code is remembered
    assert written() == before and "nothing changed" in again


def test_interactive_answers_come_from_stdin_and_set_the_password() -> None:
    answers = "E07000223\nAdur and Worthing\n2025/26\n4\n7.5\nchief\nchief@adur.gov.uk\nCorrect-Horse-9x\n"
    out = setup(stdin=answers)
    council = Council.objects.get()
    assert council.name == "Adur and Worthing"
    assert council.default_tolerance_amount == 7.5
    assert Period.objects.filter(kind="financial_year").earliest("start").code == "FY2025-26"
    chief = User.objects.get(username="chief")
    assert chief.check_password("Correct-Horse-9x") and chief.email == "chief@adur.gov.uk"
    assert "/set-password/" not in out


def test_an_unknown_code_suggests_the_nearest_authorities_and_writes_nothing() -> None:
    with pytest.raises(CommandError) as error:
        setup(gss="E07000999", council="Tamwerth", first_year="2024", non_interactive=True)
    message = str(error.value)
    assert "Nothing was set up." in message
    assert "There is no UK local authority with the ONS code “E07000999”." in message
    assert "Did you mean Tamworth (E07000199)" in message
    assert written() == (0, 0, 0, 0)


def test_the_loaded_authority_table_is_used_when_there_is_one() -> None:
    Authority.objects.create(
        gss_code="E07000999", name="Newtown District Council", short_name="Newtown", kind="NMD"
    )
    setup(gss="E07000999", first_year="2024", non_interactive=True)
    assert Council.objects.get().name == "Newtown District Council"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"first_year": "1999"},
            "--first-year: The first financial year must be between 2000 and 2026",
        ),
        ({"first_year": "2030"}, "between 2000 and 2026"),
        ({"first_year": "twenty"}, "--first-year: “twenty” is not a year"),
        ({"first_year": "2024/26"}, "is not a year"),
        ({"first_year": "2024", "first_month": "13"}, "a number from 1 to 12 (April is 4)"),
        ({"first_year": "2024", "first_month": "1"}, "must start in April"),
        ({"first_year": "2024", "first_month": "Apr"}, "“Apr” is not a whole number"),
        (
            {"first_year": "2024", "tolerance": "-1"},
            "--tolerance: The default tolerance cannot be negative",
        ),
        ({"first_year": "2024", "tolerance": "five"}, "“five” is not a number"),
        ({}, "--first-year is needed with --non-interactive"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_written(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(CommandError) as error:
        setup(gss="E07000223", non_interactive=True, **options)
    assert message in str(error.value)
    assert written() == (0, 0, 0, 0)


def test_a_weak_password_is_refused_and_nothing_written() -> None:
    with pytest.raises(CommandError) as error:
        setup(stdin="E07000223\n\n2024\n\n\nadmin\n\npassword\n")
    assert "the password: This password is too common." in str(error.value)
    assert written() == (0, 0, 0, 0)


def test_another_council_is_refused_on_an_installation_already_set_up() -> None:
    setup(**ADUR)
    before = written()
    with pytest.raises(CommandError) as error:
        setup(gss="E07000228", first_year="2024", non_interactive=True)
    assert "already serves Adur District Council (E07000223): one council per installation" in str(
        error.value
    )
    assert written() == before
