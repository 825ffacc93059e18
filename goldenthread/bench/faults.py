"""Fault benchmarks: an import killed part way, a server restarted under writes, a soak.

``goldenthread bench --only faults`` (also part of a full run). Each part runs in a child
process on a fresh database (a file in a temporary data directory, then PostgreSQL):

- **Import killed with SIGKILL**: ``goldenthread import values FILE`` in a subprocess, killed
  once its one writing transaction is open (seen from outside: SQLite's write lock is held,
  or PostgreSQL shows the import's backend with a transaction id). Then no value from the
  file may be in the database, and running the import again must write each row exactly once.
- **Server restarted under load**: owners' clients save drafts through the real return form
  while the server is stopped with SIGTERM and started again, then killed with SIGKILL
  (master and workers, as a supervisor's cgroup kill does) and started again. Clients retry
  when the connection fails (not acknowledged). Every acknowledged save — a 302 — must then
  be in the audit trail, and each return must hold its last acknowledged commentary or that
  of a later save whose answer never came.
- **Soak**: the load mix for minutes, sampling each worker's resident memory.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenthread.bench.load import (
    CONNECTION_ERRORS,
    Target,
    child_json,
    databases,
    drive,
    request,
    save_return,
    server_env,
    serving,
)

# --- an import killed part way ------------------------------------------------------------


def _in_write(database: dict[str, Any]) -> bool:
    """Whether another process holds an open writing transaction on the database."""
    from django.db import connection

    if connection.vendor == "sqlite":
        probe = sqlite3.connect(str(database["NAME"]), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True  # locked: the import's transaction is open
        else:
            probe.execute("ROLLBACK")
            return False
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return bool(cursor.fetchone()[0])


def _wait(condition: Any, timeout: float, every: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def import_killed(*, rows: int, indicators: int, delay: float) -> dict[str, Any]:
    """In a child process on an empty database: kill an import mid-write, check, re-run it."""
    from django.core.management import call_command
    from django.db import connection

    from goldenthread.bench import imports
    from goldenthread.core.models import AuditEntry
    from goldenthread.indicators.models import Actual

    call_command("migrate", verbosity=0)
    codes, months = imports.build(indicators, -(-rows // indicators))
    database = dict(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="gt-faults-") as folder:
        path = Path(folder) / "values.csv"
        imports.write_csv(path, codes, months, rows)
        argv = [sys.executable, "-m", "goldenthread.cli", "import", "values", str(path)]
        started = time.perf_counter()
        child = subprocess.Popen(  # nosec B603  # our own command, fixed arguments
            argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        assert child.stderr is not None
        _Reader(child.stderr)  # drains the progress bar so the pipe never fills
        # The import checks and writes the file a chunk at a time inside one transaction, so
        # the kill comes once that transaction is seen open (and, on PostgreSQL, writing).
        in_write = _wait(lambda: child.poll() is not None or _in_write(database), 300, 0.002)
        write_began = time.perf_counter()
        time.sleep(delay)
        killed_in_write = child.poll() is None and _in_write(database)
        kill_at = time.perf_counter()
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed_after = time.perf_counter() - started
        _wait(lambda: not _in_write(database), 30, 0.05)  # PostgreSQL: the backend rolls back
        partial_values = Actual.objects.count()
        partial_audit = AuditEntry.objects.filter(model="indicators.actual").count()

        started = time.perf_counter()
        again = subprocess.run(  # nosec B603  # our own command, fixed arguments
            [*argv, "--no-progress"], capture_output=True, text=True
        )
        rerun_seconds = time.perf_counter() - started
        assert again.returncode == 0, again.stderr[-2000:]
        in_file = _file_rows(path)
        stored = {
            (code, period, f"{value.normalize():f}")
            for code, period, value in Actual.objects.values_list(
                "indicator__code", "period__code", "value"
            )
        }
    connection.close()
    return {
        "database": connection.vendor,
        "rows": rows,
        "in_write": in_write,
        "killed_in_write": killed_in_write,
        "killed_after_s": round(killed_after, 2),
        "killed_into_write_ms": round((kill_at - write_began) * 1000),
        "exit_status": child.returncode,
        "partial_values": partial_values,
        "partial_audit": partial_audit,
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_values": Actual.objects.count(),
        "rerun_audit": AuditEntry.objects.filter(model="indicators.actual").count(),
        "rerun_matches_file": stored == in_file,
    }


def _file_rows(path: Path) -> set[tuple[str, str, str]]:
    import csv
    from decimal import Decimal

    with path.open(newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        return {
            (row["indicator"], row["period"], f"{Decimal(row['value']).normalize():f}")
            for row in reader
        }


class _Reader:
    """Collects a pipe's output on a thread, so the import never blocks writing its bar."""

    def __init__(self, pipe: Any) -> None:
        self.text = ""
        self.thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self.thread.start()

    def _read(self, pipe: Any) -> None:
        while chunk := os.read(pipe.fileno(), 4096):
            self.text = (self.text + chunk.decode("utf-8", "replace"))[-4000:]


# --- a server restarted under writes ------------------------------------------------------


