"""Report benchmark: the quarterly integrated performance report for 150 key indicators,
each with a chart, produced as .docx and as PDF.

``goldenthread bench --only reports``. The council is built by the demo builder (every
indicator key and quarterly) in a fresh SQLite database in a child process, so the figures are
the report's own and not the parent's warm caches. Timed, each from the database:

1. reading the report (selectors and the SVG charts);
2. the .docx (read, rasterise every chart to PNG, write);
3. the PDF (the .docx, then LibreOffice headless converting it), and its pages.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from datetime import date
from typing import Any

from django.core.management import call_command

from goldenthread.bench.load import child_json

TODAY = date(2025, 11, 20)
PERIOD = "2025-26-Q2"


def run(*, indicators: int, years: int = 3) -> dict[str, Any]:
    from goldenthread.demo.builder import build_council
    from goldenthread.organisation.models import Council
    from goldenthread.reports import ipr, render

    call_command("migrate", verbosity=0)
    build_council(
        today=TODAY,
        password="bench-password-1",  # nosec B106  # a throwaway login in the benchmark's own database
        indicators=indicators,
        years=years,
        all_key=True,
        frequency="quarter",
    )
    council = Council.objects.get()

    def timed(make: Any) -> tuple[Any, float]:
        started = time.perf_counter()
        result = make()
        return result, time.perf_counter() - started

    report, read_seconds = timed(
        lambda: ipr.build(council=council, today=TODAY, period_code=PERIOD)
    )
    docx, docx_seconds = timed(
        lambda: render.ipr_docx(ipr.build(council=council, today=TODAY, period_code=PERIOD))
    )
    pdf, pdf_seconds = timed(
        lambda: render.ipr_pdf(ipr.build(council=council, today=TODAY, period_code=PERIOD))
    )
    return {
        "indicators": len(report.card.rows),
        "charts": sum(len(p.charts) for p in report.priorities),
        "exceptions": len(report.concerns),
        "read_seconds": round(read_seconds, 2),
        "docx_seconds": round(docx_seconds, 2),
        "docx_kb": round(len(docx) / 1024),
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_kb": round(len(pdf) / 1024),
        "pdf_pages": len(re.findall(rb"/Type\s*/Page(?!s)", pdf)),
    }


def command(stdout: Any, options: dict[str, Any]) -> None:
    indicators = 20 if options.get("quick") else 150
    stdout.write(
        f"Quarterly integrated performance report: {indicators} key indicators with a chart "
        f"each, {PERIOD} (SQLite, one run each)"
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-reports-") as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
            "GOLDENTHREAD_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
        }
        code = (
            "from goldenthread.bench import reports;"
            f"print(json.dumps(reports.run(indicators={indicators})))"
        )
        figures = child_json(code, env, "report")
    stdout.write(
        f"  {figures['indicators']} indicators, {figures['charts']} charts, "
        f"{figures['exceptions']} exceptions: read {figures['read_seconds']} s; "
        f".docx {figures['docx_seconds']} s ({figures['docx_kb']} KB); "
        f"PDF {figures['pdf_seconds']} s ({figures['pdf_kb']} KB, {figures['pdf_pages']} pages)"
    )
