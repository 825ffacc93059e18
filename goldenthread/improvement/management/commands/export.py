"""``goldenthread export actionplan PLAN --format docx|pdf|xlsx|csv --out FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.documents import DocumentError
from goldenthread.improvement import transfer
from goldenthread.improvement.models import ActionPlan


class Command(BaseCommand):
    help = "Export an action plan: the progress report (docx, pdf) or the workbook (xlsx, csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        plan = kinds.add_parser("actionplan", help="an action plan and its progress report")
        plan.add_argument("plan", metavar="PLAN", help="the plan's reference (or number)")
        plan.add_argument("--format", required=True, choices=["docx", "pdf", "xlsx", "csv"])
        plan.add_argument("--out", required=True, type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["plan"]
        plans = ActionPlan.objects.filter(ref=name)
        if not plans.exists() and name.isdigit():
            plans = ActionPlan.objects.filter(pk=int(name))
        plan = plans.first()
        if plan is None:
            raise CommandError(f"No action plan with the reference {name!r}.")
        try:
            out = transfer.export(plan, options["format"], options["out"])
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wrote {out}")
