"""Stored benchmarking statistics at national size: 160 authorities × 320 measures × 10 years
(LAIT's size), 20 groups. Times ``statistics_refresh`` over everything and the measure page's
read (``selectors.measure_view``) of a 160-member group. Figures, not a test.

Run by ``goldenthread bench --only stats`` in a fresh SQLite database; prints one JSON line.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection

from goldenthread.benchmarking import selectors
from goldenthread.benchmarking.models import (
    Authority,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupStatistic,
    Measure,
)
from goldenthread.benchmarking.statistics import statistics_refresh


def run(*, authorities: int, measures: int, years: int) -> dict[str, object]:
    call_command("migrate", verbosity=0)
    rng = random.Random(7)  # nosec B311  # seeded figures for a benchmark, not a secret
    Authority.objects.bulk_create(
        Authority(gss_code=f"E06{i:06d}", name=f"A{i}", short_name=f"A{i}", kind="UA")
        for i in range(authorities)
    )
    Measure.objects.bulk_create(
        Measure(source="Bench", code=f"M{m}", title=f"M{m}", polarity=("higher", "lower")[m % 2])
        for m in range(measures)
    )
    everyone = list(Authority.objects.values_list("pk", flat=True))
    names = (
        [("All", everyone)]
        + [(f"Region {r}", everyone[r::9]) for r in range(9)]
        + [(f"Neighbours {n}", rng.sample(everyone, 16)) for n in range(10)]
    )
    for name, pks in names:
        group = ComparatorGroup.objects.create(name=name, kind="other")
        GroupMember.objects.bulk_create(GroupMember(group=group, authority_id=pk) for pk in pks)
    batch: list[ComparatorValue] = []
    for m in Measure.objects.values_list("pk", flat=True):
        for y in range(2014, 2014 + years):
            for pk in everyone:
                if rng.random() < 0.02:
                    continue
                batch.append(
                    ComparatorValue(
                        measure_id=m, authority_id=pk, year=y, value=Decimal(rng.randint(0, 40))
                    )
                )
        if len(batch) > 50_000:
            ComparatorValue.objects.bulk_create(batch)
            batch = []
    ComparatorValue.objects.bulk_create(batch)
    started = time.perf_counter()
    written = statistics_refresh()
    refresh_seconds = time.perf_counter() - started
    measure = Measure.objects.first()
    group = ComparatorGroup.objects.get(name="All")
    assert measure is not None
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        view = selectors.measure_view(
            measure=measure, group_id=group.pk, year=2014 + years - 1, viewpoint_gss="E06000001"
        )
        timings.append(time.perf_counter() - started)
    assert view.stored is not None
    return {
        "database": connection.vendor,
        "values": ComparatorValue.objects.count(),
        "group_years_stored": written,
        "rows": GroupStatistic.objects.count(),
        "refresh_seconds": round(refresh_seconds, 1),
        "measure_view_ms_median": round(sorted(timings)[len(timings) // 2] * 1000, 1),
    }


def command(out: Any, options: dict[str, Any]) -> None:
    """``goldenthread bench --only stats`` (``--quick``: 40 authorities × 50 measures × 5)."""
    sizes = (40, 50, 5) if options["quick"] else (160, 320, 10)
    out.write(f"Stored statistics: {sizes[0]} authorities × {sizes[1]} measures × {sizes[2]} years")
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
            "GOLDENTHREAD_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
        }
        code = (
            "import django, json; django.setup();"
            "from goldenthread.bench import stats_refresh;"
            f"print(json.dumps(stats_refresh.run(authorities={sizes[0]}, measures={sizes[1]}, "
            f"years={sizes[2]})))"
        )
        done = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"The stats benchmark failed:\n{done.stderr[-3000:]}")
        out.write(f"  SQLite: {done.stdout.strip().splitlines()[-1]}")
