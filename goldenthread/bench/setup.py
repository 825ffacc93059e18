"""First-run benchmark: ``goldenthread setup`` on an empty, migrated database, with periods
for ten financial years (seven back, this one, two ahead), then run again; then a structure
file and a 2,000-person people file imported (and the people file again).

``goldenthread bench --only setup``. In a child process on a fresh database, so the figures
are a council's first run; migrating is timed apart, as it is the same for every install.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
from pathlib import Path
from typing import Any

from goldenthread.bench.load import child_json, databases, server_env

YEARS_BACK = 7
PEOPLE = 2000


def run(people: int = PEOPLE) -> dict[str, Any]:
    """In a child process whose DATABASE_URL is the benchmark database."""
    from django.core.management import call_command
    from django.db import connection

    from goldenthread.core.clock import today
    from goldenthread.indicators.models import Period
    from goldenthread.periods import financial_year_of

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started
    first_year = financial_year_of(today()) - YEARS_BACK
    options = {"gss": "E07000223", "first_year": str(first_year), "non_interactive": True}
    started = time.perf_counter()
    call_command("setup", stdout=io.StringIO(), **options)
    setup_seconds = time.perf_counter() - started
    periods = Period.objects.count()
    started = time.perf_counter()
    call_command("setup", stdout=io.StringIO(), **options)
    again_seconds = time.perf_counter() - started
    imported = people_import(people)
    return {
        **imported,
        "database": connection.vendor,
        "migrate_seconds": round(migrate_seconds, 2),
        "setup_seconds": round(setup_seconds, 2),
        "again_seconds": round(again_seconds, 2),
        "periods": periods,
        "years": YEARS_BACK + 3,
        "unchanged": Period.objects.count() == periods,
    }


def people_import(count: int) -> dict[str, Any]:
    """A structure file of 3 directorates, 10 services and 30 teams, then a people file of
    ``count`` people across them (each with a manager, invited by email): timed, then the
    same people file again (nothing changes)."""
    from django.conf import settings

    from goldenthread.imports.registry import REGISTRY
    from goldenthread.organisation.models import Invitation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # no SMTP here
    rows = [["code", "name", "kind", "parent"]]
    rows += [[f"d{d}", f"Directorate {d}", "directorate", ""] for d in range(3)]
    rows += [[f"s{s}", f"Service {s}", "service", f"d{s % 3}"] for s in range(10)]
    rows += [[f"t{t}", f"Team {t}", "team", f"s{t % 10}"] for t in range(30)]
    people = [["name", "email", "job title", "unit", "role", "manager"]]
    for n in range(count):
        manager = f"person{n // 10}@bench.example" if n >= 10 else ""
        role = "head_of_service" if n < 10 else "owner" if n % 5 == 0 else "staff"
        unit = f"s{n}" if n < 10 else f"t{n % 30}"
        people.append([f"Person {n}", f"person{n}@bench.example", "Officer", unit, role, manager])
    with tempfile.TemporaryDirectory(prefix="gt-bench-people-") as folder:
        structure_path, people_path = Path(folder, "structure.csv"), Path(folder, "people.csv")
        for path, table in ((structure_path, rows), (people_path, people)):
            with path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(table)

        def run_kind(kind: str, path: Path) -> tuple[float, Any]:
            started = time.perf_counter()
            report = REGISTRY[kind].run(path, actor=None, dry_run=False, progress=None, options={})
            assert report.ok, report.problems[:5]
            return time.perf_counter() - started, report

        structure_seconds, _ = run_kind("structure", structure_path)
        people_seconds, report = run_kind("people", people_path)
        again_seconds, again = run_kind("people", people_path)
    return {
        "people": count,
        "structure_seconds": round(structure_seconds, 2),
        "people_seconds": round(people_seconds, 2),
        "people_again_seconds": round(again_seconds, 2),
        "people_created": report.created,
        "people_again_unchanged": again.unchanged == count and again.created == 0,
        "invitations": Invitation.objects.count(),
    }


def command(stdout: Any, options: dict[str, Any]) -> None:
    """The section ``goldenthread bench`` prints."""
    stdout.write(
        "\nSetup: `goldenthread setup --non-interactive` on an empty, migrated database "
        f"(every kind of period for {YEARS_BACK + 3} financial years), then run again"
    )
    for label, url in databases(stdout, options):
        with tempfile.TemporaryDirectory(prefix="gt-bench-setup-") as data_dir:
            figures = child_json(
                "from goldenthread.bench import setup; print(json.dumps(setup.run()))",
                server_env(data_dir, url.replace("{data_dir}", data_dir)),
                "setup",
            )
        stdout.write(
            f"  {label:<10} setup {figures['setup_seconds']} s ({figures['periods']:,} periods "
            f"over {figures['years']} years, council, administrator); again "
            f"{figures['again_seconds']} s, unchanged: {figures['unchanged']}; "
            f"migrate beforehand {figures['migrate_seconds']} s"
        )
        stdout.write(
            f"  {label:<10} people file: {figures['people']:,} people "
            f"{figures['people_seconds']} s ({figures['invitations']:,} invited by email; "
            f"structure of 43 units {figures['structure_seconds']} s); the same file again "
            f"{figures['people_again_seconds']} s, unchanged: {figures['people_again_unchanged']}"
        )
    # Moving in from the council's Excel scorecard (issue 16 item 4), on a council just set up.
    from goldenthread.bench import scorecard_workbook

    scorecard_workbook.command(stdout, options)
