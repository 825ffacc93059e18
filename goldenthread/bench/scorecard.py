"""The scorecard page's server time and query count on a large council, in this process's DB."""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.demo.builder import build_council


def run(*, indicators: int, years: int, requests: int, today: date) -> dict[str, object]:
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
    client = Client(HTTP_HOST="127.0.0.1")  # a host ALLOWED_HOSTS accepts outside tests
    client.force_login(User.objects.get(username="performance"))
    # Past the second factor, as the performance team are (docs/adr/0013-security.md).
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(
        user__username="performance"
    ).persistent_id
    session.save()
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper sees every query, even across the test client's connection closes.
    with connection.execute_wrapper(count):
        first = client.get("/scorecard/")
    assert first.status_code == 200, first.status_code
    rows = first.content.count(b'<tr class="govuk-table__row">') - 1
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/scorecard/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    return {
        "database": connection.vendor,
        "indicators": indicators,
        "rows_shown": rows,
        "build_seconds": round(build_seconds, 2),
        "queries": len(queries),
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))] * 1000, 1),
        "requests": requests,
    }
