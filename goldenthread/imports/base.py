"""The shape every importer shares: read, match columns, plan every row, then write or not.

An importer plans the whole file first — every row checked, every problem collected — and
writes only when there is none: new rows with ``fastwrite.save_new``, changed rows with
``bulk_update``, one audit entry per created or changed row with ``fastwrite.insert``, all in
one transaction (on SQLite a short one, after the checks: docs/adr/0020). The checks mirror the models' ``clean()`` and field
limits without building and cleaning a model per row (at 100,000 rows that would dominate);
the database constraints still check every row as the backstop.
"""

from __future__ import annotations

import contextlib
import itertools
from argparse import ArgumentParser
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from goldenthread.core import datacache
from goldenthread.core.audit import Actor, audited_changes, entry_fields, user_of
from goldenthread.core.models import AuditEntry
from goldenthread.imports import fastwrite
from goldenthread.imports.cells import Bad, Column, Columns, match_columns
from goldenthread.imports.readers import Cell, Row, Table, Unreadable, open_rows, read_table
from goldenthread.imports.registry import (
    Kind,
    Permission,
    Problem,
    Progress,
    Report,
    Template,
    performance_team_only,
)
from goldenthread.organisation.models import Council

__all__ = [
    "BATCH",
    "CHUNK",
    "ChunkPlanner",
    "Plan",
    "RowProblems",
    "run",
    "run_checked",
    "run_in_chunks",
    "sqlite_import_rows",
]

BATCH = 1000
# Rows checked and written at a time by ``run_in_chunks``: memory is bounded by this, not by
# the file (plus the problems found, which a person has to read anyway).
CHUNK = 5000
# Preview lines kept for a dry run; the counts in the summary always cover every row.
MAX_CHANGE_LINES = 1000
M = TypeVar("M", bound=models.Model)


@dataclass
class Plan(Generic[M]):
    """What an import would write: new rows, and changed rows with their state before."""

    model: type[M]
    fields: list[str]
    describe: Callable[[M], str]
    creates: list[M] = field(default_factory=list)
    updates: list[tuple[M, dict[str, Any]]] = field(default_factory=list)
    # Run inside the writing transaction just before writing: problems that arose since the
    # file was checked (someone approved a value, locked a period) stop the import.
    recheck: Callable[[], list[Problem]] | None = None


class RowProblems:
    """Collects problems for one row, naming the column as the file names it."""

    def __init__(self, report: Report, columns: Columns, row: Row) -> None:
        self.report, self.columns, self.row = report, columns, row
        self.count = 0
        self.named: set[str | None] = set()

    def add(self, column: str | None, message: str) -> None:
        heading = self.columns.header(column) if column else None
        self.report.problems.append(Problem(self.row.number, heading, message))
        self.count += 1
        self.named.add(column)

    def read(self, column: str, reader: Callable[[Cell], Any], default: Any = None) -> Any:
        """The column's cell read by ``reader``, or ``default`` with the problem noted."""
        try:
            return reader(self.columns.cell(self.row, column))
        except Bad as bad:
            self.add(column, str(bad))
            return default


Planner = Callable[[Table, Columns, Report], Plan[Any] | None]


def run(
    path: Path,
    *,
    kind: str,
    spec: Sequence[Column],
    planner: Planner,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None,
    name: str | None = None,
) -> Report:
    """Read ``path``, plan it with ``planner``, and write the plan unless anything is wrong."""
    name = name or path.name
    report = Report(kind=kind, dry_run=dry_run)
    table = read_table(path, name)
    if isinstance(table, Problem):
        report.problems.append(table)
        return report
    report.rows = len(table.rows)
    columns, problems = match_columns(table, spec)
    if columns.extra:
        report.notes.append("Columns ignored: " + ", ".join(f"“{c}”" for c in columns.extra))
    if problems:
        report.problems.extend(problems)
        return report
    plan = planner(table, columns, report)
    if progress:
        progress(report.rows, report.rows)
    if plan is None or report.problems:
        # Identifying rows is a pass of its own; people read problems in row order.
        report.problems.sort(key=lambda problem: problem.row or 0)
        return report
    report.created, report.updated = len(plan.creates), len(plan.updates)
    if not dry_run and (plan.creates or plan.updates):
        write(plan, actor=actor, reason=f"import {kind} {name}", report=report)
    return report


