"""A demo proposal: the owner login asks the performance team to raise next year's target of
one of their indicators, so the team's list has a decision waiting (issue 17a)."""

from __future__ import annotations

from decimal import Decimal

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator, Proposal, Target
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import PeriodKind

REASON = (
    "The new online claim form went live in the autumn: we expect to process claims faster "
    "next year, so the target should be more demanding."
)


def build(*, council: Council, next_year: int) -> Proposal | None:
    owner = Person.objects.select_related("user").filter(user__username="owner").first()
    if owner is None:
        return None
    indicator = (
        Indicator.objects.filter(council=council, owner=owner, last_year__isnull=True)
        .exclude(polarity="band")
        .exclude(polarity="none")
        .order_by("code")
        .first()
    )
    if indicator is None:
        return None
    latest = (
        Target.objects.filter(
            indicator=indicator, period__kind=PeriodKind.FINANCIAL_YEAR, value__isnull=False
        )
        .order_by("-period__financial_year")
        .first()
    )
    base = latest.value if latest is not None and latest.value is not None else Decimal(100)
    better = Decimal("0.95") if indicator.polarity == "lower" else Decimal("1.05")
    value = (base * better).quantize(Decimal(1).scaleb(-indicator.decimals))
    return services.proposal_create(
        actor=owner.user,
        person=owner,
        indicator=indicator,
        kind=Proposal.Kind.TARGET,
        financial_year=next_year,
        reason=REASON,
        proposed={"value": value},
    )
