"""``goldenthread export KIND …``: one command for every export.

- ``export scorecard --period 2025/26-Q2 --format xlsx|csv --out FILE``: the corporate scorecard.
- ``export actionplan PLAN --format docx|pdf|xlsx|csv --out FILE``: an action plan's progress
  report (docx, pdf) or its workbook (xlsx, csv), which imports again unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.core.clock import today
from goldenthread.documents import DocumentError
from goldenthread.improvement import transfer
from goldenthread.improvement.models import ActionPlan
from goldenthread.reports import render
from goldenthread.reports.arguments import add_out, council, period_code, write_file
from goldenthread.scorecard.selectors import scorecard


class Command(BaseCommand):
    help = "Export the corporate scorecard or an action plan."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        card = kinds.add_parser("scorecard", help="the corporate scorecard (xlsx or csv)")
        card.add_argument("--period", required=True, help="a quarter, e.g. 2025/26-Q2")
        card.add_argument("--format", required=True, choices=["xlsx", "csv"])
        add_out(card)
        plan = kinds.add_parser("actionplan", help="an action plan and its progress report")
        plan.add_argument("plan", metavar="PLAN", help="the plan's reference (or number)")
        plan.add_argument("--format", required=True, choices=["docx", "pdf", "xlsx", "csv"])
        add_out(plan)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == "scorecard":
            self._scorecard(options)
        else:
            self._actionplan(options)

    def _scorecard(self, options: dict[str, Any]) -> None:
        card = scorecard(
            council=council(), today=today(), period_code=period_code(options["period"])
        )
        if options["format"] == "csv":
            content = render.scorecard_csv(card).encode()
        else:
            content = render.scorecard_xlsx(card)
        out = write_file(options, lambda path: path.write_bytes(content))
        self.stdout.write(f"Wrote {out} ({len(card.rows)} key indicators)")

    def _actionplan(self, options: dict[str, Any]) -> None:
        name: str = options["plan"]
        plans = ActionPlan.objects.filter(ref=name)
        if not plans.exists() and name.isdigit():
            plans = ActionPlan.objects.filter(pk=int(name))
        plan = plans.first()
        if plan is None:
            raise CommandError(f"No action plan with the reference {name!r}.")
        try:
            out = write_file(options, lambda path: transfer.export(plan, options["format"], path))
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Wrote {out}")
