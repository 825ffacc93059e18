"""``goldenthread demo``: load the Borough of Castlebridge demo council and serve it.

One command for someone trying Golden Thread: it makes the data directory, migrates, builds
the demo council the first time (never over a council that is already there), prints where
to sign in and as whom, then starts the production server.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.core.clock import today as clock_today
from goldenthread.demo.builder import build_council
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import financial_year_label
from goldenthread.security.twofactor import secret_text

DEFAULT_PASSWORD = "demo"  # nosec B105  # the demo's documented default, printed with the logins
SQLITE_SUFFIXES = ("", "-wal", "-shm")


def sqlite_file() -> Path | None:
    """The SQLite database file, or None for another database or an in-memory one."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


# Where each role's login has something to do in the demo.
TRY_THIS = (
    ("owner", "My returns — drafts, a return sent back for correction, figures to submit"),
    ("head_of_service", "Approvals — Waste and Recycling's returns waiting for sign-off"),
    ("performance", "Performance team — overdue returns, sign-off, import; Plans; Benchmarking"),
    ("partner", "The police's own partnership returns, and nothing else internal"),
    ("s.rees", "Improvement — review risk CR1; record the board's decision on Digital records"),
)


class Command(BaseCommand):
    help = (
        "Load the demo council (the fictional Borough of Castlebridge) if no council exists, "
        "print the demo logins, and serve Golden Thread."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the database first and build the demo council again.",
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the demo and stop; do not serve."
        )
        parser.add_argument(
            "--password",
            default=None,
            help=f"Password for every demo login (default {DEFAULT_PASSWORD!r}). Given with a "
            "council already loaded, resets the demo logins to it.",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="Build the history up to this date, and judge statuses against it when serving.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        database_file = sqlite_file()
        if options["reset"] and database_file is not None:
            self._delete_database_files(database_file)
        call_command("migrate", verbosity=0, interactive=False)
        if options["reset"] and database_file is None:
            # Flushed after migrating: flush re-creates permissions, which needs the tables.
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Emptied the database.")

        password = options["password"]
        today = options["today"] or clock_today()
        council = Council.objects.current()
        if council is None:
            password = password or DEFAULT_PASSWORD
            self.stdout.write("Building the demo council…", ending=" ")
            self.stdout.flush()
            summary = build_council(today=today, password=password)
            years = (
                f"{financial_year_label(summary.first_year)} to "
                f"{financial_year_label(summary.last_year)}"
            )
            self.stdout.write(
                f"{summary.indicators:,} indicators, {summary.actuals:,} actuals "
                f"({years}) in {summary.seconds:.1f} s"
            )
            council = Council.objects.get(name=summary.council)
        else:
            self.stdout.write(f"{council.name} is already loaded (use --reset to rebuild it).")
            if password is not None:
                changed = self._reset_passwords(council, password)
                self.stdout.write(f"Reset the password of {changed} demo logins.")
            elif self._performance_password_is(DEFAULT_PASSWORD):
                password = DEFAULT_PASSWORD

        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Golden Thread demo: {url}"))
        self._print_logins(council, password)

        if options["no_serve"]:
            return
        if options["today"]:
            # The server runs in a fresh process: tell it which day the history was built for.
            os.environ["GOLDENTHREAD_TODAY"] = today.isoformat()
        call_command("serve", host=options["host"], port=options["port"], workers=2)

    def _delete_database_files(self, name: Path) -> None:
        """A fresh start whatever state the file was in: delete it and its WAL files."""
        connections.close_all()
        existed = name.exists()
        for suffix in SQLITE_SUFFIXES:
            name.with_name(name.name + suffix).unlink(missing_ok=True)
        if existed:
            self.stdout.write(f"Deleted the database {name}.")

    def _reset_passwords(self, council: Council, password: str) -> int:
        holder = User()
        holder.set_password(password)  # hash once: every login gets the same hash
        return User.objects.filter(person__council=council).update(password=holder.password)

    def _performance_password_is(self, password: str) -> bool:
        user = User.objects.filter(username="performance").first()
        return user is not None and user.check_password(password)

    def _print_two_factor(self, council: Council) -> None:
        devices = TOTPDevice.objects.filter(
            user__person__council=council, confirmed=True
        ).select_related("user")
        if not devices:
            return
        self.stdout.write("")
        self.stdout.write("These logins also enter a code from an authenticator app (two-factor):")
        for device in devices.order_by("user__username"):
            self.stdout.write(f"  {device.user.username:<12}  key {secret_text(device)}")
        self.stdout.write(
            "Add the key to an authenticator app, or run `goldenthread totp USERNAME` "
            "for the current code."
        )

    def _print_logins(self, council: Council, password: str | None) -> None:
        people = list(Person.objects.filter(council=council).select_related("user"))
        order = {role.value: index for index, role in enumerate(Person.Role)}
        people.sort(
            key=lambda p: (p.user.username != p.role, order.get(p.role, 99), p.user.username)
        )
        shown = password or "(unchanged)"
        rows = [(p.user.username, p.get_role_display(), shown) for p in people]
        header = ("Username", "Role", "Password")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
        self.stdout.write("Sign in as any of these:")
        for username, role, secret in [header, *rows]:
            self.stdout.write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {secret}")
        if password is None:
            self.stdout.write("The passwords are as last set: rerun with --password to reset them.")
        self._print_two_factor(council)
        self.stdout.write("")
        for username, hint in TRY_THIS:
            self.stdout.write(f"  Try {username}: {hint}")
