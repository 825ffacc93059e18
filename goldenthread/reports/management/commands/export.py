"""``goldenthread export scorecard --period 2025/26-Q2 --format xlsx|csv --out FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from goldenthread.core.clock import today
from goldenthread.indicators.selectors import scorecard
from goldenthread.reports import render
from goldenthread.reports.management.commands.report import council, period_code


class Command(BaseCommand):
    help = "Export the corporate scorecard as a spreadsheet (xlsx) or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["scorecard"])
        parser.add_argument("--period", required=True, help="a quarter, e.g. 2025/26-Q2")
        parser.add_argument("--format", required=True, choices=["xlsx", "csv"])
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        card = scorecard(
            council=council(), today=today(), period_code=period_code(options["period"])
        )
        out = options["out"]
        if options["format"] == "csv":
            out.write_text(render.scorecard_csv(card), encoding="utf-8", newline="")
        else:
            out.write_bytes(render.scorecard_xlsx(card))
        self.stdout.write(f"Wrote {out} ({len(card.rows)} key indicators)")
