"""``goldenthread report ipr --period 2025/26-Q2 --format docx|pdf|html --out FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.core.clock import today
from goldenthread.documents import DocumentError
from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council
from goldenthread.reports import ipr, render


def period_code(text: str) -> str:
    """Accept the written form (2025/26-Q2) as well as the code (2025-26-Q2)."""
    code = text.strip().replace("/", "-")
    if not Period.objects.filter(code=code, kind="quarter").exists():
        raise CommandError(f"--period {text!r} is not a quarter; use a code like 2025/26-Q2")
    return code


def council() -> Council:
    found = Council.objects.current()
    if found is None:
        raise CommandError("There is no council yet: run `goldenthread demo` or set one up")
    return found


class Command(BaseCommand):
    help = "Produce a report: the quarterly integrated performance report (ipr)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=["ipr"])
        parser.add_argument("--period", required=True, help="a quarter, e.g. 2025/26-Q2")
        parser.add_argument("--format", required=True, choices=["docx", "pdf", "html"])
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        code = period_code(options["period"])
        report = ipr.build(council=council(), today=today(), period_code=code)
        if report.card.period is None or report.card.period.code != code:
            raise CommandError(f"--period {options['period']} has not started yet")
        fmt, out = options["format"], options["out"]
        try:
            if fmt == "html":
                out.write_text(render.ipr_html(report), encoding="utf-8")
            elif fmt == "docx":
                out.write_bytes(render.ipr_docx(report))
            else:
                out.write_bytes(render.ipr_pdf(report))
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {out} ({len(report.card.rows)} key indicators, {len(report.concerns)} exceptions)"
        )
