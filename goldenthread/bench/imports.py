"""Import benchmark: 1,000,000 values from CSV, timed against PostgreSQL's own ``COPY``.

``goldenthread bench --only import`` (also a section of a full ``goldenthread bench``).
Each database is fresh; each import runs in a child process of its own (as the scorecard
benchmark does) so its settings and its memory high-water mark are its own.

The council is the same at every file size (``COUNCIL_INDICATORS`` monthly indicators and
``MONTHS`` months), so the only thing that changes between sizes is the file. In the child:

1. the import itself: seconds, rows per second, and the growth of the process's peak
   resident set (``ru_maxrss``) over it, which includes the database driver; run at two
   file sizes it shows whether memory grows with the file;
2. optionally the same file again (every row unchanged, nothing written);
3. PostgreSQL only: ``COPY`` of the same CSV file into a plain table of the same columns, in
   the same process and database, and the import's time as a multiple of it.
"""

from __future__ import annotations

import csv
import gc
import os
import resource
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection

from goldenthread.bench.databases import fresh_postgres
from goldenthread.bench.load import child_json

DEFAULT_ROWS = 1_000_000
MONTHS = 200
COUNCIL_INDICATORS = DEFAULT_ROWS // MONTHS
HEADER = ["indicator", "period", "value", "commentary", "estimated"]


def monthly_indicators(
    council: Any, service: Any, count: int, *, code: str, title: str, first_year: int
) -> list[str]:
    """``count`` monthly sum indicators (``code`` 1, ``code`` 2, …) for a values import; their
    codes."""
    from goldenthread.indicators.models import Indicator

    codes = [f"{code} {n}" for n in range(1, count + 1)]
    Indicator.objects.bulk_create(
        Indicator(
            council=council,
            code=each,
            title=f"{title} {n}",
            polarity="higher",
            unit="number",
            decimals=1,
            frequency="month",
            aggregation="sum",
            service=service,
            first_year=first_year,
        )
        for n, each in enumerate(codes, start=1)
    )
    return codes


def build(indicators: int, months: int) -> tuple[list[str], list[str]]:
    """A council with ``indicators`` monthly indicators and at least ``months`` months."""
    from goldenthread.indicators.models import Period
    from goldenthread.indicators.services import periods_ensure
    from goldenthread.organisation.models import Council, OrgUnit
    from goldenthread.periods import PeriodKind

    council = Council.objects.create(name="Benchmark Borough Council")
    top = OrgUnit.objects.create(council=council, kind="directorate", name="Place", code="place")
    service = OrgUnit.objects.create(
        council=council, kind="service", name="Waste", code="waste", parent=top
    )
    years = months // 12 + 1
    periods_ensure(kinds=[PeriodKind.MONTH], first_year=2026 - years, last_year=2026)
    codes = monthly_indicators(
        council,
        service,
        indicators,
        code="LPI",
        title="Benchmark indicator",
        first_year=2026 - years,
    )
    month_codes = list(
        Period.objects.filter(kind="month").order_by("start").values_list("code", flat=True)
    )[:months]
    return codes, month_codes


