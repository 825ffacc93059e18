"""The scorecard page's server time and query count on a large council, in this process's DB.

The floor is the same SQL the page runs (captured from its first request, with its
parameters) executed with a bare cursor and every row fetched: what reading the rows the
page shows costs with no ORM, rules or template. It is timed the same way as the page.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.bench.databases import postgres_target
from goldenthread.bench.load import child_json
from goldenthread.demo.builder import build_council
from goldenthread.indicators.models import Indicator


def run(*, indicators: int, years: int, requests: int, today: date) -> dict[str, Any]:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_council(
        today=today,
        password="bench-password-1",  # nosec B106  # a throwaway login in the benchmark's own database
        indicators=indicators,
        years=years,
        all_key=True,
        frequency="month",
    )
    build_seconds = time.perf_counter() - started
    return {"build_seconds": round(build_seconds, 2), **measure(requests=requests)}


def measure(*, requests: int) -> dict[str, Any]:
    """Time the scorecard page and its floor on the council already in this database."""
    client = Client(HTTP_HOST="127.0.0.1")  # a host ALLOWED_HOSTS accepts outside tests
    client.force_login(User.objects.get(username="performance"))
    # Past the second factor, as the performance team are (docs/adr/0013-security.md).
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(
        user__username="performance"
    ).persistent_id
    session.save()
    queries: list[tuple[str, Any]] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append((sql, params))
        return execute(sql, params, many, context)

    # An execute wrapper sees every query, even across the test client's connection closes.
    cache.clear()
    with connection.execute_wrapper(count):
        first = client.get("/scorecard/")
    assert first.status_code == 200, first.status_code
    rows = first.content.count(b'<tr class="govuk-table__row">') - 1
    timings, floor = [], []
    for _ in range(requests):  # page and floor in turn, so both see the same machine
        cache.clear()  # the page as made, not its cached content (core.datacache)
        started = time.perf_counter()
        response = client.get("/scorecard/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
        floor.append(_floor(queries))
    timings.sort()
    floor.sort()
    median = statistics.median(timings)
    return {
        "database": connection.vendor,
        "rows_shown": rows,
        "indicators": Indicator.objects.filter(is_key=True).count(),
        "queries": len(queries),
        "median_ms": round(median * 1000, 1),
        "p95_ms": round(_p95(timings) * 1000, 1),
        "floor_median_ms": round(statistics.median(floor) * 1000, 1),
        "floor_p95_ms": round(_p95(floor) * 1000, 1),
        "floor_rows": _floor_rows(queries),
        "ratio_to_floor": round(median / statistics.median(floor), 1),
        "requests": requests,
    }


def _p95(timings: list[float]) -> float:
    return timings[min(len(timings) - 1, int(len(timings) * 0.95))]


def _floor(queries: list[tuple[str, Any]]) -> float:
    """Seconds to run the page's own queries with a bare cursor, fetching every row."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - started


def _floor_rows(queries: list[tuple[str, Any]]) -> int:
    with connection.cursor() as cursor:
        total = 0
        for sql, params in queries:
            cursor.execute(sql, params)
            total += len(cursor.fetchall())
    return total


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints: the run above on SQLite, then on a fresh
    PostgreSQL database, each in its own process so each has its own settings."""
    quick = options["quick"]
    indicators, years, requests = (50, 2, 5) if quick else (800, 10, 20)
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
        targets.append(("SQLite", f"sqlite:///{data_dir}/bench.sqlite3"))
        targets += postgres_target(stdout, options)
        stdout.write(
            f"Scorecard: {indicators} key indicators × {years} years of monthly data; "
            f"server time over {requests} requests (Django test client, same process); "
            "floor: the page's own SQL through a bare cursor, every row fetched"
        )
        for label, url in targets:
            figures = _child(url, data_dir, indicators, years, requests)
            stdout.write(
                f"  {label:<10} median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                f"{figures['queries']} SQL queries, {figures['rows_shown']} rows; "
                f"floor median {figures['floor_median_ms']} ms "
                f"(p95 {figures['floor_p95_ms']} ms, {figures['floor_rows']:,} rows read), "
                f"page = {figures['ratio_to_floor']}× floor "
                f"(data built in {figures['build_seconds']} s)"
            )


def _child(url: str, data_dir: str, indicators: int, years: int, requests: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GOLDENTHREAD_DATA_DIR": data_dir,
        "GOLDENTHREAD_HTTPS": "0",
        "GOLDENTHREAD_PLAIN_STATIC": "1",
    }
    code = (
        "import datetime;"
        "from goldenthread.bench import scorecard;"
        f"print(json.dumps(scorecard.run(indicators={indicators}, years={years}, requests={requests}, "
        "today=datetime.date(2026, 11, 23))))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"
    return child_json(code, env, "scorecard")
