"""Finance beside performance: the variances and unit costs read from the budgets, spend and
forecasts imported by ``goldenthread import finance`` (``reports/importers.py``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from goldenthread import status
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.indicators.selectors import SIGNED_OFF
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.reports.models import FinanceFigure, UnitCost

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


__all__ = ["FinanceReport", "finance_report"]
