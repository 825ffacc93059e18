"""Backing up and restoring the whole database, and checking that two copies are identical.

SQLite: ``sqlite3.Connection.backup`` copies the database page by page from the live
connection, so a backup taken while the server runs is consistent (WAL lets readers and the
backup go on while owners save returns). The copy is switched to a rollback journal so the
backup is one self-contained file. Restoring runs the same API the other way, into the
configured database, so no stale ``-wal`` or ``-shm`` file is left beside it.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists
--single-transaction`` (all or nothing), found on the PATH.

``table_digests`` reads every table in primary-key order and hashes its rows: two databases
with equal digests hold the same rows, value for value (the suite and the benchmark use it to
check that a backup round-trips).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = [
    "BackupError",
    "BackupInfo",
    "backup",
    "database_is_empty",
    "describe_file",
    "restore",
    "table_digests",
]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# A table every Golden Thread database has, to tell our backups from other databases.
MARKER_TABLE = "core_auditentry"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person running it."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file is: the engine it came from and its size."""

    vendor: str  # "sqlite" or "postgresql"
    size: int


def _vendor(conn: BaseDatabaseWrapper) -> str:
    if conn.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups are made for SQLite and PostgreSQL, not {conn.vendor}.")
    return conn.vendor


def describe_file(path: Path) -> BackupInfo:
    """The kind of backup ``path`` holds; ``BackupError`` if it is not a Golden Thread backup."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    size = path.stat().st_size
    if head.startswith(SQLITE_MAGIC):
        with _sqlite_readonly(path) as source:
            found = source.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MARKER_TABLE,)
            ).fetchone()
        if not found:
            raise BackupError(f"{path} is an SQLite database but not a Golden Thread one.")
        return BackupInfo("sqlite", size)
    if head.startswith(PG_MAGIC):
        listing = _run([_tool("pg_restore"), "--list", str(path)], env=None)
        if f" TABLE public {MARKER_TABLE} " not in listing:
            raise BackupError(f"{path} is a pg_dump archive but not of a Golden Thread database.")
        return BackupInfo("postgresql", size)
    raise BackupError(
        f"{path} is not a Golden Thread backup (neither an SQLite database nor a pg_dump archive)."
    )


def backup(path: Path, conn: BaseDatabaseWrapper = connection) -> BackupInfo:
    """Write a consistent copy of the configured database to ``path`` (replaced atomically)."""
    vendor = _vendor(conn)
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a failed backup never leaves half a file.
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        if vendor == "sqlite":
            _sqlite_backup(conn, Path(partial))
        else:
            _run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", partial],
                env=_pg_env(conn),
            )
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return describe_file(path)


def restore(path: Path, conn: BaseDatabaseWrapper = connection) -> BackupInfo:
    """Replace the configured database's contents with the backup in ``path``."""
    vendor = _vendor(conn)
    info = describe_file(path)
    if info.vendor != vendor:
        raise BackupError(
            f"{path} is a backup of {_ENGINE_NAMES[info.vendor]} but the configured database is "
            f"{_ENGINE_NAMES[vendor]}: restore it where it came from."
        )
    if vendor == "sqlite":
        conn.ensure_connection()
        if conn.in_atomic_block:
            raise BackupError("Cannot restore inside a transaction.")
        with _sqlite_readonly(path) as source:
            source.backup(conn.connection)
    else:
        conn.close()  # our own idle connection would otherwise see dropped tables
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                "--dbname",
                str(conn.settings_dict["NAME"]),
                str(path),
            ],
            env=_pg_env(conn),
        )
    return info


def database_is_empty(conn: BaseDatabaseWrapper = connection) -> bool:
    """True when the database has no tables yet (nothing a restore would overwrite)."""
    return not conn.introspection.table_names()


# Not the council's data: the cache key that ``goldenthread restore`` renews on purpose, so
# that no page cached before the restore is served after it (core.datacache, ADR 0019).
NOT_DATA = frozenset({"core_dataversion"})


def table_digests(conn: BaseDatabaseWrapper = connection) -> dict[str, tuple[int, str]]:
    """Each table's row count and a SHA-256 of its rows in primary-key order.

    PostgreSQL's sequences are included (``seq:<name>``), so a restored database also hands
    out the same next ids; SQLite keeps its counters in the ``sqlite_sequence`` table.
    """
    digests: dict[str, tuple[int, str]] = {}
    with conn.cursor() as cursor:
        tables = sorted(set(conn.introspection.table_names(cursor)) - NOT_DATA)
        if conn.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                tables.append("sqlite_sequence")
        for table in tables:
            digests[table] = _digest_rows(conn, cursor, table)
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = 'public' ORDER BY sequencename"
            )
            for name, last_value in cursor.fetchall():
                digests[f"seq:{name}"] = (0, str(last_value))
    return digests


def _digest_rows(conn: BaseDatabaseWrapper, cursor: Any, table: str) -> tuple[int, str]:
    quoted = conn.ops.quote_name(table)
    if table == "sqlite_sequence":
        order = ["name"]
    else:
        order = conn.introspection.get_primary_key_columns(cursor, table) or []
    if order:
        order_by = ", ".join(conn.ops.quote_name(column) for column in order)
    else:
        # No primary key (rare: some join tables of other apps): every column, in order.
        cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # nosec B608  # a quoted table name
        order_by = ", ".join(str(n + 1) for n in range(len(cursor.description)))
    cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order_by}")  # nosec B608  # quoted names
    digest = hashlib.sha256()
    count = 0
    while rows := cursor.fetchmany(2000):
        for row in rows:
            digest.update(repr(tuple(row)).encode())
            count += 1
    return count, digest.hexdigest()


_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _sqlite_backup(conn: BaseDatabaseWrapper, target: Path) -> None:
    conn.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # Copies in steps of 1,000 pages: writers wait at most one step, never the whole copy.
        conn.connection.backup(destination, pages=1000)
        # The live database is in WAL mode; the backup is one file with a rollback journal.
        destination.execute("PRAGMA journal_mode=DELETE")
        problems = destination.execute("PRAGMA quick_check").fetchone()
        if problems != ("ok",):
            raise BackupError(f"The backup failed SQLite's check: {problems}")
    finally:
        destination.close()


class _sqlite_readonly:
    """An SQLite file opened read-only (the backup is never changed by reading it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on the PATH. Install the PostgreSQL client tools of the "
            "server's major version or later (on Debian: apt-get install postgresql-client)."
        )
    return found


def _pg_env(conn: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment variables for the configured database (never on the command line)."""
    settings = conn.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _run(argv: list[str], env: dict[str, str] | None) -> str:
    done = subprocess.run(  # nosec B603  # pg_dump/pg_restore with our arguments
        argv, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            f"{Path(argv[0]).name} failed (exit {done.returncode}): {done.stderr.strip()[:2000]}"
        )
    return done.stdout
