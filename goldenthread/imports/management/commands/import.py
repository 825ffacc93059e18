"""``goldenthread import KIND FILE [--dry-run]``: all or nothing, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.imports.progress import ProgressBar
from goldenthread.imports.registry import REGISTRY


class Command(BaseCommand):
    help = "Import a CSV or XLSX file: all or nothing; a dry run shows what would change."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind in sorted(REGISTRY.values(), key=lambda k: k.name):
            sub = kinds.add_parser(kind.name, help=kind.help, description=kind.help)
            sub.add_argument("file", type=Path, metavar="FILE")
            sub.add_argument(
                "--dry-run", action="store_true", help="check the file and show what would change"
            )
            sub.add_argument(
                "--user", help="username the changes are recorded against in the audit trail"
            )
            sub.add_argument("--no-progress", action="store_true", help="no progress bar")
            if kind.add_arguments:
                kind.add_arguments(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = REGISTRY[options["kind"]]
        path: Path = options["file"]
        if not (path.is_file() or (kind.accepts_directory and path.is_dir())):
            raise CommandError(f"{path}: no such file")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user called {options['user']!r}")
        bar = None if options["no_progress"] else ProgressBar(sys.stderr)
        try:
            report = kind.run(
                path, actor=actor, dry_run=options["dry_run"], progress=bar, options=options
            )
        finally:
            if bar:
                bar.finish()
        if report.dry_run and report.ok:
            for line in report.changes:
                self.stdout.write(f"  {line}")
        # Notes are for every run: what was skipped, and a source's own check (LGBF).
        for note in report.notes if report.ok else ():
            self.stdout.write(note)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(("Dry run: " if report.dry_run else "") + report.summary())
