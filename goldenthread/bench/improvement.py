"""Action plans: import and export times for a plan the size of docs/sources.md#seed-003 (14
recommendations, 50 actions) and one twenty times larger. Figures, not a test
(docs/performance.md).

Run by ``goldenthread bench --only improvement`` in a fresh SQLite database (a child process);
prints a line per size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = [(14, 50), (280, 1000)]


def _plan_rows(recommendations: int, actions: int) -> list[list[Any]]:
    from goldenthread.improvement.transfer import COLUMNS

    def row(**values: Any) -> list[Any]:
        return [values.get(c.lower(), "") for c in COLUMNS]

    rows: list[list[Any]] = [list(COLUMNS)]
    rows.append(row(record="plan", reference="bench", kind="inspection", text="Bench plan"))
    rows += [row(record="key", reference=i, text=f"Person {i}") for i in ("JJ", "TG", "SR")]
    for n in range(1, recommendations + 1):
        rows.append(row(record="recommendation", recommendation=n, text=f"R{n}", detail="Resp"))
        share = actions // recommendations + (n <= actions % recommendations)
        for index in range(share):
            letter = "abcdefghijklmnopqrstuvwxyz"[index % 26] + str(index // 26 or "")
            rows.append(
                row(
                    record="action", recommendation=n, action=letter,
                    text=f"Action {n}{letter}: a sentence of the length councils write. " * 2,
                    timescale="End February 2007", leads="JJ, TG, heads of service",
                    status="On track",
                )
            )  # fmt: skip
        rows.append(row(record="progress", recommendation=n, text="Progress", date="2007-06-15"))
    return rows


def child(data_dir: str) -> dict[str, Any]:
    from django.core.management import call_command

    from goldenthread.documents import Sheet, write_xlsx
    from goldenthread.improvement import transfer
    from goldenthread.improvement.models import ActionPlan
    from goldenthread.organisation.models import Council

    call_command("migrate", verbosity=0)
    council = Council.objects.create(name="Bench")
    figures: dict[str, Any] = {}
    for recommendations, actions in SIZES:
        source = Path(data_dir) / f"plan-{actions}.xlsx"
        write_xlsx([Sheet("Action plan", _plan_rows(recommendations, actions), {0})], source)
        ActionPlan.objects.filter(ref="bench").delete()
        started = time.perf_counter()
        report = transfer.actionplan_import(source, council=council)
        assert report.ok, report.problems
        result = {"import": round(time.perf_counter() - started, 2)}
        plan = ActionPlan.objects.get(ref="bench")
        for fmt in ("xlsx", "docx", "pdf"):
            started = time.perf_counter()
            transfer.export(plan, fmt, Path(data_dir) / f"out-{actions}.{fmt}")
            result[fmt] = round(time.perf_counter() - started, 2)
        figures[f"{recommendations}/{actions}"] = result
    return figures


def command(stdout: Any, options: dict[str, Any]) -> None:
    stdout.write("\nAction plans: import, then export as xlsx, docx and pdf (LibreOffice), seconds")
    with tempfile.TemporaryDirectory(prefix="gt-bench-") as data_dir:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3"}
        code = (
            "import django, json;django.setup();"
            "from goldenthread.bench import improvement;"
            f"print(json.dumps(improvement.child({data_dir!r})))"
        )
        env.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
        out = subprocess.run(  # nosec B603  # a fixed argument list, no shell
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
        for size, result in json.loads(out.strip().splitlines()[-1]).items():
            recommendations, actions = size.split("/")
            stdout.write(
                f"  {recommendations} recommendations, {actions} actions: import {result['import']} s; "
                f"xlsx {result['xlsx']} s, docx {result['docx']} s, pdf {result['pdf']} s"
            )
