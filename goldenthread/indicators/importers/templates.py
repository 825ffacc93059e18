"""The import templates of values, targets and definitions: their reads, each in a fixed
number of queries, and what their form offers.

A values or targets template lists the indicators of an owner, a service (with the services
and sections under it) or a period's frequency, one row per indicator and period, with the
figures already stored filled in, so an owner downloads it, fills the gaps and imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404

from goldenthread.imports.registry import TemplateChoices
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import financial_year_of

__all__ = [
    "TemplateRow",
    "chosen_rows",
    "definition_rows",
    "figure",
    "no_choices",
    "template_choices",
    "template_rows",
    "yes",
]


@dataclass(frozen=True)
class TemplateRow:
    indicator: Indicator
    period: Period
    actual: Actual | None
    target: Target | None


def template_rows(
    *,
    council: Council,
    today: date,
    owner: Person | None = None,
    service: OrgUnit | None = None,
    period: Period | None = None,
    allowed: Q | None = None,
) -> list[TemplateRow]:
    """One row per indicator and period, in four queries whatever the size.

    With a period: the indicators reported at that period's frequency, for that period.
    Without: each indicator's periods so far in the financial year containing ``today``.
    ``allowed`` narrows to the indicators the downloader may import (``import_permission``).
    """
    indicators_q = Indicator.objects.filter(council=council).select_related("service")
    if owner is not None:
        indicators_q = indicators_q.filter(owner=owner)
    if service is not None:
        indicators_q = indicators_q.filter(
            Q(service=service) | Q(service__parent=service) | Q(service__parent__parent=service)
        )
    if allowed is not None:
        indicators_q = indicators_q.filter(allowed)
    if period is not None:
        indicators_q = indicators_q.filter(frequency=period.kind)
        periods_q = Period.objects.filter(pk=period.pk)
    else:
        periods_q = Period.objects.filter(
            financial_year=financial_year_of(today),
            start__lte=today,
            kind__in=Indicator.objects.filter(pk__in=indicators_q.values("pk")).values("frequency"),
        )
    indicators = list(indicators_q.order_by("code"))
    periods = list(periods_q.order_by("start"))
    pairs = Q(indicator__in=indicators_q.values("pk"), period__in=[p.pk for p in periods])
    actuals = {(a.indicator_id, a.period_id): a for a in Actual.objects.filter(pairs)}
    targets = {(t.indicator_id, t.period_id): t for t in Target.objects.filter(pairs)}
    by_kind: dict[str, list[Period]] = {}
    for each in periods:
        by_kind.setdefault(each.kind, []).append(each)
    return [
        TemplateRow(
            indicator=indicator,
            period=each,
            actual=actuals.get((indicator.pk, each.pk)),
            target=targets.get((indicator.pk, each.pk)),
        )
        for indicator in indicators
        for each in by_kind.get(indicator.frequency, [])
        if each.financial_year >= indicator.first_year
        and (indicator.last_year is None or each.financial_year <= indicator.last_year)
    ]


def definition_rows(*, council: Council) -> list[Indicator]:
    """The council's indicator definitions with their owner and service, in one query."""
    return list(
        Indicator.objects.filter(council=council)
        .select_related("owner__user", "service")
        .order_by("code")
    )


def template_choices(council: Council, today: date) -> TemplateChoices:
    """Services, owners of indicators, and the periods of this and last financial year at
    the frequencies the council's indicators are reported at."""
    fy = financial_year_of(today)
    services = OrgUnit.objects.filter(council=council).exclude(kind="section")
    owners = (
        Person.objects.filter(council=council, indicators__isnull=False)
        .distinct()
        .select_related("user")
    )
    periods = Period.objects.filter(
        financial_year__in=[fy - 1, fy],
        kind__in=Indicator.objects.filter(council=council).values("frequency"),
    ).order_by("kind", "start")
    return TemplateChoices(
        services=[(u.code, u.name) for u in services],
        owners=[(p.user.username, str(p)) for p in owners],
        periods=[(p.code, p.label) for p in periods],
    )


def no_choices(council: Council, today: date) -> TemplateChoices:
    """For a template of every row, which nothing narrows."""
    return TemplateChoices()


def chosen_rows(
    *,
    council: Council,
    today: date,
    service: str,
    owner: str,
    period: str,
    allowed: Q | None,
) -> list[TemplateRow]:
    """``template_rows`` for the codes chosen in the template form ("" for any)."""
    return template_rows(
        council=council,
        today=today,
        service=get_object_or_404(OrgUnit, council=council, code=service) if service else None,
        owner=get_object_or_404(Person, council=council, user__username=owner) if owner else None,
        period=get_object_or_404(Period, code=period) if period else None,
        allowed=allowed,
    )


def figure(value: Decimal | None) -> Decimal | None:
    """Stored figures without the database's trailing zeros (12.500000 → 12.5)."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def yes(flag: bool) -> str:
    return "yes" if flag else "no"
