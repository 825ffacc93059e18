"""``goldenthread bench``: benchmark figures on SQLite and PostgreSQL (docs/performance.md)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from goldenthread.bench import backup as backup_bench
from goldenthread.bench import (
    benchmarking,
    dashboards,
    faults,
    forecasts,
    imports,
    improvement,
    load,
    reports,
    scorecard,
    stats_refresh,
    status_rules,
)
from goldenthread.bench import setup as setup_bench
from goldenthread.bench.databases import DEFAULT_POSTGRES

# The parts of a full run, in order, each printing its section; ``--only PART`` runs one.
PARTS: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "status": status_rules.command,
    "scorecard": scorecard.command,
    "import": imports.command,
    "benchmarking": benchmarking.command,
    "stats": stats_refresh.command,
    "reports": reports.command,
    "improvement": improvement.command,
    "dashboards": dashboards.command,
    "load": load.command,
    "faults": faults.command,
    "backup": backup_bench.command,
    "setup": setup_bench.command,
    "forecast": forecasts.command,
}


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
            choices=list(PARTS),
            help="run one benchmark only",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = options.get("only")
        self.stdout.write(f"Golden Thread benchmarks{' (quick)' if options['quick'] else ''}")
        for part, command in PARTS.items():
            if only in (None, part):
                self.stdout.write("")
                command(self.stdout, options)
