"""The faults run in child processes, against a database they can open themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from goldenthread.bench.load import child_json, server_env


@pytest.fixture
def child(tmp_path: Path, transactional_db: Any) -> Any:
    """``child(code)``: run ``code`` in a fresh Python on a file SQLite database in
    ``tmp_path``, or on the test database itself under PostgreSQL (committed data: the
    test is transactional, and the test database is emptied after it)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        )
    else:
        url = f"sqlite:///{tmp_path}/faults.sqlite3"
    env = server_env(str(tmp_path), url)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    connection.close()

    def run(code: str) -> dict[str, Any]:
        return child_json(f"print(json.dumps({code}))", env, "fault")

    run.data_dir = str(tmp_path)  # type: ignore[attr-defined]
    return run
