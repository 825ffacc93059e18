"""Benchmark of moving in from Excel: a council's scorecard workbook of 300 indicators × 24
quarters (six financial years), with title rows, targets and fill colours, imported by
``goldenthread import scorecard`` into a council just set up.

Part of ``goldenthread bench --only setup``. In a child process on a fresh database.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path
from typing import Any

from goldenthread.bench.load import child_json, databases, server_env

INDICATORS = 300
YEARS = 6  # four quarters each: 24 period columns


def workbook(path: Path, first_year: int) -> Path:
    """The workbook as a council keeps it: a title, a header row, a row per indicator."""
    import openpyxl
    from openpyxl.styles import PatternFill

    from goldenthread.periods import financial_year_label

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scorecard"
    sheet.append([f"Corporate scorecard {financial_year_label(first_year + YEARS - 1)}"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    quarters = [
        f"Q{q} {financial_year_label(first_year + y)}" for y in range(YEARS) for q in range(1, 5)
    ]
    sheet.append(
        ["Ref", "Indicator", "Good is", "Unit", "Annual target", "Quarterly target", *quarters]
    )
    fills = {
        name: PatternFill("solid", fgColor=rgb)
        for name, rgb in (("red", "FFC7CE"), ("amber", "FFEB9C"), ("green", "C6EFCE"))
    }
    for n in range(INDICATORS):
        higher = n % 2 == 0
        values = [40 + (n + q) % 20 for q in range(len(quarters))]
        sheet.append(
            [
                f"PI {n + 1:03d}",
                f"Indicator {n + 1}",
                "Higher" if higher else "Low",
                "%",
                50,
                50,
                *values,
            ]
        )
        row = sheet.max_row
        for q, value in enumerate(values):
            good = value >= 50 if higher else value <= 50
            sheet.cell(row=row, column=7 + q).fill = fills["green" if good else "red"]
    book.save(path)
    return path


def run() -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the benchmark database."""
    from django.core.management import call_command
    from django.db import connection

    from goldenthread.core.clock import today
    from goldenthread.indicators.importers import scorecard
    from goldenthread.indicators.models import Actual
    from goldenthread.organisation.models import Council, OrgUnit
    from goldenthread.periods import financial_year_of

    call_command("migrate", verbosity=0)
    this_year = financial_year_of(today())
    first_year = this_year - YEARS + 1
    options = {"gss": "E07000223", "first_year": str(first_year - 1), "non_interactive": True}
    call_command("setup", stdout=io.StringIO(), **options)
    council = Council.objects.current()
    assert council is not None
    top = OrgUnit.objects.create(
        council=council, kind="directorate", name="Chief Executive's", code="ce"
    )
    OrgUnit.objects.create(
        council=council, kind="service", name="Corporate", code="corporate", parent=top
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-workbook-") as folder:
        path = workbook(Path(folder) / "scorecard.xlsx", first_year)
        started = time.perf_counter()
        outcome = scorecard.import_workbook(path, actor=None, service="corporate", dry_run=False)
        seconds = time.perf_counter() - started
    assert outcome.report.ok, outcome.report.problems[:5]
    return {
        "database": connection.vendor,
        "seconds": round(seconds, 2),
        "indicators": INDICATORS,
        "periods": YEARS * 4,
        "figures": Actual.objects.count(),
        "compared": len(outcome.comparison),
        "disagreements": len(outcome.disagreements),
    }


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench --only setup`` prints."""
    stdout.write(
        f"\nScorecard workbook: `goldenthread import scorecard` of {INDICATORS} indicators × "
        f"{YEARS * 4} quarters (read, check, write, compare) into a council just set up"
    )
    for label, url in databases(stdout, options):
        with tempfile.TemporaryDirectory(prefix="gt-bench-scorecard-") as data_dir:
            figures = child_json(
                "from goldenthread.bench import scorecard_workbook as b; print(json.dumps(b.run()))",
                server_env(data_dir, url.replace("{data_dir}", data_dir)),
                "scorecard workbook",
            )
        stdout.write(
            f"  {label:<10} {figures['seconds']} s ({figures['figures']:,} approved figures; "
            f"{figures['compared']:,} coloured cells compared, {figures['disagreements']:,} "
            "disagreements)"
        )
