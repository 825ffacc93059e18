"""Backup benchmark: ``goldenthread backup`` and ``restore`` round-trip the demo council.

``goldenthread bench --only backup`` (also part of a full run). In a child process on a fresh
database: build the demo council, digest every table (``core.backup.table_digests``), back
up with the command, empty the values and the audit trail, restore with the command, and
digest again: the two digests must be equal.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path
from typing import Any

from goldenthread.bench.load import child_json, databases, server_env


def run(*, data_dir: str, indicators: int = 84) -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the benchmark database."""
    from django.core.management import call_command
    from django.db import connection

    from goldenthread.bench.load import build_council
    from goldenthread.core.backup import table_digests
    from goldenthread.core.models import AuditEntry
    from goldenthread.indicators.models import Actual

    build_council(indicators)
    before = table_digests()
    path = Path(data_dir) / "castlebridge.backup"
    started = time.perf_counter()
    call_command("backup", str(path), stdout=io.StringIO())
    backup_seconds = time.perf_counter() - started
    Actual.objects.all().delete()
    AuditEntry.objects.all().delete()
    emptied = table_digests() != before
    started = time.perf_counter()
    call_command("restore", str(path), force=True, stdout=io.StringIO())
    restore_seconds = time.perf_counter() - started
    after = table_digests()
    return {
        "database": connection.vendor,
        "tables": len(before),
        "rows": sum(count for count, _ in before.values()),
        "size_mib": round(path.stat().st_size / 2**20, 2),
        "backup_seconds": round(backup_seconds, 2),
        "restore_seconds": round(restore_seconds, 2),
        "changed_before_restore": emptied,
        "identical": after == before,
        "differing_tables": sorted(t for t in before if after.get(t) != before[t]),
    }


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints."""
    stdout.write(
        "\nBackup and restore: the demo council backed up, its values and audit trail deleted, "
        "restored; every table compared row for row"
    )
    for label, url in databases(stdout, options):
        with tempfile.TemporaryDirectory(prefix="gt-bench-backup-") as data_dir:
            figures = child_json(
                "from goldenthread.bench import backup; "
                f"print(json.dumps(backup.run(data_dir={data_dir!r}, "
                f"indicators={16 if options.get('quick') else 84})))",
                server_env(data_dir, url.replace("{data_dir}", data_dir)),
                "backup",
            )
        stdout.write(
            f"  {label:<10} {figures['tables']} tables, {figures['rows']:,} rows; backup "
            f"{figures['backup_seconds']} s ({figures['size_mib']} MiB), restore "
            f"{figures['restore_seconds']} s; identical after the round trip: "
            f"{figures['identical']}"
            + (
                f" (differ: {', '.join(figures['differing_tables'])})"
                if not figures["identical"]
                else ""
            )
        )
