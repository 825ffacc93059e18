"""Import values (actuals): one row per indicator and period.

Columns (case, spaces and underscores do not matter):

- ``indicator`` (required): the indicator's code, e.g. BV 8.
- ``period`` (required): the period's code (2026-27-Q2, 2026-04, FY2026-27), its label
  (Q2 2026/27) or a date inside it; it must be of the indicator's frequency.
- ``value``; for a ratio indicator ``numerator`` and ``denominator`` instead (the value is
  worked out from them, and a value given beside them must agree).
- ``commentary``, ``remedial action``, ``estimated`` (yes/no), ``forecast`` (year-end).
- ``title`` and ``state`` are written by the templates for reading and ignored here.

A column left out of the file leaves that field as it is; a row with no value, numerator or
denominator is skipped (an empty template row). Imported rows are drafts: a new row starts as
a draft, and a change to a submitted or returned value puts it back to draft for the owner to
submit again. Approved and published values, and any value in a locked period, are refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from goldenthread import access
from goldenthread.checks import TEXT_MAX, Range
from goldenthread.core.audit import plain, snapshot
from goldenthread.imports import base, fastwrite
from goldenthread.imports.cells import Column, Columns, number, text, yes_no
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.readers import Cell, Row
from goldenthread.imports.registry import (
    ImportPermission,
    Problem,
    Progress,
    Report,
    Template,
    TemplateTable,
)
from goldenthread.indicators.importers.lookups import (
    IDENTITY,
    FirstRows,
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
from goldenthread.indicators.models import RATIO_SCALE, Actual, Indicator, Period, Unit
from goldenthread.indicators.services import FIGURE_FIELDS
from goldenthread.status import ratio_value

COLUMNS = (
    *IDENTITY,
    Column("value", ("actual", "outturn")),
    Column("numerator"),
    Column("denominator"),
    Column("commentary", ("comment", "comments")),
    Column("remedial action", ("remedial actions", "action")),
    Column("estimated", ("estimate", "provisional", "estimated or provisional")),
    Column("forecast", ("year end forecast", "year-end forecast")),
    Column("title", ("indicator title", "name"), information=True),
    Column("state", ("status",), information=True),
    Column("unit", information=True),
)
SIX_PLACES = Decimal("0.000001")
# The fields an imported row sets (what an owner types), in the order the change preview
# mentions them.
FIELDS = FIGURE_FIELDS
BACK_TO_DRAFT = frozenset({Actual.State.SUBMITTED, Actual.State.RETURNED})


long_text = functools.partial(text, limit=TEXT_MAX)


@dataclass(frozen=True)
class Reading:
    """How one indicator's cells are read and checked: the same for each of its rows."""

    value: Callable[[Cell], Decimal | None]
    forecast: Callable[[Cell], Decimal | None]
    valid: Range


def show(value: Decimal | None) -> str:
    return "empty" if value is None else format(value.normalize(), "f")


