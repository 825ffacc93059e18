"""Benchmarking at national size: import 160 authorities × 320 measures × 10 years of
comparator values (512,000 rows) through ``goldenthread import comparators``' service, measure
its time and peak memory growth, import the same file again (it must change nothing), then
compute the statistics for every measure, year and group. Figures, not a test
(docs/performance.md).

Run in a fresh database by ``goldenthread bench --only benchmarking``; prints one JSON line.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection

from goldenthread.bench.databases import postgres_target
from goldenthread.benchmarking import stats
from goldenthread.benchmarking.models import Authority, ComparatorGroup, ComparatorValue, Measure
from goldenthread.benchmarking.services import comparators_import, group_save

REGIONS = 9
NEIGHBOUR_GROUPS = 10
NEIGHBOURS = 16


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(*, authorities: int, measures: int, years: int) -> dict[str, object]:
    call_command("migrate", verbosity=0)
    rng = random.Random(7)  # nosec B311  # seeded figures for a benchmark, not a secret
    Authority.objects.bulk_create(
        Authority(
            gss_code=f"E07{i:06d}",
            name=f"Authority {i}",
            short_name=f"Authority {i}",
            kind="NMD",
            region=f"Region {i % REGIONS}",
        )
        for i in range(authorities)
    )
    Measure.objects.bulk_create(
        Measure(
            source="Bench", code=f"M{m}", title=f"Measure {m}", polarity=("higher", "lower")[m % 2]
        )
        for m in range(measures)
    )
    everyone = list(Authority.objects.all())
    groups = [
        group_save(actor=None, name="All", kind=ComparatorGroup.Kind.TYPE, authorities=everyone)
    ]
    for r in range(REGIONS):
        region = [a for a in everyone if a.region == f"Region {r}"]
        groups.append(
            group_save(
                actor=None, name=f"Region {r}", kind=ComparatorGroup.Kind.REGION, authorities=region
            )
        )
    for n in range(NEIGHBOUR_GROUPS):
        groups.append(
            group_save(
                actor=None,
                name=f"Neighbours {n}",
                kind=ComparatorGroup.Kind.NEAREST_NEIGHBOURS,
                authorities=rng.sample(everyone, NEIGHBOURS),
            )
        )
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as folder:
        path = Path(folder) / "values.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["measure", "authority", "year", "value", "numerator", "denominator"])
            for m in range(measures):
                for y in range(2014, 2014 + years):
                    for a in range(authorities):
                        if rng.random() < 0.02:
                            writer.writerow([f"M{m}", f"E07{a:06d}", y, "x", "", ""])
                            continue
                        top, bottom = rng.randint(0, 5000), rng.randint(5000, 10000)
                        # 12 places, as real sources publish: the re-import must find it equal.
                        writer.writerow(
                            [f"M{m}", f"E07{a:06d}", y, round(top / bottom, 12), top, bottom]
                        )
        before_mb = _peak_mb()
        started = time.perf_counter()
        report = comparators_import(path, actor=None, dry_run=False, source="Bench")
        import_seconds = time.perf_counter() - started
        import_peak_mb = _peak_mb()
        assert report.ok, report.problems[:5]
        started = time.perf_counter()
        again = comparators_import(path, actor=None, dry_run=False, source="Bench")
        reimport_seconds = time.perf_counter() - started
    assert again.ok, again.problems[:5]

    started = time.perf_counter()
    members = {g.pk: set(g.memberships.values_list("authority_id", flat=True)) for g in groups}
    polarity = dict(Measure.objects.values_list("pk", "polarity"))
    computed = 0
    current: tuple[int, int] | None = None
    values: dict[int, stats.Entry] = {}

    def flush() -> int:
        assert current is not None
        for group_members in members.values():
            entries = [values.get(pk) or stats.Entry(pk, None) for pk in group_members]
            stats.benchmark(entries, polarity[current[0]], ours=next(iter(group_members)))
        return len(members)

    rows = (
        ComparatorValue.objects.order_by("measure_id", "year")
        .values_list("measure_id", "year", "authority_id", "value", "numerator", "denominator")
        .iterator(chunk_size=20_000)
    )
    for measure_id, year, authority_id, value, numerator, denominator in rows:
        if (measure_id, year) != current:
            if current is not None:
                computed += flush()
            current, values = (measure_id, year), {}
        values[authority_id] = stats.Entry(authority_id, value, numerator, denominator)
    if current is not None:
        computed += flush()
    stats_seconds = time.perf_counter() - started
    return {
        "database": connection.vendor,
        "values": report.created,
        "rows": report.rows,
        "import_seconds": round(import_seconds, 1),
        "import_peak_mb": round(import_peak_mb),
        "peak_mb_before_import": round(before_mb),
        "import_peak_growth_mb": round(import_peak_mb - before_mb, 1),
        "reimport_seconds": round(reimport_seconds, 1),
        "reimport_changed": again.created + again.updated,
        "reimport_unchanged": again.unchanged,
        "group_years": computed,
        "groups": len(groups),
        "stats_seconds": round(stats_seconds, 1),
        "peak_mb": round(_peak_mb()),
        "per_group_year_ms": round(stats_seconds / max(computed, 1) * 1000, 3),
    }


def command(out: Any, options: dict[str, Any]) -> None:
    """``goldenthread bench --only benchmarking``: the run above in a fresh PostgreSQL
    database and in SQLite (``--quick``: 40 authorities × 50 measures × 5 years)."""
    sizes = (40, 50, 5) if options["quick"] else (160, 320, 10)
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
        targets.append(("SQLite", f"sqlite:///{data_dir}/bench.sqlite3"))
        targets += postgres_target(out, options)
        out.write(
            f"Benchmarking: {sizes[0]} authorities × {sizes[1]} measures × {sizes[2]} years "
            f"= {sizes[0] * sizes[1] * sizes[2]:,} comparator values"
        )
        for label, url in targets:
            env = {**os.environ, "DATABASE_URL": url, "GOLDENTHREAD_DATA_DIR": data_dir}
            env["DJANGO_SETTINGS_MODULE"] = "goldenthread.settings"
            code = (
                "import django, json; django.setup();"
                "from goldenthread.bench import benchmarking;"
                f"print(json.dumps(benchmarking.run(authorities={sizes[0]}, measures={sizes[1]}, "
                f"years={sizes[2]})))"
            )
            done = subprocess.run(  # nosec B603  # a fixed argument list, no shell
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                raise RuntimeError(f"The benchmarking benchmark failed:\n{done.stderr[-3000:]}")
            out.write(f"  {label}: {done.stdout.strip().splitlines()[-1]}")
