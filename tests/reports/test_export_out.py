"""Defect 13: ``export``/``report`` ``--out`` to a missing folder, a folder, an existing file or
a symbolic link is a one-line error (or, with --force, a clean replacement), never a traceback,
a silent overwrite or a write through the link."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from goldenthread.core.outfiles import write_out
from tests.reports.fixtures import Scenario

COMMANDS = [
    ["export", "scorecard", "--period", "2025-26-Q2", "--format", "csv"],
    ["report", "ipr", "--period", "2025-26-Q2", "--format", "html"],
]


def run(command: list[str], out: Path, *extra: str) -> None:
    call_command(*command, "--out", str(out), *extra)


@pytest.mark.parametrize("command", COMMANDS, ids=["export", "report"])
def test_export_out_to_a_missing_folder_or_a_folder_is_a_one_line_error(
    scenario: Scenario, tmp_path: Path, command: list[str]
) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        run(command, tmp_path / "missing" / "out.csv")
    with pytest.raises(CommandError, match="is a folder"):
        run(command, tmp_path)


@pytest.mark.parametrize("command", COMMANDS, ids=["export", "report"])
def test_export_out_does_not_overwrite_an_existing_file_without_force(
    scenario: Scenario, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "out"
    out.write_text("keep me")
    with pytest.raises(CommandError, match="already exists: add --force"):
        run(command, out)
    assert out.read_text() == "keep me"
    run(command, out, "--force")
    assert out.read_text() != "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary file left


@pytest.mark.parametrize("command", COMMANDS, ids=["export", "report"])
def test_export_out_never_writes_through_a_symbolic_link(
    scenario: Scenario, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "target"
    target.write_text("precious")
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(CommandError, match="already exists"):
        run(command, link)
    run(command, link, "--force")
    assert target.read_text() == "precious"
    assert not link.is_symlink() and link.read_text() != "precious"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old")

    def fail(path: Path) -> None:
        path.write_text("half")
        raise RuntimeError("the export went wrong")

    with pytest.raises(RuntimeError):
        write_out(out, fail, force=True)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
