"""An import while people work: ``goldenthread import values`` beside the load mix.

Issue row 5: during a long import on SQLite a sign-in and a draft save each waited 20 s for
the write lock and got 500. Here the server serves the demo council while imports run in a
subprocess (on SQLite one after another, each at most ``IMPORT_SQLITE_MAX_ROWS`` rows, for
as long as the load runs; on PostgreSQL one file of any size), and clients sign in, open the
scorecard and indicator pages and save drafts. Every answer's time is kept: none may be a
500, and none may wait longer than the lock timeout (docs/adr/0020).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from goldenthread.bench.imports import monthly_indicators
from goldenthread.bench.load import PASSWORD, Tally, drive, hidden_field, request, serving


def _import_indicators(count: int) -> list[str]:
    """``count`` monthly indicators of the demo council for the import, apart from the ones
    clients save drafts on, so that on PostgreSQL no save waits for the import's row locks."""
    from goldenthread.organisation.models import Council, OrgUnit

    council = Council.objects.current()
    service = OrgUnit.objects.filter(council=council, kind="service").order_by("pk").first()
    return monthly_indicators(
        council, service, count, code="IMP", title="Imported indicator", first_year=2000
    )


def _months() -> list[str]:
    from goldenthread.indicators.models import Period
    from goldenthread.indicators.services import periods_ensure
    from goldenthread.periods import PeriodKind

    periods_ensure(kinds=[PeriodKind.MONTH], first_year=2000, last_year=2026)
    return list(
        Period.objects.filter(kind="month", locked_at__isnull=True)
        .order_by("start")
        .values_list("code", flat=True)
    )


def run(
    *, rows: int, clients: int, data_dir: str, indicators: int = 12, files: int = 1
) -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the database: ``files`` imports of ``rows``
    values each, one after another, while ``clients`` clients (and one more signing in
    again and again) use the server; the load runs until the last import ends."""
    from django.db import connection

    from goldenthread.bench import imports
    from goldenthread.indicators.models import Actual

    vendor = connection.vendor
    with serving(data_dir, indicators) as running, tempfile.TemporaryDirectory() as folder:
        months = _months()
        per_file = -(-rows // len(months))
        codes = _import_indicators(per_file * files)
        paths = []
        for n in range(files):
            path = Path(folder) / f"values-{n}.csv"
            imports.write_csv(path, codes[n * per_file : (n + 1) * per_file], months, rows)
            paths.append(path)
        connection.close()
        port = running.server.port
        drive(port, running.council, running.logins, clients=4, seconds=2)  # warm-up
        signins = Tally()
        imported: list[dict[str, Any]] = []
        done = threading.Event()

        def importing() -> None:
            env = dict(os.environ)
            command = [sys.executable, "-m", "goldenthread.cli", "import", "values"]
            for path in paths:
                started = time.perf_counter()
                result = subprocess.run(  # nosec B603  # our own command, fixed arguments
                    [*command, str(path), "--no-progress"],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                imported.append(
                    {
                        "seconds": round(time.perf_counter() - started, 2),
                        "status": result.returncode,
                        "said": (result.stdout + result.stderr).strip()[-300:],
                    }
                )
            done.set()

        def signing_in() -> None:
            while not done.is_set():
                signins.timed("sign-in", lambda: _sign_in(port, running.council.councillor))

        started = time.perf_counter()
        threads = [threading.Thread(target=f, daemon=True) for f in (importing, signing_in)]
        for thread in threads:
            thread.start()
        mixes = []
        while not done.is_set():
            mixes.append(drive(port, running.council, running.logins, clients=clients, seconds=2))
        for thread in threads:
            thread.join(600)
        seconds = time.perf_counter() - started
        written = Actual.objects.filter(indicator__code__in=codes).count()
    answers = [*mixes, signins.figures(seconds)]
    return {
        "database": vendor,
        "rows": rows,
        "files": files,
        "clients": clients + 1,
        "seconds": round(seconds, 1),
        "imports": imported,
        "values_written": written,
        "requests": sum(a["requests"] for a in answers),
        "errors": sum(a["errors"] for a in answers),
        "first_errors": [e for a in answers for e in a["first_errors"]][:5],
        "server_errors": sum(1 for a in answers for e in a["all_errors"] if "HTTP 500" in e),
        "busy": sum(1 for a in answers for e in a["all_errors"] if "HTTP 503" in e),
        "max_ms": max(a["max_ms"] or 0 for a in answers),
        "p95_ms": max(a["p95_ms"] or 0 for a in answers),
        "saved": sum(a["outcomes"].get("saved", 0) for a in answers),
        "signins": signins.figures(seconds)["requests"],
    }


def _sign_in(port: int, username: str) -> tuple[int, str, str]:
    """Sign in through the form, as ``load.sign_in`` does, giving the answer (a 302 when it
    worked) rather than raising, so a busy answer is counted like any other."""
    cookies: dict[str, str] = {}
    status, location, page = request(port, "GET", "/login/", cookies)
    if status != 200:
        return status, location, page
    form = {
        "csrfmiddlewaretoken": hidden_field(page, "csrfmiddlewaretoken"),
        "username": username,
        "password": PASSWORD,
    }
    return request(port, "POST", "/login/", cookies, form)
