"""``goldenthread export KIND …``: one command for every export.

- ``export scorecard --period 2025/26-Q2 --format xlsx|csv --out FILE``: the corporate scorecard.
- ``export actionplan PLAN --format docx|pdf|xlsx|csv --out FILE``: an action plan's progress
  report (docx, pdf) or its workbook (xlsx, csv), which imports again unchanged.
- ``export bands --source NAME --out FILE``: every stored benchmarking band of every authority
  for one source's measures, as CSV (the measures page's download).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.benchmarking import selectors as benchmarking_selectors
from goldenthread.core.clock import today
from goldenthread.core.csvfiles import csv_text
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
        bands = kinds.add_parser("bands", help="every benchmarking band of a source (csv)")
        bands.add_argument("--source", required=True, help="a measure source, e.g. LGBF")
        add_out(bands)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == "scorecard":
            self._scorecard(options)
        elif options["kind"] == "bands":
            self._bands(options)
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

    def _bands(self, options: dict[str, Any]) -> None:
        source: str = options["source"]
        if source not in benchmarking_selectors.sources():
            raise CommandError(f"No benchmark measures from {source!r}.")
        rows = [
            benchmarking_selectors.BAND_HEADER,
            *benchmarking_selectors.band_rows(source=source),
        ]
        out = write_file(options, lambda path: path.write_text(csv_text(rows), encoding="utf-8"))
        lines = len(rows) - 1
        self.stdout.write(f"Wrote {out} ({lines} bands)")

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
