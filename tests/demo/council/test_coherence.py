"""The demo council does not contradict itself (issue 19, "A coherent demo"): a benchmark
agrees with the outturn shown beside it, and each unit cost divides a service's spend by
something that service produces."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goldenthread.benchmarking.models import BenchmarkSetting, ComparatorValue
from goldenthread.demo.benchmarking import CASTLEBRIDGE_GSS
from goldenthread.demo.builder import BuildSummary
from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council
from goldenthread.reports.finance import finance_report
from goldenthread.reports.models import UnitCost
from goldenthread.scorecard.selectors import indicator_detail
from tests.demo.council.conftest import BUILD_DAY

pytestmark = pytest.mark.django_db


def test_every_benchmark_of_ours_is_the_outturn_our_indicator_page_shows(
    castlebridge: BuildSummary,
) -> None:
    """The council's own comparator value for a year is its outturn for that year as the
    indicator page states it (not, say, the mean of quarterly year-to-date figures)."""
    settings = list(BenchmarkSetting.objects.select_related("indicator__council", "measure"))
    assert settings
    compared = 0
    for setting in settings:
        ours = dict(
            ComparatorValue.objects.filter(
                measure=setting.measure, authority__gss_code=CASTLEBRIDGE_GSS
            ).values_list("year", "value")
        )
        detail = indicator_detail(indicator=setting.indicator, today=BUILD_DAY)
        finished = {
            y.financial_year: y.outturn
            for y in detail.years
            if y.periods_reported == y.periods_in_year and y.outturn is not None
        }
        for year, value in ours.items():
            if year in finished:  # the page shows the last few years
                assert value == round(finished[year], 4), (setting.indicator.code, year)
                compared += 1
    assert compared >= len(settings)


def test_each_unit_cost_divides_its_services_spend_by_a_count_that_service_produces(
    castlebridge: BuildSummary,
) -> None:
    costs = list(UnitCost.objects.select_related("indicator", "service"))
    assert costs
    for cost in costs:
        assert cost.indicator.service_id == cost.service_id, cost.label
        assert cost.indicator.unit == "number" and cost.indicator.aggregation == "sum"
        assert not cost.indicator.cumulative, cost.label  # a count, not a running rate
        assert "per" in cost.label.lower() and "(" not in cost.label, cost.label
    period = (
        Period.objects.filter(kind="quarter", locked_at__isnull=False).order_by("-start").first()
    )
    council = Council.objects.current()
    assert council is not None
    report = finance_report(council=council, period=period)
    shown = [line for service in report.services for line in service.unit_costs]
    assert len(shown) == len(costs)
    for line in shown:
        # What a council would recognise: pounds to thousands per unit, never £20,605 a
        # complaint.
        assert line.cost is not None and Decimal("0.5") < line.cost < Decimal(10_000), (
            line.label,
            line.cost,
        )