class ValuesPlanner:
    def __init__(
        self, *, actor: User | None, progress: Progress | None, options: dict[str, Any]
    ) -> None:
        self.actor = actor
        self.progress = progress
        self.permission = import_permission(actor, "values")

    def begin(self, columns: Columns, report: Report, *, writing: bool) -> bool:
        if not self.permission.allowed:
            report.problems.append(Problem(None, None, "You may not import values."))
            return False
        if not (columns.has("value") or columns.has("numerator")):
            report.problems.append(
                Problem(
                    1, "value", "the file needs a “value” column (or numerator and denominator)"
                )
            )
            return False
        council = base.council_of(self.actor)
        self.lookups = Lookups(council=council, allowed=self.permission.indicators)
        self.codes = {i.pk: i.code for i in self.lookups.by_code.values()}
        self.labels = {p.pk: p.label for p in self.lookups.periods}
        self.first_rows = FirstRows(list(self.codes), list(self.labels))
        self.periods_used: set[int] = set()
        self.readings: dict[int, Reading] = {}
        # Rows read in the writing transaction are locked until it ends (PostgreSQL; SQLite's
        # transaction already holds the write lock), so no one can change them in between.
        self.writing = writing
        return True

    def plan(self, rows: list[Row], columns: Columns, report: Report) -> base.Plan[Actual]:
        plan = base.Plan(
            model=Actual,
            fields=[*FIELDS, "state", "version", "modified_by"],
            describe=self.describe,
        )
        keyed = [
            (row, identify(row, columns, self.lookups, report, lambda i: [i.frequency]))
            for row in rows
        ]
        self.existing = _existing(
            {(key[0].pk, key[1].pk) for _, key in keyed if key}, lock=self.writing
        )
        for row, key in keyed:
            if key is None:
                continue
            indicator, period = key
            earlier = self.first_rows.first(indicator.pk, period.pk, row.number)
            if earlier is not None:
                base.RowProblems(report, columns, row).add(
                    "period",
                    f"{indicator.code} {period.code} is already in row {earlier}: "
                    "keep one row per indicator and period",
                )
                continue
            self._plan_row(row, columns, indicator, period, plan, report)
        self.periods_used.update(a.period_id for a in plan.creates)
        self.periods_used.update(a.period_id for a, _ in plan.updates)
        return plan

    def finish(self) -> list[Problem]:
        """Inside the writing transaction: was a period locked while importing?"""
        periods = Period.objects.filter(pk__in=self.periods_used, locked_at__isnull=False)
        if periods.exists():
            return [
                Problem(None, None, "A period was locked while importing: nothing was imported.")
            ]
        return []

    def _reading(self, indicator: Indicator) -> Reading:
        """How this indicator's figures are read, worked out at its first row."""
        places = indicator.decimals
        precision = (
            f"{indicator.code} is reported to {places} decimal place{'s' if places != 1 else ''}"
        )
        # A ratio's value is worked out, so a value beside it is only compared (at the
        # indicator's precision) and may carry the six places the template writes.
        value_places = 6 if indicator.is_ratio else places
        reading = Reading(
            value=functools.partial(number, places=value_places, precision_of=precision),
            forecast=functools.partial(number, places=places, precision_of=precision),
            valid=indicator.valid_range,  # the same range the returns form checks
        )
        self.readings[indicator.pk] = reading
        return reading

    def describe(self, actual: Actual) -> str:
        # As ``str(actual)`` names it (the fast write's audit entry matches one made by hand).
        code, label = self.codes[actual.indicator_id], self.labels[actual.period_id]
        return f"{code} {label}: {plain(actual.value)}"

    def _plan_row(
        self,
        row: Row,
        columns: Columns,
        indicator: Indicator,
        period: Period,
        plan: base.Plan[Actual],
        report: Report,
    ) -> None:
        problems = base.RowProblems(report, columns, row)
        reading = self.readings.get(indicator.pk) or self._reading(indicator)
        value = problems.read("value", reading.value)
        numerator = problems.read("numerator", number)
        denominator = problems.read("denominator", number)
        given: dict[str, Any] = {}
        if columns.has("commentary"):
            given["commentary"] = problems.read("commentary", long_text, "")
        if columns.has("remedial action"):
            given["remedial_action"] = problems.read("remedial action", long_text, "")
        if columns.has("estimated"):
            given["is_estimated"] = problems.read("estimated", yes_no, False)
        if columns.has("forecast"):
            given["forecast"] = problems.read("forecast", reading.forecast)
        if problems.count:
            return
        if value is None and numerator is None and denominator is None:
            if any(v for v in given.values()):
                problems.add("value", "enter the value, or clear the row")
            else:
                report.skipped += 1
            return
        figures = self._figures(problems, indicator, value, numerator, denominator)
        if figures is None:
            return
        given.update(figures)
        valid = reading.valid
        for field in ("value", "forecast"):
            amount = given.get(field)
            if amount is not None and amount not in valid:
                where = field if field == "forecast" or not indicator.is_ratio else "numerator"
                problems.add(where, f"{show(amount)} is not {valid.describe()}")
        if problems.count:
            return
        self._plan_change(problems, indicator, period, given, plan, report)

    def _figures(
        self,
        problems: base.RowProblems,
        indicator: Indicator,
        value: Decimal | None,
        numerator: Decimal | None,
        denominator: Decimal | None,
    ) -> dict[str, Decimal | None] | None:
        """The value, numerator and denominator to store, as ``actual_record`` would."""
        if indicator.is_ratio:
            if numerator is None:
                problems.add("numerator", f"{indicator.code} is a ratio: enter the numerator")
            if denominator is None:
                problems.add("denominator", f"{indicator.code} is a ratio: enter the denominator")
        elif value is None:
            problems.add("value", "enter the value")
        if (numerator is None) != (denominator is None) and not indicator.is_ratio:
            missing = "denominator" if denominator is None else "numerator"
            problems.add(missing, "give both the numerator and the denominator, or neither")
        if denominator is not None and denominator == 0:
            problems.add("denominator", "the denominator cannot be zero")
        if problems.count:
            return None
        if indicator.is_ratio:
            assert numerator is not None and denominator is not None
            scale = RATIO_SCALE.get(Unit(indicator.unit), Decimal(1))
            worked = ratio_value(numerator, denominator, scale).quantize(SIX_PLACES)
            if worked.adjusted() >= 14:
                problems.add("denominator", "numerator ÷ denominator is too large to store")
                return None
            if value is not None:
                step = Decimal(1).scaleb(-indicator.decimals)
                if value.quantize(step) != worked.quantize(step):
                    problems.add(
                        "value",
                        f"{show(value)} does not match numerator ÷ denominator "
                        f"({show(worked.quantize(step))}): correct one, or leave the value empty",
                    )
                    return None
            value = worked
        return {"value": value, "numerator": numerator, "denominator": denominator}

    def _plan_change(
        self,
        problems: base.RowProblems,
        indicator: Indicator,
        period: Period,
        given: dict[str, Any],
        plan: base.Plan[Actual],
        report: Report,
    ) -> None:
        actual = self.existing.get((indicator.pk, period.pk))
        if actual is not None and not base.differs(actual, given):
            report.unchanged += 1
            return
        if period_locked(problems, period):
            return
        if actual is not None and actual.is_signed_off:
            when = actual.approved_at or actual.modified_on
            problems.add(
                "value",
                f"locked: {actual.get_state_display().lower()} on {when:%d %B %Y}; "
                "only the performance team can reopen it",
            )
            return
        user = self.actor
        if actual is None:
            user_id = user.pk if user else None
            actual = fastwrite.unsaved(
                Actual,
                indicator_id=indicator.pk,
                period_id=period.pk,
                state=Actual.State.DRAFT,
                version=1,
                created_by_id=user_id,
                modified_by_id=user_id,
                **given,
            )
            plan.creates.append(actual)
            value = actual.value
            base.note_change(report, lambda: f"{indicator.code} {period.label}: new, {show(value)}")
            return
        before = snapshot(actual)
        old_value = actual.value
        for field, amount in given.items():
            setattr(actual, field, amount)
        if actual.state in BACK_TO_DRAFT:
            actual.state = Actual.State.DRAFT
        actual.version += 1
        actual.modified_by = user
        plan.updates.append((actual, before))
        after = snapshot(actual)
        other = [f for f in FIELDS if f != "value" and before.get(f) != after.get(f)]
        also = f" (also {', '.join(f.replace('_', ' ') for f in other)})" if other else ""
        label = f"{indicator.code} {period.label}"
        base.note_change(report, f"{label}: {show(old_value)} → {show(actual.value)}{also}")


