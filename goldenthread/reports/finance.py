"""Finance beside performance: the import of budgets, spend and forecasts, and the variances
and unit costs read from them.

Import (``goldenthread import finance FILE``, all or nothing through the shared importer):
one row per service and quarter with ``service`` (its code or name), ``period`` (a quarter,
e.g. 2025/26-Q2 or 2025-26-Q2), ``budget`` (the year's), ``spend to date`` and ``forecast``
(year-end), in pounds with at most 2 decimal places; none may be negative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User

from goldenthread import status
from goldenthread.core.audit import snapshot
from goldenthread.imports import base
from goldenthread.imports.cells import Bad, Column, Columns, number, text
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.readers import Cell, Table
from goldenthread.imports.registry import Problem, Progress, Report
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.indicators.selectors import SIGNED_OFF
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.reports.models import FinanceFigure, UnitCost

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
    def __init__(self, *, actor: User | None, progress: Progress | None) -> None:
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


KIND = base.make_kind(
    name="finance",
    spec=COLUMNS,
    planner=FinancePlanner,
    help="finance: service, period (quarter), budget, spend to date, forecast (£)",
)


# --- reading: variances and unit costs beside performance --------------------------------------


@dataclass
class UnitCostLine:
    label: str
    indicator: Indicator
    output: Decimal | None
    cost: Decimal | None  # spend to date ÷ the output's year to date, in £


@dataclass
class FinanceLine:
    unit: OrgUnit
    budget: Decimal = Decimal(0)
    spend_to_date: Decimal = Decimal(0)
    forecast: Decimal = Decimal(0)
    rags: dict[status.Rag, int] = field(default_factory=lambda: defaultdict(int))
    unit_costs: list[UnitCostLine] = field(default_factory=list)

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def variance_percent(self) -> Decimal | None:
        return None if not self.budget else self.variance * 100 / self.budget

    def add(self, figure: FinanceFigure) -> None:
        self.budget += figure.budget
        self.spend_to_date += figure.spend_to_date
        self.forecast += figure.forecast


@dataclass
class FinanceReport:
    period: Period | None
    directorates: list[FinanceLine]
    services: list[FinanceLine]


def finance_report(
    *, council: Council, period: Period | None, rags: dict[int, status.Rag] | None = None
) -> FinanceReport:
    """Budget, spend and forecast by directorate and service at ``period``, with the RAG
    counts of their indicators (``rags``: indicator id → RAG) and unit costs. Five queries."""
    if period is None:
        return FinanceReport(None, [], [])
    rags = rags or {}
    units = {
        u.pk: u for u in OrgUnit.objects.filter(council=council).exclude(kind=OrgUnit.Kind.SECTION)
    }
    services: dict[int, FinanceLine] = {}
    directorates: dict[int, FinanceLine] = {}

    def lines(service_id: int) -> list[FinanceLine]:
        unit = units[service_id]
        found = [services.setdefault(unit.pk, FinanceLine(unit))]
        if unit.parent_id in units:
            found.append(
                directorates.setdefault(unit.parent_id, FinanceLine(units[unit.parent_id]))
            )
        return found

    for figure in FinanceFigure.objects.filter(service__council=council, period=period):
        for line in lines(figure.service_id):
            line.add(figure)
    for indicator_id, service_id in Indicator.objects.filter(
        council=council, pk__in=list(rags)
    ).values_list("pk", "service_id"):
        if service_id in units:
            for line in lines(service_id):
                line.rags[rags[indicator_id]] += 1
    costs = list(UnitCost.objects.filter(service__council=council).select_related("indicator"))
    outputs = _year_to_date(council, [c.indicator for c in costs], period)
    for cost in costs:
        service_line = services.get(cost.service_id)
        if service_line is None:
            continue
        output = outputs.get(cost.indicator_id)
        value = service_line.spend_to_date / output if output else None
        service_line.unit_costs.append(UnitCostLine(cost.label, cost.indicator, output, value))
    order = sorted(units.values(), key=lambda u: u.name)
    return FinanceReport(
        period,
        [directorates[u.pk] for u in order if u.pk in directorates],
        [services[u.pk] for u in order if u.pk in services],
    )


def _year_to_date(
    council: Council, indicators: list[Indicator], period: Period
) -> dict[int, Decimal]:
    """Each output indicator's year to date at the end of ``period`` (signed-off figures)."""
    if not indicators:
        return {}
    observations: dict[int, list[status.Observation]] = defaultdict(list)
    for indicator_id, value, numerator, denominator in (
        Actual.objects.filter(
            indicator__in=indicators,
            state__in=SIGNED_OFF,
            period__financial_year=period.financial_year,
            period__end__lte=period.end,
        )
        .order_by("period__start")
        .values_list("indicator_id", "value", "numerator", "denominator")
    ):
        observations[indicator_id].append(status.Observation(value, numerator, denominator))
    tolerance = council.default_tolerance
    result = {}
    for indicator in indicators:
        total = status.year_to_date(observations[indicator.pk], indicator.rule(tolerance))
        if total is not None:
            result[indicator.pk] = total
    return result


__all__ = ["KIND", "FinanceReport", "finance_report"]
