"""``goldenthread totp USERNAME``: the current two-factor code of a demo login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.security.twofactor import confirmed_device, current_code


class Command(BaseCommand):
    help = (
        "FOR THE DEMO AND DEVELOPMENT ONLY: print the code a login's authenticator app would "
        "show now, so the demo's admin and performance logins can sign in without a phone. "
        "Anyone who can run this can already read the database; on a real council's server "
        "people use their own app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No login called {options['username']!r}")
        device = confirmed_device(user)
        if device is None:
            raise CommandError(f"{user.username} has not set up two-factor authentication")
        self.stdout.write(current_code(device))
