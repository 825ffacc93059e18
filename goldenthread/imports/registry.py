"""What every importer shares: the report it returns, and the registry of kinds.

Each app declares its kinds in its ``importers`` module, one ``register(...)`` line a kind,
and imports that module in its ``AppConfig.ready()``. The import page, its templates, the
permissions and ``goldenthread import KIND FILE`` are all made from this registry
(``docs/howto/add-an-import-kind.md``). An importer is all or nothing: it validates every row, and if any row has a
problem it writes nothing and returns every problem (row, column, reason). A dry run
validates and describes the changes, then writes nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth.models import User
from django.db.models import Q

from goldenthread.organisation.models import Council

__all__ = [
    "REGISTRY",
    "ImportPermission",
    "Kind",
    "Permission",
    "Problem",
    "Progress",
    "Report",
    "Runner",
    "Template",
    "TemplateChoices",
    "performance_team_only",
    "register",
]


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
class ImportPermission:
    """``allowed``: may import this kind at all. ``indicators``: the indicators they may
    touch (None for every indicator)."""

    allowed: bool
    indicators: Q | None = None


# Asked about a signed-in person outside the performance team (who may import every kind).
Permission = Callable[[User], ImportPermission]


def performance_team_only(user: User) -> ImportPermission:
    """The rule of most kinds: no one outside the performance team."""
    return ImportPermission(False)


@dataclass(frozen=True)
class TemplateChoices:
    """What the template form offers to narrow a template: (value, label) pairs."""

    services: list[tuple[str, str]] = field(default_factory=list)
    owners: list[tuple[str, str]] = field(default_factory=list)
    periods: list[tuple[str, str]] = field(default_factory=list)


# A template as its header and rows, ready for CSV or XLSX.
TemplateTable = tuple[list[str], list[list[Any]]]


@dataclass(frozen=True)
class Template:
    """A kind's downloadable template, filled in with what is already stored.

    ``choices(council, today)`` are what its form offers; ``table`` is called with
    ``council``, ``today``, the chosen ``service``, ``owner`` and ``period`` (each a value
    from the choices, or "" for any) and ``allowed`` (``ImportPermission.indicators``)."""

    choices: Callable[[Council, date], TemplateChoices]
    table: Callable[..., TemplateTable]


@dataclass(frozen=True)
class Kind:
    """One kind of file ``goldenthread import`` reads, and the import page if ``on_page``."""

    name: str
    help: str  # the command's help for the kind
    run: Runner
    add_arguments: Callable[[ArgumentParser], None] | None = None
    accepts_directory: bool = False  # FILE may be a directory (e.g. the LGBF's three files)
    label: str = ""  # the import page's radio label
    permission: Permission = performance_team_only
    on_page: bool = False  # offered on the import page
    template: Template | None = None


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in REGISTRY and REGISTRY[kind.name] is not kind:
        raise ValueError(f"Import kind {kind.name!r} is registered twice")
    if kind.on_page and not kind.label:
        raise ValueError(f"Import kind {kind.name!r} is on the page but has no label")
    REGISTRY[kind.name] = kind
    return kind


def page_kinds() -> list[Kind]:
    """The kinds the import page offers, in the order they were registered."""
    return [kind for kind in REGISTRY.values() if kind.on_page]
