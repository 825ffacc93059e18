"""``goldenthread restore FILE``: replace the database with a backup made by ``backup``."""

from __future__ import annotations

import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from goldenthread.core import backup, datacache


class Command(BaseCommand):
    help = (
        "Replace the database's contents with FILE, a backup made by `goldenthread backup` "
        "from the same kind of database. Asks first unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help="replace the database without asking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            info = backup.describe_file(path)
            if not options["force"] and not backup.database_is_empty():
                self._confirm(path, info)
            started = time.perf_counter()
            backup.restore(path)
            # Pages cached before may have been made from data this database never held. (A
            # backup from before the version table existed gets one when it is migrated.)
            with suppress(DatabaseError):
                datacache.renew()
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {path} into the {connection.display_name} database "
            f"{connection.settings_dict['NAME']} in {time.perf_counter() - started:.1f} s. "
            "Restart the server so no worker holds data from before."
        )

    def _confirm(self, path: Path, info: backup.BackupInfo) -> None:
        name = connection.settings_dict["NAME"]
        if not sys.stdin.isatty():
            raise CommandError(
                f"The {connection.display_name} database {name} already holds data and would be "
                "replaced: run again with --force to do so."
            )
        answer = input(
            f"This replaces everything in the {connection.display_name} database {name} with "
            f"{path} ({info.size / 2**20:.1f} MiB). Type 'yes' to go ahead: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
