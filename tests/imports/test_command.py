"""The ``import`` command: exit status, problems on stderr, dry run and progress."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.imports.progress import ProgressBar
from goldenthread.imports.registry import REGISTRY, Kind, Problem, Progress, Report, register


def count_lines(
    path: Path,
    *,
    actor: User | None,
    dry_run: bool,
    progress: Progress | None,
    options: dict[str, Any],
) -> Report:
    """A test kind: every line must be a whole number; the report counts them."""
    lines = path.read_text().splitlines()
    report = Report(kind="lines", dry_run=dry_run, rows=len(lines))
    for number, line in enumerate(lines, start=1):
        if progress:
            progress(number, len(lines))
        if not line.strip().isdigit():
            report.problems.append(Problem(number, "A", f"{line!r} is not a whole number"))
        else:
            report.created += 1
            report.changes.append(f"line {number}: {line}")
    return report


@pytest.fixture
def lines_kind() -> Iterator[None]:
    register(Kind(name="lines", help="test kind", run=count_lines))
    yield
    del REGISTRY["lines"]


def test_problems_go_to_stderr_and_the_command_fails(tmp_path: Path, lines_kind: None) -> None:
    path = tmp_path / "in.txt"
    path.write_text("1\nten\n3\n")
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "lines", str(path), "--no-progress", stderr=err, stdout=StringIO())
    assert raised.value.returncode == 1
    assert "1 problem in 3 rows" in str(raised.value)
    assert "Row 2, column “A”: 'ten' is not a whole number" in err.getvalue()


def test_dry_run_lists_changes(tmp_path: Path, lines_kind: None) -> None:
    path = tmp_path / "in.txt"
    path.write_text("1\n2\n")
    out = StringIO()
    call_command("import", "lines", str(path), "--dry-run", "--no-progress", stdout=out)
    assert "line 2: 2" in out.getvalue()
    assert "Dry run: Would create 2" in out.getvalue()


def test_missing_file_and_unknown_user(tmp_path: Path, lines_kind: None, db: None) -> None:
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "lines", str(tmp_path / "absent.csv"))
    path = tmp_path / "in.txt"
    path.write_text("1\n")
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("import", "lines", str(path), "--user", "nobody")


def test_progress_bar_draws_and_ends_with_a_newline() -> None:
    stream = StringIO()
    bar = ProgressBar(stream)
    bar(0, 200)
    bar(200, 200)
    bar.finish()
    text = stream.getvalue()
    assert text.endswith("100% 200/200 rows\n")
    assert "[" + "#" * 30 + "]" in text


def test_problem_wording() -> None:
    assert str(Problem(None, None, "Not a CSV file")) == "Not a CSV file"
    assert str(Problem(4, None, "x")) == "Row 4: x"
    assert str(Problem(None, "value", "x")) == "Column “value”: x"


def test_the_values_command_refuses_a_bad_file_with_problems_on_stderr(
    days: Any, tmp_path: Path
) -> None:
    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value\nBV 8,2025-26-Q1,9.5\nBV 8,2025-26-Q2,lots\n")
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "values", str(path), "--no-progress", stderr=err, stdout=StringIO())
    assert raised.value.returncode == 1
    assert "Row 3, column “value”: “lots” is not a number" in err.getvalue()
    assert not days.actuals.exists()


def test_the_values_command_dry_run_then_import(days: Any, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value\nBV 8,2025-26-Q1,9.5\n")
    out = StringIO()
    call_command("import", "values", str(path), "--dry-run", "--no-progress", stdout=out)
    assert "BV 8 Q1 2025/26: new, 9.5" in out.getvalue()
    assert not days.actuals.exists()
    out = StringIO()
    call_command("import", "values", str(path), stdout=out, stderr=StringIO())
    assert "Created 1, updated 0, unchanged 0 (1 row)." in out.getvalue()
    assert days.actuals.get().value == 9.5