class ChunkPlanner(Protocol):
    """Plans a file a chunk of rows at a time, for ``run_in_chunks``."""

    def begin(self, columns: Columns, report: Report, *, writing: bool) -> bool:
        """Load what rows are checked against; False (with the problem noted) to stop."""

    def plan(self, rows: list[Row], columns: Columns, report: Report) -> Plan[Any]:
        """Check these rows, noting problems in ``report``; what they would write."""

    def finish(self) -> list[Problem]:
        """Last checks inside the writing transaction, after every chunk is written."""


def run_in_chunks(
    path: Path,
    *,
    kind: str,
    spec: Sequence[Column],
    planner: ChunkPlanner,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None,
    name: str | None = None,
) -> Report:
    """Like ``run``, but the file is read and checked ``CHUNK`` rows at a time, so memory does
    not grow with the file. Still all or nothing: after the first problem the rest of the
    file is checked (every problem is reported) but nothing is written.

    PostgreSQL checks and writes each chunk in one transaction: others go on reading and
    writing meanwhile, and wait only to change a row the import is changing. SQLite has one
    write lock for the whole database, so there a file of up to ``IMPORT_SQLITE_MAX_ROWS``
    rows is checked first with no lock held and written afterwards in one short transaction.
    A larger file is checked and written in one transaction, as on PostgreSQL: it holds the
    lock while it is written, and requests that meet it are told the service is busy (503)
    rather than kept waiting (docs/adr/0020-imports-and-the-write-lock.md)."""
    name = name or path.name
    report = Report(kind=kind, dry_run=dry_run)
    stream = open_rows(path, name)
    if isinstance(stream, Problem):
        report.problems.append(stream)
        return report
    columns, problems = match_columns(Table(header=stream.header), spec)
    if columns.extra:
        report.notes.append("Columns ignored: " + ", ".join(f"“{c}”" for c in columns.extra))
    if problems:
        report.problems.extend(problems)
        return report
    user = user_of(actor)
    reason = f"import {kind} {name}"
    # ``lines`` is an upper bound on the rows, so a file that might be too large to write
    # under a short lock takes the one-transaction path.
    check_first = (
        not dry_run and connection.vendor == "sqlite" and stream.lines - 1 <= sqlite_import_rows()
    )
    checked: list[Plan[Any]] = []  # SQLite: the plans, written once every row is checked
    # A dry run writes nothing, and SQLite's check takes no transaction (there a transaction
    # is the write lock).
    writing = not dry_run and not check_first
    transaction_ = transaction.atomic() if writing else contextlib.nullcontext()
    try:
        with transaction_:
            if planner.begin(columns, report, writing=writing):
                now = timezone.now()
                while rows := list(itertools.islice(stream.rows, CHUNK)):
                    report.rows += len(rows)
                    plan = planner.plan(rows, columns, report)
                    report.created += len(plan.creates)
                    report.updated += len(plan.updates)
                    if check_first and not report.problems:
                        checked.append(plan)
                    elif writing and not report.problems:
                        _write_plan(plan, user=user, reason=reason, now=now)
                    if progress:
                        progress(report.rows, max(report.rows, stream.lines - 1))
                if writing and not report.problems:
                    report.problems.extend(planner.finish())
            if report.problems and writing:
                transaction.set_rollback(True)
    except Unreadable as unreadable:
        report.problems.append(unreadable.problem)
    except DatabaseError as error:
        report.problems.append(_refused(error))
    finally:
        close = getattr(stream.rows, "close", None)
        if close:
            close()  # a CSV's file, when reading stopped early
    if check_first and not report.problems:
        _write_checked(checked, planner.finish, user=user, reason=reason, report=report)
    if report.problems:
        report.created = report.updated = 0
        report.problems.sort(key=lambda problem: problem.row or 0)
    return report


