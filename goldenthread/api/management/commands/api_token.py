"""``goldenthread api_token create NAME --service CODE … [--write]`` and ``… revoke NAME``."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_create, client_revoke
from goldenthread.organisation.models import Council, OrgUnit


class Command(BaseCommand):
    help = "Create an API client and print its token (shown once), or revoke one."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a client and print its token")
        create.add_argument("name")
        create.add_argument(
            "--service", action="append", default=[], help="a service code (repeat for more)"
        )
        create.add_argument("--whole-council", action="store_true", help="every service")
        create.add_argument("--write", action="store_true", help="may write values and targets")
        create.add_argument("--council", help="the council's name (needed if there are several)")
        revoke = actions.add_parser("revoke", help="stop a client's token working")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "revoke":
            client = ApiClient.objects.filter(name=options["name"]).first()
            if client is None:
                raise CommandError(f"No API client called {options['name']!r}.")
            client_revoke(actor=None, client=client)
            self.stdout.write(f"Revoked the token of {client.name}.")
            return
        council = self._council(options["council"])
        codes = options["service"]
        units = list(OrgUnit.objects.filter(council=council, code__in=codes))
        missing = sorted(set(codes) - {u.code for u in units})
        if missing:
            raise CommandError(f"No service with code {', '.join(missing)} in {council}.")
        if not units and not options["whole_council"]:
            raise CommandError("Give at least one --service, or --whole-council.")
        try:
            client, token = client_create(
                actor=None,
                council=council,
                name=options["name"],
                services=units,
                whole_council=options["whole_council"],
                may_write=options["write"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(f"Created API client {client.name}. Its token, shown only now:")
        self.stdout.write(token)

    @staticmethod
    def _council(name: str | None) -> Council:
        councils = Council.objects.filter(name=name) if name else Council.objects.all()
        if councils.count() != 1:
            raise CommandError("Name the council with --council.")
        return councils.get()