@dataclass
class Writes:
    """Each client's saves: acknowledged (302), and sent without an answer."""

    acknowledged: list[tuple[Target, str, int]]  # target, commentary, attempt number
    unanswered: list[tuple[Target, str, int]]
    stale: int = 0
    errors: int = 0
    refused: int = 0  # connections refused or dropped before the save was sent


def _writer(
    port: int,
    logins: dict[str, dict[str, str]],
    targets: list[Target],
    name: str,
    stop: threading.Event,
    writes: Writes,
    lock: threading.Lock,
) -> None:
    cookies = {username: dict(login) for username, login in logins.items()}
    attempt = 0
    sending: list[str] = [""]

    def send(kind: str, call: Any) -> tuple[int, str, str]:
        sending[0] = kind
        return call()  # connection errors propagate: the save was not acknowledged

    while not stop.is_set():
        target = targets[attempt % len(targets)]
        attempt += 1
        commentary = f"Restart test {name}-{attempt}"
        try:
            outcome = save_return(port, cookies[target.username], target, commentary, send)
        except CONNECTION_ERRORS:
            with lock:
                if sending[0] == "return save":  # sent: it may or may not have been saved
                    writes.unanswered.append((target, commentary, attempt))
                else:
                    writes.refused += 1
            time.sleep(0.05)  # the server is restarting: try again shortly
            continue
        with lock:
            if outcome.kind == "saved":
                writes.acknowledged.append((target, commentary, attempt))
            elif outcome.kind == "stale":
                writes.stale += 1
            else:
                writes.errors += 1
                writes.unanswered.append((target, commentary, attempt))


def restarted_under_load(
    *, clients: int, phase: float, data_dir: str, indicators: int = 84
) -> dict[str, Any]:
    """In a child process: saves through the return form across a SIGTERM and a SIGKILL."""
    writes = Writes([], [])
    lock = threading.Lock()
    stop = threading.Event()
    downtime: list[float] = []
    with serving(data_dir, indicators) as running:
        everything = [t for targets in running.council.targets.values() for t in targets]
        for target in everything:
            running.logins[target.username]  # signed in before the writes start
        shares = [everything[n::clients] for n in range(clients)]
        threads = [
            threading.Thread(
                target=_writer,
                args=(running.server.port, running.logins, share, f"c{n}", stop, writes, lock),
                daemon=True,
            )
            for n, share in enumerate(shares)
            if share
        ]
        for thread in threads:
            thread.start()
        for restart in (running.server.stop, running.server.kill):
            time.sleep(phase)
            started = time.perf_counter()
            restart()
            running.server.start()
            downtime.append(round(time.perf_counter() - started, 1))
        time.sleep(phase)
        stop.set()
        for thread in threads:
            thread.join(120)
    lost = lost_writes(writes)
    return {
        "clients": len(threads),
        "acknowledged": len(writes.acknowledged),
        "unanswered": len(writes.unanswered),
        "retries": writes.refused,
        "stale": writes.stale,
        "errors": writes.errors,
        "lost": len(lost),
        "first_lost": [f"{t.path} {c}" for t, c, _ in lost[:5]],
        "downtime_s": downtime,
    }


def lost_writes(writes: Writes) -> list[tuple[Target, str, int]]:
    """Acknowledged saves missing from the audit trail or overwritten by nothing newer."""
    from goldenthread.core.models import AuditEntry
    from goldenthread.indicators.models import Actual

    actuals = {
        (indicator, period): (pk, commentary)
        for pk, indicator, period, commentary in Actual.objects.values_list(
            "pk", "indicator_id", "period__code", "commentary"
        )
    }
    audited: dict[str, set[str]] = defaultdict(set)
    for object_id, changes in (
        AuditEntry.objects.filter(model="indicators.actual")
        .exclude(action=AuditEntry.Action.REFUSED)
        .values_list("object_id", "changes")
    ):
        if "commentary" in changes:
            audited[object_id].add(changes["commentary"][1])
    last: dict[Target, int] = {}
    for target, _, attempt in writes.acknowledged:
        last[target] = max(last.get(target, 0), attempt)
    lost = []
    for target, commentary, attempt in writes.acknowledged:
        pk, stored = actuals.get((target.indicator, target.period), (None, ""))
        if commentary not in audited.get(str(pk), set()):
            lost.append((target, commentary, attempt))
        elif attempt == last[target] and stored != commentary:
            later = {c for t, c, a in writes.unanswered if t == target and a > attempt}
            if stored not in later:
                lost.append((target, commentary, attempt))
    return lost