def write_csv(path: Path, codes: list[str], months: list[str], rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        written = 0
        for code in codes:
            for n, month in enumerate(months):
                if written == rows:
                    return
                value = f"{zlib.crc32(f'{code} {month}'.encode()) % 100_000 / 10:.1f}"
                estimated = "yes" if n % 7 == 0 else "no"
                writer.writerow([code, month, value, f"Figure for {month}", estimated])
                written += 1


def _maxrss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(*, rows: int, indicators: int, months: int = MONTHS, again: bool = True) -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the benchmark database: a council of
    ``indicators`` x ``months``, and a file of its first ``rows`` values."""
    from goldenthread.indicators.importers import values

    call_command("migrate", verbosity=0)
    codes, month_codes = build(indicators, months)
    options: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gt-import-bench-") as folder:
        path = Path(folder) / "values.csv"
        write_csv(path, codes, month_codes, rows)
        size_mib = path.stat().st_size / 2**20

        gc.collect()
        rss_before = _maxrss_mib()
        started = time.perf_counter()
        report = values.KIND.run(path, actor=None, dry_run=False, progress=None, options=options)
        seconds = time.perf_counter() - started
        rss_growth = _maxrss_mib() - rss_before
        assert report.ok and report.created == rows, report.problems[:3]

        again_seconds = None
        if again:
            started = time.perf_counter()
            report = values.KIND.run(
                path, actor=None, dry_run=False, progress=None, options=options
            )
            again_seconds = round(time.perf_counter() - started, 2)
            assert report.ok and report.unchanged == rows

        copy_seconds = _copy(path) if connection.vendor == "postgresql" else None
    return {
        "database": connection.vendor,
        "rows": rows,
        "csv_mib": round(size_mib, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "maxrss_growth_mib": round(rss_growth, 1),
        "unchanged_seconds": again_seconds,
        "copy_seconds": None if copy_seconds is None else round(copy_seconds, 3),
        "ratio_to_copy": None if copy_seconds is None else round(seconds / copy_seconds, 1),
    }


def _copy(path: Path) -> float:
    """PostgreSQL ``COPY`` of the same CSV into a plain table of the same columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_values_copy (indicator text, period text, "
            "value numeric(20, 6), commentary text, estimated text)"
        )
        started = time.perf_counter()
        raw = cursor.cursor  # psycopg 3's own cursor, for COPY
        with (
            raw.copy("COPY bench_values_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_values_copy")
        copied = cursor.fetchone()[0]
    assert copied == path.read_bytes().count(b"\n") - 1, copied
    return seconds


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints: SQLite, then a fresh PostgreSQL database,
    each at a fifth of the file and the whole file (the same council both times)."""
    rows = 20_000 if options.get("quick") else DEFAULT_ROWS
    indicators = rows // MONTHS
    stdout.write(
        f"Import: {rows:,} values from CSV ({indicators:,} monthly indicators × {MONTHS} months), "
        "`goldenthread import values` into an empty database; also a fifth of the file, to "
        "show memory does not grow with it"
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
        targets = [("SQLite", f"sqlite:///{data_dir}/bench.sqlite3")]
        if not options.get("skip_postgres"):
            targets.append(("PostgreSQL", options["postgres_url"]))
        for label, url in targets:
            for size in (rows // 5, rows):
                if label == "PostgreSQL" and (problem := fresh_postgres(url)):
                    stdout.write(f"  PostgreSQL: {problem}")
                    break
                if label == "SQLite":
                    Path(f"{data_dir}/bench.sqlite3").unlink(missing_ok=True)
                figures = _child(url, data_dir, size, indicators, again=size < rows)
                stdout.write(_line(label, figures))


def _line(label: str, figures: dict[str, Any]) -> str:
    line = (
        f"  {label:<10} {figures['rows']:>9,} rows ({figures['csv_mib']} MiB): "
        f"{figures['seconds']} s = {figures['rows_per_second']:,} rows/s; "
        f"peak RSS growth {figures['maxrss_growth_mib']} MiB"
    )
    if figures["unchanged_seconds"] is not None:
        line += f"; re-import (all unchanged) {figures['unchanged_seconds']} s"
    if figures["copy_seconds"] is not None:
        line += (
            f"; COPY of the same rows {figures['copy_seconds']} s, "
            f"import = {figures['ratio_to_copy']}× COPY"
        )
    return line


def _child(url: str, data_dir: str, rows: int, indicators: int, *, again: bool) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GOLDENTHREAD_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
    }
    code = (
        "from goldenthread.bench import imports; "
        f"print(json.dumps(imports.run(rows={rows}, indicators={indicators}, again={again})))"
    )
    return child_json(code, env, "import")
