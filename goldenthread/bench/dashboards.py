"""Dashboards by role (issue 18 item 1): how long a director's and the performance team's
dashboard take to render on the demo council. Figures, not a test (goal: under 300 ms).

``goldenthread bench --only dashboards``. The demo council (``demo.builder.build_council``,
its default size) is built in a fresh SQLite database in a child process; each dashboard is
then requested through Django's test client, signed in past the second factor, once to warm
up and then ``REQUESTS`` times; the median and the slowest are printed, with the queries.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from typing import Any

from django.core.management import call_command

from goldenthread.bench.load import child_json

TODAY = date(2025, 11, 20)
REQUESTS = 15
WHO = (("director", "/dashboard/"), ("performance", "/dashboard/"))


def run(*, requests: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from goldenthread.demo.builder import build_council

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' static manifest
    build_council(today=TODAY, password="bench-password-1")  # nosec B106  # a throwaway login
    figures: dict[str, Any] = {}
    captured: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        captured.append(sql)
        return execute(sql, *args)

    for username, url in WHO:
        client = Client(HTTP_HOST="127.0.0.1")
        user = User.objects.get(username=username)
        client.force_login(user)
        # Past the second factor, as everyone with a dashboard must be (ADR 0013).
        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        first = client.get(url, secure=True)
        assert first.status_code == 200, (username, url, first.status_code, first.get("Location"))
        captured.clear()
        with connection.execute_wrapper(count):
            client.get(url, secure=True)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        figures[username] = {
            "median_ms": round(statistics.median(times)),
            "max_ms": round(max(times)),
            "queries": len(captured),
        }
    return figures


def command(stdout: Any, options: dict[str, Any]) -> None:
    requests = 3 if options.get("quick") else REQUESTS
    stdout.write(
        f"Dashboards on the demo council ({TODAY}): {requests} requests each after one to warm "
        "up (SQLite; goal under 300 ms)"
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-dashboards-") as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
            "GOLDENTHREAD_DATA_DIR": data_dir,
            "GOLDENTHREAD_TODAY": TODAY.isoformat(),
            "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
        }
        code = (
            "from goldenthread.bench import dashboards;"
            f"print(json.dumps(dashboards.run(requests={requests})))"
        )
        figures = child_json(code, env, "dashboards")
    for who, result in figures.items():
        stdout.write(
            f"  {who}: median {result['median_ms']} ms, slowest {result['max_ms']} ms, "
            f"{result['queries']} queries"
        )
