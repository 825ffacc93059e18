"""The databases a benchmark runs on: a fresh PostgreSQL database for each run."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/goldenthread_bench"


def fresh_postgres(url: str) -> str | None:
    """Drop and create the benchmark database; None (with the reason) if PostgreSQL is not there."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return f"not reachable: {error}".splitlines()[0]
    return None


def postgres_target(
    stdout: Any, options: dict[str, Any], indent: str = ""
) -> list[tuple[str, str]]:
    """[("PostgreSQL", url)] on a fresh database; empty when skipped or not there (said why)."""
    if options.get("skip_postgres"):
        return []
    problem = fresh_postgres(options["postgres_url"])
    if problem:
        stdout.write(f"{indent}PostgreSQL: {problem}")
        return []
    return [("PostgreSQL", options["postgres_url"])]
