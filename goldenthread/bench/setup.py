"""First-run benchmark: ``goldenthread setup`` on an empty, migrated database, with periods
for ten financial years (seven back, this one, two ahead), then run again.

``goldenthread bench --only setup``. In a child process on a fresh database, so the figures
are a council's first run; migrating is timed apart, as it is the same for every install.
"""

from __future__ import annotations

import io
import tempfile
import time
from typing import Any

from goldenthread.bench.load import child_json, databases, server_env

YEARS_BACK = 7


def run() -> dict[str, Any]:
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
    return {
        "database": connection.vendor,
        "migrate_seconds": round(migrate_seconds, 2),
        "setup_seconds": round(setup_seconds, 2),
        "again_seconds": round(again_seconds, 2),
        "periods": periods,
        "years": YEARS_BACK + 3,
        "unchanged": Period.objects.count() == periods,
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
    # Moving in from the council's Excel scorecard (issue 16 item 4), on a council just set up.
    from goldenthread.bench import scorecard_workbook

    scorecard_workbook.command(stdout, options)
