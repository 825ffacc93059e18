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
    help = "Benchmarks: scorecard server time and queries on SQLite and PostgreSQL; status rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("GOLDENTHREAD_BENCH_POSTGRES", DEFAULT_POSTGRES),
        )
        parser.add_argument("--skip-postgres", action="store_true")
        parser.add_argument(
            "--only",
            choices=[
                "benchmarking",
                "import",
                "improvement",
                "reports",
                "load",
                "faults",
                "backup",
            ],
            help="run one benchmark only",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("only") == "benchmarking":
            return benchmarking.command(self.stdout, options, fresh_postgres)
        if options.get("only") == "import":
            return imports.command(self.stdout, options)
        if options.get("only") == "improvement":
            return improvement.command(self.stdout, options)
        if options.get("only") == "reports":
            return reports.command(self.stdout, options)
        if options.get("only") == "load":
            return load.command(self.stdout, options)
        if options.get("only") == "faults":
            return faults.command(self.stdout, options)
        if options.get("only") == "backup":
            return backup_bench.command(self.stdout, options)
        quick = options["quick"]
        indicators, requests, pairs = (50, 5, 100_000) if quick else (500, 20, 1_000_000)
        self.stdout.write(f"Golden Thread benchmarks{' (quick)' if quick else ''}\n")

        result = status_rules.run(pairs)
        self.stdout.write(
            f"Status rules: {result['pairs']:,} (indicator, period) pairs evaluated (RAG + 2 directions) "
            f"in {result['seconds']:.2f} s = {result['per_second']:,.0f} per second"
        )

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
                f"\nScorecard: {indicators} key indicators × 5 years of monthly data; "
                f"server time over {requests} requests (Django test client, same process)"
            )
            for label, url in targets:
                figures = self._scorecard(url, data_dir, indicators, requests)
                self.stdout.write(
                    f"  {label:<10} median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                    f"{figures['queries']} SQL queries, {figures['rows_shown']} rows "
                    f"(data built in {figures['build_seconds']} s)"
                )
        imports.command(self.stdout, options)
        load.command(self.stdout, options)
        faults.command(self.stdout, options)
        backup_bench.command(self.stdout, options)

    def _scorecard(self, url: str, data_dir: str, indicators: int, requests: int) -> dict[str, Any]:
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
            f"print(json.dumps(scorecard.run(indicators={indicators}, years=5, requests={requests}, "
            "today=datetime.date(2026, 11, 23))))"
        )
        env["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"
        done = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise CommandError(f"The scorecard benchmark failed:\n{done.stderr[-3000:]}")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
