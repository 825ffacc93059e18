"""Reads for the API, each a fixed number of queries per page whatever its size.

Every list is in a stable order (so ``?page=2`` follows ``?page=1``) and, for indicators,
actions and risks, limited to what the client's token covers (``access.client_units``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db.models import Q, QuerySet

from goldenthread import access, status
from goldenthread.api.models import ApiClient
from goldenthread.improvement.models import Action, Risk
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.indicators.selectors import SIGNED_OFF, PeriodIndex

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, how many there are in all, and where it is."""

    items: list[T]
    count: int
    page: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.page * self.limit < self.count


def paginate(rows: QuerySet[Any], *, page: int, limit: int) -> Page[Any]:
    """Two queries: the count, and the page's rows (``rows`` must be ordered)."""
    count = rows.count()
    start = (page - 1) * limit
    return Page(list(rows[start : start + limit]) if start < count else [], count, page, limit)


def visible_indicators(client: ApiClient) -> QuerySet[Indicator]:
    """The client's council's indicators in the services its token covers."""
    units = access.client_units(client, access.unit_parents())
    return Indicator.objects.filter(council_id=client.council_id, service_id__in=units)


def indicator_list(
    *,
    client: ApiClient,
    page: int,
    limit: int,
    service: str = "",
    key: bool | None = None,
    frequency: str = "",
) -> Page[Indicator]:
    rows = visible_indicators(client)
    if service:
        rows = rows.filter(service__code=service)
    if key is not None:
        rows = rows.filter(is_key=key)
    if frequency:
        rows = rows.filter(frequency=frequency)
    rows = rows.select_related("service", "owner__user").order_by("code", "pk")
    return paginate(rows, page=page, limit=limit)


def indicator_get(*, client: ApiClient, pk: int) -> Indicator | None:
    """One indicator the client may read (with its service and council), else None."""
    return (
        visible_indicators(client)
        .select_related("service", "council", "owner__user")
        .filter(pk=pk)
        .first()
    )


def period_list(
    *, page: int, limit: int, kind: str = "", financial_year: int | None = None
) -> Page[Period]:
    rows = Period.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if financial_year is not None:
        rows = rows.filter(financial_year=financial_year)
    return paginate(rows.order_by("start", "kind", "pk"), page=page, limit=limit)


def target_list(*, indicator: Indicator, page: int, limit: int) -> Page[Target]:
    rows = indicator.targets.select_related("period").order_by("period__start", "period__kind")
    return paginate(rows, page=page, limit=limit)


@dataclass(frozen=True)
class ValueLine:
    """A value as the API shows it: the row, its period's target and its status."""

    actual: Actual
    target: Target | None
    status: status.Status


def value_list(
    *, indicator: Indicator, page: int, limit: int, today: date, unchecked: bool = True
) -> Page[ValueLine]:
    """An indicator's values, oldest first, each with its status. Five queries. Every state
    if ``unchecked`` (``access.sees_unchecked``), else approved and published only."""
    rows = indicator.actuals.select_related("period").order_by("period__start", "pk")
    if not unchecked:
        rows = rows.filter(state__in=SIGNED_OFF)
    found = paginate(rows, page=page, limit=limit)
    return Page(rated(indicator, found.items, today), found.count, found.page, found.limit)


def rated(indicator: Indicator, actuals: list[Actual], today: date) -> list[ValueLine]:
    """Each value rated against its period's target and compared with the previous period
    and the same period last year, whatever their state (a source system sees its own
    drafts move). Three queries, however many values."""
    index = PeriodIndex(Period.objects.filter(kind=indicator.frequency))

    def compared(actual: Actual) -> tuple[Period | None, Period | None]:
        if actual.period.kind != indicator.frequency:
            return None, None
        return index.previous(actual.period), index.last_year(actual.period)

    wanted = {p.pk for a in actuals for p in compared(a) if p is not None}
    earlier: dict[int, Decimal] = dict(
        indicator.actuals.filter(period_id__in=wanted).values_list("period_id", "value")
    )
    targets = {
        t.period_id: t
        for t in indicator.targets.filter(period_id__in=[a.period_id for a in actuals])
    }
    rule = indicator.rule(indicator.council.default_tolerance)
    lines = []
    for actual in actuals:
        target = targets.get(actual.period_id)
        previous, last_year = compared(actual)
        rating = status.evaluate(
            actual.value,
            target.as_rule_target() if target else None,
            earlier.get(previous.pk) if previous else None,
            earlier.get(last_year.pk) if last_year else None,
            rule,
            deadline_passed=today > actual.period.deadline,
        )
        lines.append(ValueLine(actual, target, rating))
    return lines


def action_list(*, client: ApiClient, page: int, limit: int) -> Page[Action]:
    """Actions of the client's council: all of them for a whole-council client, otherwise
    those linked to an indicator it covers or on such an indicator's remedial plan."""
    rows = Action.objects.filter(recommendation__plan__council_id=client.council_id)
    if not client.whole_council:
        indicators = visible_indicators(client).values("pk")
        in_scope = Action.objects.filter(
            Q(indicators__in=indicators) | Q(recommendation__plan__indicator__in=indicators)
        ).values("pk")
        rows = rows.filter(pk__in=in_scope)
    rows = (
        rows.select_related("recommendation__plan")
        .prefetch_related("indicators")
        .order_by("recommendation__plan__ref", "recommendation__position", "position", "pk")
    )
    return paginate(rows, page=page, limit=limit)


def risk_list(*, client: ApiClient, page: int, limit: int) -> Page[Risk]:
    """Risks on the registers of the units the client covers (every register, for a
    whole-council client: the corporate register belongs to no unit)."""
    rows = Risk.objects.filter(register__council_id=client.council_id)
    if not client.whole_council:
        rows = rows.filter(register__unit_id__in=access.client_units(client, access.unit_parents()))
    rows = rows.select_related("register").order_by("register__name", "reference", "pk")
    return paginate(rows, page=page, limit=limit)
