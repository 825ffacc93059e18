"""Import targets: one row per indicator and period.

Columns: ``indicator`` and ``period`` (required; a period of the indicator's frequency, or the
financial year for an annual target), ``value`` or ``lower`` and ``upper`` (a band), and
optionally ``stretch`` (yes/no) and ``note``. A column left out leaves that field as it is; a
row with no value and no band is skipped. Targets in a locked period are refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User

from goldenthread.core.audit import snapshot
from goldenthread.imports import base
from goldenthread.imports.cells import Column, Columns, number, text, yes_no
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.readers import Table
from goldenthread.imports.registry import Problem, Progress, Report, Template, TemplateTable
from goldenthread.indicators.importers.lookups import (
    IDENTITY,
    Lookups,
    identify,
    period_locked,
)
from goldenthread.indicators.importers.templates import (
    TemplateRow,
    chosen_rows,
    figure,
    template_choices,
    yes,
)
from goldenthread.indicators.importers.values import show
from goldenthread.indicators.models import Indicator, Target
from goldenthread.periods import PeriodKind

COLUMNS = (
    *IDENTITY,
    Column("value", ("target",)),
    Column("lower", ("band lower bound", "lower bound", "band lower")),
    Column("upper", ("band upper bound", "upper bound", "band upper")),
    Column("stretch", ("is stretch", "stretch target")),
    Column("note", ("notes",)),
    Column("title", ("indicator title", "name"), information=True),
)
FIELDS = ("value", "lower", "upper", "is_stretch", "note")


class TargetsPlanner:
    def __init__(
        self, *, actor: User | None, progress: Progress | None, options: dict[str, Any]
    ) -> None:
        self.actor = actor
        self.progress = progress

    def __call__(self, table: Table, columns: Columns, report: Report) -> base.Plan[Target] | None:
        permission = import_permission(self.actor, "targets")
        if not permission.allowed:
            report.problems.append(
                Problem(None, None, "Only the performance team may import targets.")
            )
            return None
        if not (columns.has("value") or columns.has("lower")):
            report.problems.append(
                Problem(1, "value", "the file needs a “value” column (or lower and upper)")
            )
            return None
        lookups = Lookups(council=base.council_of(self.actor), allowed=permission.indicators)
        self.codes = {i.pk: i.code for i in lookups.by_code.values()}
        self.labels = {p.pk: p.label for p in lookups.periods}
        plan = base.Plan(
            model=Target,
            fields=[*FIELDS, "modified_by"],
            describe=self.describe,
        )
        keyed = [(row, identify(row, columns, lookups, report, self.kinds)) for row in table.rows]
        ids = sorted({key[0].pk for _, key in keyed if key})
        existing = {
            (t.indicator_id, t.period_id): t
            for start in range(0, len(ids), 500)
            for t in Target.objects.filter(indicator_id__in=ids[start : start + 500])
        }
        seen: dict[tuple[int, int], int] = {}
        for row, key in base.with_progress(keyed, self.progress):
            if key is None:
                continue
            indicator, period = key
            pair = (indicator.pk, period.pk)
            problems = base.RowProblems(report, columns, row)
            if pair in seen:
                problems.add(
                    "period",
                    f"{indicator.code} {period.code} is already in row {seen[pair]}: "
                    "keep one row per indicator and period",
                )
                continue
            seen[pair] = row.number
            given = self._read(problems, columns)
            if given is None:
                continue
            if all(given.get(f) is None for f in ("value", "lower", "upper")):
                if given.get("note"):
                    problems.add("value", "enter the target, or clear the row")
                else:
                    report.skipped += 1
                continue
            target = existing.get(pair)
            label = f"{indicator.code} {period.label}"
            if target is not None and not base.differs(target, given):
                report.unchanged += 1
                continue
            if period_locked(problems, period):
                continue
            if target is None:
                target = Target(
                    indicator_id=indicator.pk,
                    period_id=period.pk,
                    created_by=self.actor,
                    modified_by=self.actor,
                    **given,
                )
                if not self._complete(problems, target):
                    continue
                plan.creates.append(target)
                base.note_change(report, f"{label}: new target {self._shown(target)}")
                continue
            before = snapshot(target)
            old = self._shown(target)
            for field, amount in given.items():
                setattr(target, field, amount)
            target.modified_by = self.actor
            if self._complete(problems, target):
                plan.updates.append((target, before))
                base.note_change(report, f"{label}: target {old} → {self._shown(target)}")
        return plan

    @staticmethod
    def kinds(indicator: Indicator) -> list[str]:
        """A target is for a period of the indicator's frequency, or for its financial year."""
        return [indicator.frequency, PeriodKind.FINANCIAL_YEAR.value]

    def describe(self, target: Target) -> str:
        return f"Target {self.codes[target.indicator_id]} {self.labels[target.period_id]}"

    @staticmethod
    def _shown(target: Target) -> str:
        if target.lower is not None or target.upper is not None:
            return f"{show(target.lower)}–{show(target.upper)}"
        return show(target.value)

    @staticmethod
    def _complete(problems: base.RowProblems, target: Target) -> bool:
        """``Target.clean``'s rules, on the row as it would be saved."""
        if (target.lower is None) != (target.upper is None):
            missing = "upper" if target.upper is None else "lower"
            problems.add(missing, "a band needs both a lower and an upper bound")
        elif target.lower is not None and target.upper is not None and target.lower > target.upper:
            problems.add("lower", "the band's lower bound must not be above its upper bound")
        elif target.value is None and target.lower is None:
            problems.add("value", "enter a target value, or a band")
        return not problems.count

    @staticmethod
    def _read(problems: base.RowProblems, columns: Columns) -> dict[str, Any] | None:
        given: dict[str, Any] = {}
        for field in ("value", "lower", "upper"):
            if columns.has(field):
                given[field] = problems.read(field, number)
        if columns.has("stretch"):
            given["is_stretch"] = problems.read("stretch", yes_no, False)
        if columns.has("note"):
            given["note"] = problems.read("note", lambda c: text(c, limit=300), "")
        return None if problems.count else given


TARGETS_HEADER = ["indicator", "title", "period", "value", "lower", "upper", "stretch", "note"]


def targets_table(rows: Iterable[TemplateRow]) -> TemplateTable:
    body = []
    for row in rows:
        target = row.target
        body.append(
            [
                row.indicator.code,
                row.indicator.title,
                row.period.code,
                figure(target.value) if target else None,
                figure(target.lower) if target else None,
                figure(target.upper) if target else None,
                yes(target.is_stretch) if target else "",
                target.note if target else "",
            ]
        )
    return TARGETS_HEADER, body


def targets_template(**chosen: Any) -> TemplateTable:
    return targets_table(chosen_rows(**chosen))


KIND = base.make_kind(
    name="targets",
    label="Targets",
    on_page=True,
    template=Template(choices=template_choices, table=targets_template),
    spec=COLUMNS,
    planner=TargetsPlanner,
    help="targets: indicator, period, value or lower and upper (a band), stretch, note",
)
