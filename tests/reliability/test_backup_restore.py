"""`goldenthread backup` and `restore` give back the demo council row for row.

The data must be committed for pg_dump (another process) to see it, hence transactional
tests. On SQLite the test database lives in memory: the backup API copies it through
Django's own connection, as it copies a file database in production.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from goldenthread.core import backup, datacache
from goldenthread.demo.builder import build_council
from goldenthread.indicators.models import Actual
from goldenthread.organisation.models import Council
from tests.conftest import TODAY, sqlite_only

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def castlebridge() -> Iterator[None]:
    build_council(today=TODAY, password="demo", indicators=16, years=2)
    yield


# Both engines, except where marked: the backup is pg_dump on PostgreSQL and SQLite's backup
# API on SQLite, and restore refuses files in its engine's own way.
def test_restore_gives_back_every_row_of_the_backup(castlebridge: None, tmp_path: Path) -> None:
    before = backup.table_digests()
    assert before["indicators_actual"][0] > 100  # the council really is there
    out = io.StringIO()
    call_command("backup", str(tmp_path / "castlebridge.backup"), stdout=out)
    assert "Backed up" in out.getvalue()

    actual = Actual.objects.order_by("pk").first()
    assert actual is not None
    Actual.objects.filter(pk=actual.pk).update(value=actual.value + Decimal(1))
    Council.objects.update(name="Somewhere Else")
    changed = backup.table_digests()
    assert {t for t in before if before[t] != changed[t]} == {
        "indicators_actual",
        "organisation_council",
    }

    version = datacache.current().data
    call_command("restore", str(tmp_path / "castlebridge.backup"), force=True, stdout=io.StringIO())
    assert backup.table_digests() == before
    # Pages cached before the restore are never served after it (ADR 0019).
    assert datacache.current().data.split(".")[0] != version.split(".")[0]


def test_restore_refuses_to_replace_data_without_force(
    castlebridge: None, tmp_path: Path, monkeypatch: Any
) -> None:
    path = tmp_path / "castlebridge.backup"
    backup.backup(path)
    Council.objects.update(name="Changed after the backup")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))
    assert Council.objects.get().name == "Changed after the backup"


def test_restore_goes_ahead_when_the_person_types_yes(
    castlebridge: None, tmp_path: Path, monkeypatch: Any
) -> None:
    path = tmp_path / "castlebridge.backup"
    backup.backup(path)
    Council.objects.update(name="Changed after the backup")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["no", "yes"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert Council.objects.get().name == "Changed after the backup"
    call_command("restore", str(path), stdout=io.StringIO())
    assert Council.objects.get().name == "Borough of Castlebridge"


def test_restore_refuses_files_that_are_not_golden_thread_backups(tmp_path: Path) -> None:
    import sqlite3

    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    fake_dump = tmp_path / "fake.dump"
    fake_dump.write_bytes(b"PGDMP" + b"\x00" * 100)
    for path, message in (
        (text, "not a Golden Thread backup"),
        (other, "not a Golden Thread one"),
        (fake_dump, "pg_restore failed"),
        (tmp_path / "missing", "no such file"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), force=True)


@sqlite_only("finding the pg_dump program touches no database")
def test_a_missing_postgresql_tool_is_named_with_how_to_install_it(monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(backup.BackupError, match=r"pg_dump was not found.*postgresql-client"):
        backup._tool("pg_dump")
