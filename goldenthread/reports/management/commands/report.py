"""``goldenthread report ipr --period 2025/26-Q2 --format docx|pdf|html --out FILE``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.core.clock import today
from goldenthread.documents import DocumentError
from goldenthread.reports import ipr, render
from goldenthread.reports.arguments import add_out, council, period_code, write_file


class Command(BaseCommand):
    help = "Produce a report: the quarterly integrated performance report (ipr)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=["ipr"])
        parser.add_argument("--period", required=True, help="a quarter, e.g. 2025/26-Q2")
        parser.add_argument("--format", required=True, choices=["docx", "pdf", "html"])
        add_out(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        code = period_code(options["period"])
        report = ipr.build(council=council(), today=today(), period_code=code)
        if report.card.period is None or report.card.period.code != code:
            raise CommandError(f"--period {options['period']} has not started yet")
        fmt = options["format"]
        try:
            if fmt == "html":
                content = render.ipr_html(report).encode()
            elif fmt == "docx":
                content = render.ipr_docx(report)
            else:
                content = render.ipr_pdf(report)
            out = write_file(options, lambda path: path.write_bytes(content))
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {out} ({len(report.card.rows)} key indicators, {len(report.concerns)} exceptions)"
        )