# --- the soak -----------------------------------------------------------------------------


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(
    *,
    clients: int,
    seconds: float,
    warmup: float,
    every: float,
    data_dir: str,
    indicators: int = 84,
) -> dict[str, Any]:
    """In a child process: the load mix for ``seconds``, each worker's RSS every ``every`` s."""
    samples: dict[int, list[tuple[float, float]]] = defaultdict(list)
    figures: dict[str, Any] = {}
    with serving(data_dir, indicators) as running:
        port = running.server.port
        load = threading.Thread(
            target=lambda: figures.update(
                drive(port, running.council, running.logins, clients=clients, seconds=seconds)
            ),
            daemon=True,
        )
        started = time.perf_counter()
        load.start()
        while load.is_alive():
            at = time.perf_counter() - started
            for pid in running.server.worker_pids():
                with suppress(OSError):
                    samples[pid].append((at, rss_mib(pid)))
            load.join(every)
        # Still answering after the soak.
        status, _, _ = request(port, "GET", "/healthz", {})
    workers = []
    for pid, series in sorted(samples.items()):
        after = [mib for at, mib in series if at >= warmup] or [series[-1][1]]
        workers.append(
            {
                "pid": pid,
                "start_mib": round(series[0][1], 1),
                "after_warmup_mib": round(after[0], 1),
                "end_mib": round(series[-1][1], 1),
                "max_mib": round(max(mib for _, mib in series), 1),
                "growth_mib": round(series[-1][1] - after[0], 1),
            }
        )
    return {
        "seconds": seconds,
        "warmup": warmup,
        "workers": workers,
        "requests": figures.get("requests"),
        "errors": figures.get("errors"),
        "healthz_after": status,
    }


# --- the command's section ----------------------------------------------------------------

SOAK_BOUND_MIB = 20


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints."""
    quick = bool(options.get("quick"))
    rows, indicators, delay = (12_000, 30, 0.3) if quick else (50_000, 250, 0.3)
    clients, phase = (3, 1.0) if quick else (10, 10.0)
    soak_clients, soak_seconds, warmup, every = (6, 20, 5, 1) if quick else (50, 600, 60, 5)
    indicators_served = 16 if quick else 84

    stdout.write(
        f"\nFaults: import of {rows:,} values killed with SIGKILL mid-write, then re-run; "
        f"{clients} owners saving through the return form while the server is stopped "
        f"(SIGTERM) and killed (SIGKILL), {phase:.0f} s either side"
    )
    for label, url in databases(stdout, options):
        with tempfile.TemporaryDirectory(prefix="gt-bench-faults-") as data_dir:
            env = server_env(data_dir, url.replace("{data_dir}", data_dir))
            killed = child_json(
                "from goldenthread.bench import faults; print(json.dumps(faults.import_killed("
                f"rows={rows}, indicators={indicators}, delay={delay})))",
                env,
                "import-kill",
            )
        stdout.write(
            f"  {label:<10} import killed {killed['killed_into_write_ms']} ms into its write "
            f"(in the transaction: {killed['killed_in_write']}): {killed['partial_values']} "
            f"values and {killed['partial_audit']} audit entries left (partial imports: "
            f"{int(bool(killed['partial_values'] or killed['partial_audit']))}); re-run wrote "
            f"{killed['rerun_values']:,} values once each in {killed['rerun_seconds']} s "
            f"(matches the file: {killed['rerun_matches_file']})"
        )
        with tempfile.TemporaryDirectory(prefix="gt-bench-faults-") as data_dir:
            env = server_env(data_dir, url.replace("{data_dir}", data_dir))
            restarted = child_json(
                "from goldenthread.bench import faults; print(json.dumps("
                f"faults.restarted_under_load(clients={clients}, phase={phase}, "
                f"data_dir={data_dir!r}, indicators={indicators_served})))",
                env,
                "restart",
            )
        stdout.write(
            f"  {label:<10} restarts under load: {restarted['acknowledged']} saves acknowledged, "
            f"lost {restarted['lost']}; {restarted['unanswered']} sent without an answer, "
            f"{restarted['retries']} retried before sending; "
            f"stale {restarted['stale']}, errors {restarted['errors']}; back up after "
            f"{' s and '.join(str(s) for s in restarted['downtime_s'])} s"
        )
    stdout.write(
        f"\nSoak: the load mix with {soak_clients} clients for {soak_seconds} s on SQLite; "
        f"each worker's RSS every {every} s; bound: growth after {warmup} s < {SOAK_BOUND_MIB} MiB"
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-soak-") as data_dir:
        env = server_env(data_dir, f"sqlite:///{data_dir}/soak.sqlite3")
        soaked = child_json(
            "from goldenthread.bench import faults; print(json.dumps(faults.soak("
            f"clients={soak_clients}, seconds={soak_seconds}, warmup={warmup}, every={every}, "
            f"data_dir={data_dir!r}, indicators={indicators_served})))",
            env,
            "soak",
        )
    for worker in soaked["workers"]:
        verdict = "within" if worker["growth_mib"] < SOAK_BOUND_MIB else "BEYOND"
        stdout.write(
            f"  worker {worker['pid']}: start {worker['start_mib']} MiB, after warm-up "
            f"{worker['after_warmup_mib']}, end {worker['end_mib']}, max {worker['max_mib']}; "
            f"growth {worker['growth_mib']} MiB ({verdict} the bound)"
        )
    stdout.write(
        f"  {soaked['requests']:,} requests, errors {soaked['errors']}; "
        f"/healthz afterwards: {soaked['healthz_after']}"
    )


__all__ = ["command", "import_killed", "lost_writes", "restarted_under_load", "soak"]
