"""Building public and internal indicators with figures in every workflow state."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.organisation.models import Council, OrgUnit

QUARTERS = ["2024-25-Q3", "2024-25-Q4", "2025-26-Q1", "2025-26-Q2"]


def indicator(
    council: Council, service: OrgUnit, code: str, *, public: bool, title: str = ""
) -> Indicator:
    made = Indicator(
        council=council,
        code=code,
        title=title or f"{'Public' if public else 'Hidden'} indicator {code}",
        polarity="higher",
        unit="number",
        decimals=0,
        frequency="quarter",
        aggregation="latest",
        service=service,
        first_year=2022,
        is_key=True,
        is_public=public,
    )
    made.full_clean()
    made.save()
    return made


def figure(
    target_of: Indicator, period: Period, value: int, state: str, *, note: str = ""
) -> Actual:
    """A figure in ``state`` with commentary and remedial action that name it."""
    Target.objects.get_or_create(
        indicator=target_of, period=period, defaults={"value": Decimal(value - 3)}
    )
    return Actual.objects.create(
        indicator=target_of,
        period=period,
        value=Decimal(value),
        state=state,
        commentary=f"COMMENT-{value}{note}",
        remedial_action=f"REMEDIAL-{value}",
    )


def sign_off(period: Period) -> None:
    Period.objects.filter(pk=period.pk).update(locked_at=timezone.now())
