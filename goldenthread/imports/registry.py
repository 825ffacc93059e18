"""What every importer shares: the report it returns, and the registry the command reads.

Each app registers its kinds in its ``AppConfig.ready()``; ``goldenthread import KIND FILE``
then finds them. An importer is all or nothing: it validates every row, and if any row has a
problem it writes nothing and returns every problem (row, column, reason). A dry run
validates and describes the changes, then writes nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth.models import User

__all__ = ["REGISTRY", "Kind", "Problem", "Progress", "Report", "Runner", "register"]


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused. ``row`` is the row number a spreadsheet shows (the
    header is row 1); None for a problem with the whole file."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


@dataclass
class Report:
    """What an import did (or, for a dry run or a refused file, would have done)."""

    kind: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows with nothing to import (a template row left empty).
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Plain-language lines describing each change, for the dry run's preview.
    changes: list[str] = field(default_factory=list)
    # Things worth knowing that did not stop the import (columns that were ignored).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if not self.ok:
            count = len(self.problems)
            return (
                f"Nothing was imported: {count} problem{'s' if count != 1 else ''} "
                f"in {self.rows:,} row{'s' if self.rows != 1 else ''}."
            )
        verb = "Would create" if self.dry_run else "Created"
        skipped = f", {self.skipped:,} left empty" if self.skipped else ""
        return (
            f"{verb} {self.created:,}, {'would update' if self.dry_run else 'updated'} "
            f"{self.updated:,}, unchanged {self.unchanged:,}{skipped} ({self.rows:,} row{'s' if self.rows != 1 else ''})."
        )


# Called with (rows done, rows in all) as an import goes.
Progress = Callable[[int, int], None]


class Runner(Protocol):
    def __call__(
        self,
        path: Path,
        *,
        actor: User | None,
        dry_run: bool,
        progress: Progress | None,
        options: dict[str, Any],
    ) -> Report: ...


@dataclass(frozen=True)
class Kind:
    name: str
    help: str
    run: Runner
    add_arguments: Callable[[ArgumentParser], None] | None = None
    accepts_directory: bool = False  # FILE may be a directory (e.g. the LGBF's three files)


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.name in REGISTRY and REGISTRY[kind.name] is not kind:
        raise ValueError(f"Import kind {kind.name!r} is registered twice")
    REGISTRY[kind.name] = kind