def sqlite_import_rows() -> int:
    """The most rows an import writes on SQLite in one short transaction after checking
    them all (setting ``IMPORT_SQLITE_MAX_ROWS``).

    Writing them holds SQLite's one write lock; at this size that is about a second on a
    busy two-core machine (docs/performance.md), within the two seconds a request waits
    for the lock (``timeout`` in settings) before it is told the service is busy."""
    return int(getattr(settings, "IMPORT_SQLITE_MAX_ROWS", 20_000))


@contextlib.contextmanager
def _patient() -> Iterator[None]:
    """On SQLite, this connection waits longer for the write lock than a request does: the
    import has done its checking and should queue behind people's saves, not fail."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout = 60000")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def _write_checked(
    plans: list[Plan[Any]],
    finish: Callable[[], list[Problem]],
    *,
    user: User | None,
    reason: str,
    report: Report,
) -> None:
    """Write plans checked with no lock held, in one transaction, unless a row they change
    was changed meanwhile or ``finish`` finds a problem (a period locked meanwhile)."""
    try:
        with _patient(), transaction.atomic():
            problems = _changed_since_checked(plans) or finish()
            if problems:
                report.problems.extend(problems)
                transaction.set_rollback(True)
                return
            now = timezone.now()
            for plan in plans:
                _write_plan(plan, user=user, reason=reason, now=now)
    except DatabaseError as error:
        report.problems.append(_refused(error))


def _changed_since_checked(plans: list[Plan[Any]]) -> list[Problem]:
    """Rows the plans change that someone saved after they were read (their ``modified_on``
    moved on): writing over them would lose that person's change. New rows need no such
    check: one saved meanwhile makes the insert fail on its unique key."""
    for plan in plans:
        read = {instance.pk: (instance, instance.modified_on) for instance, _ in plan.updates}
        keys = list(read)
        for start in range(0, len(keys), BATCH):
            stored = plan.model._default_manager.filter(pk__in=keys[start : start + BATCH])
            for pk, modified_on in stored.values_list("pk", "modified_on"):
                instance, was = read[pk]
                if modified_on != was:
                    return [
                        Problem(
                            None,
                            None,
                            f"{plan.describe(instance)} was changed by someone else while the "
                            "file was being checked, so nothing was imported. Import the "
                            "file again.",
                        )
                    ]
    return []


# Reads and checks every row of the file at ``path``, noting problems in the report; returns
# what writes the import (called only when nothing is wrong and it is not a dry run), or None.
Check = Callable[[Path, Report], Callable[[], None] | None]


def run_checked(path: Path, *, kind: str, check: Check, dry_run: bool) -> Report:
    """The workflow for a kind that reads its file its own way (a fixed header of its source's
    names, several files, rows that are read together): ``check`` reads and checks every row,
    then its writer writes, all in one transaction that is rolled back for a dry run or on any
    problem, so what the check made to check against (measures made from indicators) goes
    too. A file that cannot be read is the report's one problem."""
    report = Report(kind=kind, dry_run=dry_run)
    try:
        with transaction.atomic():
            writer = check(path, report)
            if writer is not None and report.ok and not dry_run:
                writer()
            if not report.ok or dry_run:
                transaction.set_rollback(True)
    except Unreadable as unreadable:
        return Report(kind=kind, dry_run=dry_run, problems=[unreadable.problem])
    except DatabaseError as error:
        report.problems.append(_refused(error))
    return report


def make_kind(
    *,
    name: str,
    help: str,
    spec: Sequence[Column],
    planner: Callable[..., Planner] | Callable[..., ChunkPlanner],
    runner: Callable[..., Report] = run,
    label: str = "",
    permission: Permission = performance_team_only,
    on_page: bool = False,
    template: Template | None = None,
    add_arguments: Callable[[ArgumentParser], None] | None = None,
) -> Kind:
    """A registry entry for an importer: ``planner(actor=, progress=, options=)`` plans each
    file, and ``runner`` (``run``, or ``run_in_chunks`` for a ``ChunkPlanner``) runs it.
    The other arguments are ``Kind``'s."""

    def run_kind(
        path: Path,
        *,
        actor: User | None,
        dry_run: bool,
        progress: Progress | None,
        options: dict[str, Any],
    ) -> Report:
        return runner(
            path,
            kind=name,
            spec=spec,
            planner=planner(actor=actor, progress=progress, options=options),
            actor=actor,
            dry_run=dry_run,
            progress=progress,
            name=options.get("name"),
        )

    return Kind(
        name=name,
        help=help,
        run=run_kind,
        add_arguments=add_arguments,
        label=label,
        permission=permission,
        on_page=on_page,
        template=template,
    )


