"""The finance import kind: budgets, spend and forecasts, all or nothing through the shared
importer (``goldenthread import finance FILE``; the performance team only).

One row per service and quarter with ``service`` (its code or name), ``period`` (a quarter,
e.g. 2025/26-Q2 or 2025-26-Q2), ``budget`` (the year's), ``spend to date`` and ``forecast``
(year-end), in pounds with at most 2 decimal places; none may be negative.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from goldenthread.core.audit import snapshot
from goldenthread.imports import base
from goldenthread.imports.cells import Bad, Column, Columns, number, text
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.readers import Cell, Table
from goldenthread.imports.registry import Problem, Progress, Report, register
from goldenthread.indicators.models import Period
from goldenthread.organisation.models import OrgUnit
from goldenthread.reports.models import FinanceFigure

__all__ = ["KIND"]

COLUMNS = (
    Column("service", ("service code", "cost centre"), required=True),
    Column("period", ("quarter", "period code"), required=True),
    Column("budget", ("annual budget",), required=True),
    Column("spend to date", ("spend", "actual spend", "spend ytd"), required=True),
    Column("forecast", ("year end forecast", "forecast outturn"), required=True),
)
MONEY = ("budget", "spend_to_date", "forecast")


def _money(cell: Cell) -> Decimal | None:
    value = number(cell, places=2, precision_of="pounds are stored to the penny")
    if value is not None and value < 0:
        raise Bad(f"{value} is negative: enter the amount in pounds, 0 or more")
    return value


class FinancePlanner:
    def __init__(
        self, *, actor: User | None, progress: Progress | None, options: dict[str, Any]
    ) -> None:
        self.actor, self.progress = actor, progress

    def __call__(
        self, table: Table, columns: Columns, report: Report
    ) -> base.Plan[FinanceFigure] | None:
        if not import_permission(self.actor, "finance").allowed:
            report.problems.append(
                Problem(None, None, "Only the performance team may import finance.")
            )
            return None
        council = base.council_of(self.actor)
        services = {}
        for unit in OrgUnit.objects.filter(council=council, kind=OrgUnit.Kind.SERVICE):
            services[unit.code.lower()] = services[unit.name.lower()] = unit
        quarters = {p.code: p for p in Period.objects.filter(kind="quarter")}
        self.names = {u.pk: u.name for u in services.values()}
        self.labels = {p.pk: p.label for p in quarters.values()}
        existing = {
            (f.service_id, f.period_id): f
            for f in FinanceFigure.objects.filter(service__council=council)
        }
        plan = base.Plan(
            model=FinanceFigure,
            fields=[*MONEY, "modified_by"],
            describe=self.describe,
        )
        seen: dict[tuple[int, int], int] = {}
        for row in base.with_progress(table.rows, self.progress):
            problems = base.RowProblems(report, columns, row)
            name = problems.read("service", text, "")
            code = problems.read("period", text, "").replace("/", "-")
            service = services.get(name.lower())
            period = quarters.get(code)
            if name and service is None:
                problems.add("service", f"no service “{name}”: use a service's code or name")
            elif not name:
                problems.add("service", "enter the service")
            if period is None:
                problems.add("period", f"“{code}” is not a quarter: write it like 2025/26-Q2")
            given = {
                f: problems.read(c, _money)
                for f, c in zip(MONEY, ("budget", "spend to date", "forecast"), strict=True)
            }
            for f, c in zip(MONEY, ("budget", "spend to date", "forecast"), strict=True):
                if given[f] is None and c not in problems.named:
                    problems.add(c, "enter an amount in pounds (0 if none)")
            if problems.count or service is None or period is None:
                continue
            pair = (service.pk, period.pk)
            if pair in seen:
                problems.add(
                    "period", f"{service.name} {period.label} is already in row {seen[pair]}"
                )
                continue
            seen[pair] = row.number
            figure = existing.get(pair)
            if figure is None:
                figure = FinanceFigure(
                    service_id=service.pk,
                    period_id=period.pk,
                    created_by=self.actor,
                    modified_by=self.actor,
                    **given,
                )
                plan.creates.append(figure)
                base.note_change(report, f"{service.name} {period.label}: new figures")
            elif base.differs(figure, given):
                before = snapshot(figure)
                for f, amount in given.items():
                    setattr(figure, f, amount)
                figure.modified_by = self.actor
                plan.updates.append((figure, before))
                base.note_change(report, f"{service.name} {period.label}: figures changed")
            else:
                report.unchanged += 1
        return plan

    def describe(self, figure: FinanceFigure) -> str:
        return f"Finance {self.names[figure.service_id]} {self.labels[figure.period_id]}"


KIND = register(
    base.make_kind(
        name="finance",
        spec=COLUMNS,
        planner=FinancePlanner,
        help="finance: service, period (quarter), budget, spend to date, forecast (£)",
    )
)
