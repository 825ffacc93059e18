"""Reads for the open data: public indicators and their published figures only, each dataset
in a fixed number of queries whatever the number of indicators or years."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread import status
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.indicators.selectors import PUBLIC, PeriodIndex
from goldenthread.organisation.models import Council

Row = dict[str, Any]


def public_indicators(council: Council) -> list[Indicator]:
    return list(
        Indicator.objects.filter(PUBLIC.indicators, council=council)
        .select_related("service__parent")
        .order_by("code")
    )


def indicator_rows(*, council: Council) -> list[Row]:
    """One row per public indicator: its definition (one query)."""
    return [
        {
            "code": i.code,
            "title": i.title,
            "definition": i.definition,
            "family": i.family,
            "unit": i.unit,
            "polarity": i.polarity,
            "decimals": i.decimals,
            "frequency": i.frequency,
            "aggregation": i.aggregation,
            "cumulative": i.cumulative,
            "key": i.is_key,
            "service": i.service.name,
            "directorate": i.service.parent.name if i.service.parent else "",
            "data_source": i.data_source,
            "first_year": i.first_year,
            "last_year": i.last_year,
        }
        for i in public_indicators(council)
    ]


def value_rows(*, council: Council) -> list[Row]:
    """One row per published figure of a public indicator, with its target and status (four
    queries: indicators, periods, figures, targets).

    Direction of travel is judged against the previous *published* figure, so a figure that
    is not yet published never shows through, even as a direction.
    """
    indicators = public_indicators(council)
    by_pk = {i.pk: i for i in indicators}
    index = PeriodIndex(Period.objects.all())
    periods = {p.pk: p for kind in index.by_kind.values() for p in kind}
    actuals = {
        (a.indicator_id, a.period_id): a
        for a in Actual.objects.filter(
            indicator__in=[i.pk for i in indicators], state__in=PUBLIC.states
        ).only(
            "indicator_id",
            "period_id",
            "value",
            "numerator",
            "denominator",
            "is_estimated",
            "commentary",
            "modified_on",
        )
    }
    targets = {
        (t.indicator_id, t.period_id): t
        for t in Target.objects.filter(indicator__in=[i.pk for i in indicators]).only(
            "indicator_id", "period_id", "value", "lower", "upper"
        )
    }
    default_tolerance = council.default_tolerance
    rules = {i.pk: i.rule(default_tolerance) for i in indicators}
    rows = []
    for (indicator_id, period_id), actual in actuals.items():
        indicator, period = by_pk[indicator_id], periods[period_id]
        target = targets.get((indicator_id, period_id))
        rule_target = target.as_rule_target() if target else None
        judged = status.evaluate(
            actual.value,
            rule_target,
            _value_of(actuals, indicator_id, index.previous(period)),
            _value_of(actuals, indicator_id, index.last_year(period)),
            rules[indicator_id],
            deadline_passed=True,
        )
        rows.append(
            {
                "indicator_code": indicator.code,
                "period_label": period.label,
                "period_start": period.start,
                "period_end": period.end,
                "value": actual.value,
                "numerator": actual.numerator,
                "denominator": actual.denominator,
                "estimated": actual.is_estimated,
                "target": target.value if target else None,
                "target_lower": target.lower if target else None,
                "target_upper": target.upper if target else None,
                "rag_status": judged.rag.value,
                "direction": judged.against_previous.value,
                "direction_last_year": judged.against_last_year.value,
                "commentary": actual.commentary,
                "published": _published_on(period, actual),
            }
        )
    rows.sort(key=lambda row: (row["indicator_code"], row["period_start"], row["period_end"]))
    return rows


def _value_of(
    actuals: dict[tuple[int, int], Actual], indicator_id: int, period: Period | None
) -> Decimal | None:
    actual = actuals.get((indicator_id, period.pk)) if period else None
    return actual.value if actual else None


def _published_on(period: Period, actual: Actual) -> date:
    """The day the period was signed off, which published its figures; where the period has
    since been reopened, the day the figure last changed."""
    return timezone.localdate(period.locked_at or actual.modified_on)
