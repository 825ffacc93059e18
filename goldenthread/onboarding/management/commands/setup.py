"""``goldenthread setup``: from an empty database to a council with its periods and its first
administrator. Asks what it is not told; ``--non-interactive`` asks nothing and prints a
one-time link for the administrator to choose a password. Running it again changes nothing
it already made, and says so."""

from __future__ import annotations

import getpass
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.onboarding import services
from goldenthread.organisation.models import Council
from goldenthread.periods import parse_financial_year

QUESTIONS = {
    "gss_code": "--gss",
    "first_year": "--first-year",
    "first_month": "--first-month",
    "tolerance": "--tolerance",
    "admin_username": "--admin-username",
    "admin_password": "the password",  # nosec B105  # how the question is named, not a password
}


class Command(BaseCommand):
    help = (
        "Set up this installation: the council (checked against the UK authorities list), "
        "its reporting periods and its first administrator. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", default="", help="the council's name (default: official)")
        parser.add_argument("--gss", default="", help="its ONS GSS code, e.g. E07000223")
        parser.add_argument("--first-year", help="the first financial year, e.g. 2024 or 2024/25")
        parser.add_argument("--first-month", help="the financial year's first month (4: April)")
        parser.add_argument("--tolerance", help="the default amber tolerance in percent (5)")
        parser.add_argument("--admin-username", default="", help="default: admin")
        parser.add_argument("--admin-email", default="")
        parser.add_argument(
            "--non-interactive",
            action="store_true",
            help="ask nothing; print a one-time link for the administrator's password",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        interactive = not options["non_interactive"]
        existing = Council.objects.current()
        answers = self.answers(options, interactive, existing)
        try:
            outcome = services.installation_set_up(actor=None, answers=answers)
        except ValidationError as error:
            lines = [
                f"{QUESTIONS.get(field, field)}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError("Nothing was set up.\n" + "\n".join(lines)) from None
        self.report(outcome, answers)

    def answers(
        self, options: dict[str, Any], interactive: bool, existing: Council | None
    ) -> services.Answers:
        ask = self.ask if interactive else self.missing
        gss = options["gss"] or (existing.gss_code if existing else "") or ask("gss", "ONS code")
        name = options["council"] or (
            "" if existing or not interactive else self.ask("council", "Name (empty: official)", "")
        )
        default_year = str(services.latest_first_year() - 1)
        # Never assumed without asking: it decides how far back the council's history goes.
        first_year = year(
            options["first_year"]
            or ask("first-year", "First financial year", default_year if interactive else None)
        )
        month = whole(
            options["first_month"]
            or (ask("first-month", "First month", "4") if interactive else "4"),
            "--first-month",
        )
        tolerance = options["tolerance"] or (
            ask("tolerance", "Default tolerance %", "5") if interactive else "5"
        )
        username = options["admin_username"] or (
            ask("admin-username", "Administrator's username", "admin") if interactive else "admin"
        )
        email = options["admin_email"] or (
            self.ask("admin-email", "Administrator's email", "") if interactive else ""
        )
        password = None
        if interactive and not _user_exists(username):
            password = self.password()
        return services.Answers(
            gss_code=gss.strip().upper(),
            name=name,
            first_year=first_year,
            first_month=month,
            tolerance=decimal(tolerance),
            admin_username=username,
            admin_email=email,
            admin_password=password,
        )

    def ask(self, option: str, question: str, default: str | None = None) -> str:
        shown = f" [{default}]" if default else ""
        self.stdout.write(f"{question}{shown}: ", ending="")
        self.stdout.flush()
        answer = sys.stdin.readline()
        if not answer:
            raise CommandError(f"No answer for “{question}”: give --{option} or answer it.")
        return answer.strip() or (default or "")

    def missing(self, option: str, question: str, default: str | None = None) -> str:
        if default is not None:
            return default
        raise CommandError(f"--{option} is needed with --non-interactive ({question}).")

    def password(self) -> str:
        """Typed twice without echo at a terminal; read as one line from a pipe."""
        if not sys.stdin.isatty():
            self.stdout.write("Administrator's password: ", ending="")
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Administrator's password: ")
        if getpass.getpass("The same again: ") != first:
            raise CommandError("The two passwords are not the same. Nothing was set up.")
        return first

    def report(self, outcome: services.Outcome, answers: services.Answers) -> None:
        council = outcome.council
        if not outcome.changed:
            self.stdout.write(
                f"Already set up for {council.name} ({council.gss_code}): nothing changed."
            )
        if outcome.council_created:
            self.stdout.write(
                f"Set up {council.name} ({council.gss_code}, {council.authority_type}, "
                f"{council.region})."
            )
        if outcome.periods_created:
            self.stdout.write(
                f"Created {outcome.periods_created} reporting periods, "
                f"{services.years_created_text(answers.first_year)}."
            )
        user = outcome.administrator
        if outcome.administrator_created:
            self.stdout.write(f"Created the administrator {user.username}.")
        if not user.has_usable_password():
            self.stdout.write(
                f"{user.username} chooses a password here (the link works once, for a few "
                f"days):\n{services.set_password_link(user)}"
            )


def _user_exists(username: str) -> bool:
    return User.objects.filter(username=username.strip()).exists()


def year(text: str) -> int:
    """2024, "2024/25" or "2024-25" as 2024."""
    value = text.strip().upper().removeprefix("FY")
    if value.isdigit():
        return int(value)
    try:
        return parse_financial_year(value)
    except ValueError:
        raise CommandError(
            f"--first-year: “{text}” is not a year; write it as 2024 or 2024/25. "
            "Nothing was set up."
        ) from None


def whole(text: str, option: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise CommandError(
            f"{option}: “{text}” is not a whole number (April is 4). Nothing was set up."
        ) from None


def decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if value.is_finite():
        return value
    raise CommandError(f"--tolerance: “{text}” is not a number (e.g. 5). Nothing was set up.")