def _existing(pairs: set[tuple[int, int]], *, lock: bool) -> dict[tuple[int, int], Actual]:
    """The stored values for these (indicator, period) pairs, in chunks of indicators."""
    indicators = sorted({indicator for indicator, _ in pairs})
    periods = {period for _, period in pairs}
    found: dict[tuple[int, int], Actual] = {}
    for start in range(0, len(indicators), 500):
        stored = Actual.objects.filter(
            indicator_id__in=indicators[start : start + 500], period_id__in=periods
        )
        for actual in stored.select_for_update() if lock else stored:
            if (actual.indicator_id, actual.period_id) in pairs:
                found[(actual.indicator_id, actual.period_id)] = actual
    return found


VALUES_HEADER = [
    "indicator",
    "title",
    "period",
    "unit",
    "value",
    "numerator",
    "denominator",
    "commentary",
    "remedial action",
    "estimated",
    "forecast",
    "state",
]


def values_table(rows: Iterable[TemplateRow]) -> TemplateTable:
    body = []
    for row in rows:
        actual = row.actual
        body.append(
            [
                row.indicator.code,
                row.indicator.title,
                row.period.code,
                row.indicator.get_unit_display(),
                figure(actual.value) if actual else None,
                figure(actual.numerator) if actual else None,
                figure(actual.denominator) if actual else None,
                actual.commentary if actual else "",
                actual.remedial_action if actual else "",
                yes(actual.is_estimated) if actual else "",
                figure(actual.forecast) if actual else None,
                actual.get_state_display() if actual else "Not started",
            ]
        )
    return VALUES_HEADER, body


def values_template(**chosen: Any) -> TemplateTable:
    return values_table(chosen_rows(**chosen))


def owners_and_approvers(user: User) -> ImportPermission:
    """Owners may import values for their own indicators; heads of service and directors for
    the services their scope covers (the indicators whose returns they enter or approve)."""
    person = access.person_of(user)
    if person is None:
        return ImportPermission(False)
    mine = Q(owner=person)
    if person.role in access.APPROVER_ROLES:
        parents = access.unit_parents()
        units = [pk for pk in parents if access.covers(person.scope_id, pk, parents)]
        mine |= Q(service_id__in=units)
    elif not person.indicators.exists():
        return ImportPermission(False)  # owns nothing and approves nothing
    return ImportPermission(True, mine)


KIND = base.make_kind(
    name="values",
    label="Values (actuals, with commentary)",
    spec=COLUMNS,
    planner=ValuesPlanner,
    runner=base.run_in_chunks,
    help="values (actuals): indicator, period, value or numerator and denominator, "
    "commentary, remedial action, estimated, forecast",
    permission=owners_and_approvers,
    on_page=True,
    template=Template(choices=template_choices, table=values_template),
)