def write(plan: Plan[Any], *, actor: Actor, reason: str, report: Report) -> None:
    """Write the plan and its audit entries in one transaction, or nothing at all."""
    user = user_of(actor)
    try:
        with transaction.atomic():
            if plan.recheck and (problems := plan.recheck()):
                report.problems.extend(problems)
                return
            _write_plan(plan, user=user, reason=reason, now=timezone.now())
    except DatabaseError as error:
        report.problems.append(_refused(error))


def _write_plan(plan: Plan[Any], *, user: User | None, reason: str, now: datetime) -> None:
    """Insert, update and audit ``plan``'s rows; the caller holds the transaction."""
    changed = [instance for instance, _ in plan.updates]
    for instance in changed:
        instance.modified_on = now  # bulk_update skips auto_now
    fastwrite.save_new(plan.creates, now=now)
    plan.model.objects.bulk_update(changed, [*plan.fields, "modified_on"], batch_size=BATCH // 2)
    seen: list[bool] = []  # whether readers of signed-off pages could see any of it

    def entry(instance: models.Model, before: dict[str, Any]) -> dict[str, Any]:
        made = _entry(user, instance, before, reason, plan.describe)
        if not seen and datacache.seen_by_readers(instance, made["changes"]):
            seen.append(True)
        return made

    # Made as they are sent, so each entry's changes are freed once written.
    entries = itertools.chain(
        (entry(instance, {}) for instance in plan.creates),
        (entry(instance, before) for instance, before in plan.updates),
    )
    fastwrite.insert(AuditEntry, entries, now=now)
    if seen:
        datacache.advance()  # in the import's transaction, as audit_record does (ADR 0019)


def _refused(error: DatabaseError) -> Problem:
    # The checks mirror the constraints, so this is a race (someone saved the same row
    # meanwhile) or a gap in the checks; either way the transaction wrote nothing.
    return Problem(
        None,
        None,
        "The database refused the import, so nothing was imported "
        f"({str(error).splitlines()[0][:200]}). Try again; if it happens again, "
        "tell the performance team.",
    )


def _entry(
    user: User | None,
    instance: models.Model,
    before: dict[str, Any],
    reason: str,
    describe: Callable[[Any], str],
) -> dict[str, Any]:
    return entry_fields(
        actor=user,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        instance=instance,
        changes=audited_changes(before, instance),
        reason=reason,
        object_repr=describe(instance),
    )


def note_change(report: Report, line: str | Callable[[], str]) -> None:
    """Add a line to the preview of changes; ``line`` may be a function that writes it, so a
    large import does not write the lines past the first ``MAX_CHANGE_LINES``."""
    if len(report.changes) < MAX_CHANGE_LINES:
        report.changes.append(line if isinstance(line, str) else line())
    elif len(report.changes) == MAX_CHANGE_LINES:
        report.changes.append("… and more: the counts above cover every row.")


T = TypeVar("T")


def with_progress(items: Sequence[T], progress: Progress | None) -> Iterator[T]:
    """The items, reporting progress every 200 (the bar redraws itself at most 10 times a second)."""
    total = len(items)
    for done, item in enumerate(items):
        if progress and done % 200 == 0:
            progress(done, total)
        yield item


def differs(instance: models.Model, given: dict[str, Any]) -> bool:
    """Whether saving ``given`` would change the stored row. Text is compared trimmed (as it
    is imported), numbers by value (9.5 and 9.500000 are the same figure)."""
    for name, value in given.items():
        stored = getattr(instance, name)
        if isinstance(value, str):
            if value != (stored or "").strip():
                return True
        elif value != stored:
            return True
    return False


def council_of(actor: Actor) -> Council | None:
    """The actor's council, else the installation's (one council per installation)."""
    if isinstance(actor, User):
        council = Council.objects.filter(people__user=actor).first()
        if council is not None:
            return council
    return Council.objects.current()
