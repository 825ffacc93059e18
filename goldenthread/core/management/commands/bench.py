"""``goldenthread bench``: benchmark figures on SQLite and PostgreSQL (docs/performance.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.bench import backup as backup_bench
from goldenthread.bench import (
    benchmarking,
    faults,
    imports,
    improvement,
    load,
    reports,
    status_rules,
)

# The parts of a full run, in order; ``--only PART`` runs one.
PARTS = [
    "status",
    "scorecard",
    "import",
    "benchmarking",
    "reports",
    "improvement",
    "load",
    "faults",
    "backup",
]

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/goldenthread_bench"


def fresh_postgres(url: str) -> str | None:
    """Drop and create the benchmark database; None (with the reason) if PostgreSQL is not there."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return f"not reachable: {error}".splitlines()[0]
    return None


class Command(BaseCommand):
    help = (
        "Benchmarks (docs/performance.md): status rules, scorecard, values import, "
        "benchmarking, reports and action plans, on SQLite and PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("GOLDENTHREAD_BENCH_POSTGRES", DEFAULT_POSTGRES),
        )
        parser.add_argument("--skip-postgres", action="store_true")
        parser.add_argument(
            "--only",
            choices=PARTS,
            help="run one benchmark only",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = options.get("only")
        self.stdout.write(f"Golden Thread benchmarks{' (quick)' if options['quick'] else ''}")
        for part in PARTS:
            if only in (None, part):
                self.stdout.write("")
                self._run(part, options)

    def _run(self, part: str, options: dict[str, Any]) -> None:
        if part == "status":
            self._status(options)
        elif part == "scorecard":
            self._scorecards(options)
        elif part == "import":
            imports.command(self.stdout, options)
        elif part == "benchmarking":
            benchmarking.command(self.stdout, options, fresh_postgres)
        elif part == "reports":
            reports.command(self.stdout, options)
        elif part == "improvement":
            improvement.command(self.stdout, options)
        elif part == "load":
            load.command(self.stdout, options)
        elif part == "faults":
            faults.command(self.stdout, options)
        else:
            backup_bench.command(self.stdout, options)

    def _status(self, options: dict[str, Any]) -> None:
        result = status_rules.run(100_000 if options["quick"] else 1_000_000)
        self.stdout.write(
            f"Status rules: {result['pairs']:,} (indicator, period) pairs evaluated (RAG + 2 directions) "
            f"in {result['seconds']:.2f} s = {result['per_second']:,.0f} per second "
            f"({result['cpu_seconds']:.2f} s of CPU = {result['per_cpu_second']:,.0f} per CPU second)"
        )

    def _scorecards(self, options: dict[str, Any]) -> None:
        quick = options["quick"]
        indicators, years, requests = (50, 2, 5) if quick else (800, 10, 20)
        targets: list[tuple[str, str]] = []
        with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
            targets.append(("SQLite", f"sqlite:///{data_dir}/bench.sqlite3"))
            if not options["skip_postgres"]:
                problem = fresh_postgres(options["postgres_url"])
                if problem:
                    self.stdout.write(f"PostgreSQL: {problem}")
                else:
                    targets.append(("PostgreSQL", options["postgres_url"]))
            self.stdout.write(
                f"Scorecard: {indicators} key indicators × {years} years of monthly data; "
                f"server time over {requests} requests (Django test client, same process); "
                "floor: the page's own SQL through a bare cursor, every row fetched"
            )
            for label, url in targets:
                figures = self._scorecard(url, data_dir, indicators, years, requests)
                self.stdout.write(
                    f"  {label:<10} median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                    f"{figures['queries']} SQL queries, {figures['rows_shown']} rows; "
                    f"floor median {figures['floor_median_ms']} ms "
                    f"(p95 {figures['floor_p95_ms']} ms, {figures['floor_rows']:,} rows read), "
                    f"page = {figures['ratio_to_floor']}× floor "
                    f"(data built in {figures['build_seconds']} s)"
                )

    def _scorecard(
        self, url: str, data_dir: str, indicators: int, years: int, requests: int
    ) -> dict[str, Any]:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "GOLDENTHREAD_DATA_DIR": data_dir,
            "GOLDENTHREAD_HTTPS": "0",
            "GOLDENTHREAD_PLAIN_STATIC": "1",
        }
        code = (
            "import django, json, datetime;"
            "django.setup();"
            "from goldenthread.bench import scorecard;"
            f"print(json.dumps(scorecard.run(indicators={indicators}, years={years}, requests={requests}, "
            "today=datetime.date(2026, 11, 23))))"
        )
        env["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"
        done = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise CommandError(f"The scorecard benchmark failed:\n{done.stderr[-3000:]}")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
