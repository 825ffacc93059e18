"""``goldenthread backup FILE``: a consistent copy of the database, safe while serving."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from goldenthread.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE: SQLite's online backup (safe while the server runs), "
        "or pg_dump's custom format for PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            info = backup.backup(options["file"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {connection.display_name} database to {options['file']} "
            f"({info.size / 2**20:.1f} MiB in {time.perf_counter() - started:.1f} s)."
        )
