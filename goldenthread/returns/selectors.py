"""Reads for the returns pages, each in a fixed number of queries whatever the numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from goldenthread import access, status
from goldenthread.indicators.models import Actual, DeadlineRule, Indicator, Period, Target
from goldenthread.indicators.selectors import SIGNED_OFF
from goldenthread.organisation.models import OrgUnit, Person
from goldenthread.periods import financial_year_of

NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: "Not started", **dict(Actual.State.choices)}
OUTSTANDING = frozenset({NOT_STARTED, Actual.State.DRAFT, Actual.State.RETURNED})
DEFAULT_DUE_SOON_DAYS = 5
HISTORY_LENGTH = 12
# What the checks read of each earlier period (``Period.reporting_year`` and its label).
HISTORY_PERIOD_FIELDS = ("label", "kind", "start", "financial_year", "sequence")


def due_soon_days() -> dict[str, int]:
    """Days before the deadline that a return counts as due soon, by frequency."""
    return dict(DeadlineRule.objects.values_list("frequency", "due_soon_days"))


@dataclass
class ReturnRow:
    indicator: Indicator
    period: Period
    actual: Actual | None
    today: date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS

    @property
    def state(self) -> str:
        return self.actual.state if self.actual else NOT_STARTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def outstanding(self) -> bool:
        return self.state in OUTSTANDING

    @property
    def locked(self) -> bool:
        return self.actual.is_locked if self.actual else self.period.is_signed_off

    @property
    def overdue(self) -> bool:
        return self.outstanding and self.period.deadline < self.today

    @property
    def days_overdue(self) -> int:
        return (self.today - self.period.deadline).days if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        return (
            self.outstanding
            and self.today <= self.period.deadline
            and self.period.deadline - self.today <= timedelta(days=self.due_soon_days)
        )


def _window(today: date) -> Q:
    """Returns collected now: periods ended by today, this financial year and last."""
    return Q(end__lt=today, financial_year__gte=financial_year_of(today) - 1)


def _rows(indicators: Sequence[Indicator], today: date) -> list[ReturnRow]:
    """Every return due from ``indicators`` in the window: two queries."""
    kinds = {i.frequency for i in indicators}
    if not kinds:
        return []
    periods = list(Period.objects.filter(_window(today), kind__in=kinds).order_by("end"))
    soon = due_soon_days()
    in_hand = {p.pk: p for p in periods}
    actuals = {}
    for a in Actual.objects.filter(
        indicator__in=[i.pk for i in indicators], period__in=list(in_hand)
    ):
        a.period = in_hand[a.period_id]  # so ``ReturnRow.locked`` does not read it again
        actuals[a.indicator_id, a.period_id] = a
    by_kind: dict[str, list[Period]] = defaultdict(list)
    for period in periods:
        by_kind[period.kind].append(period)
    rows = []
    for indicator in indicators:
        for period in by_kind[indicator.frequency]:
            if period.financial_year < indicator.first_year or (
                indicator.last_year is not None and period.financial_year > indicator.last_year
            ):
                continue
            rows.append(
                ReturnRow(
                    indicator,
                    period,
                    actuals.get((indicator.pk, period.pk)),
                    today,
                    soon.get(period.kind, DEFAULT_DUE_SOON_DAYS),
                )
            )
    return rows


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("service__parent", "owner__user").order_by("code")


def my_returns(*, user: User, today: date) -> list[ReturnRow]:
    """The returns due from the indicators ``user`` owns: outstanding first, by deadline."""
    person = access.person_of(user)
    if person is None:
        return []
    rows = _rows(list(_indicators().filter(owner=person)), today)
    return sorted(rows, key=lambda r: (not r.outstanding, r.period.deadline, r.indicator.code))


@dataclass
class ChaseGroup:
    service: OrgUnit
    owners: list[tuple[Person | None, list[ReturnRow]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(rows) for _, rows in self.owners)


def chase_list(*, today: date) -> list[ChaseGroup]:
    """Overdue returns by service and owner, for the performance team: three queries."""
    overdue = [row for row in _rows(list(_indicators()), today) if row.overdue]
    services: dict[int, ChaseGroup] = {}
    owners: dict[tuple[int, int | None], list[ReturnRow]] = defaultdict(list)
    for row in overdue:
        services.setdefault(row.indicator.service_id, ChaseGroup(row.indicator.service))
        owners[(row.indicator.service_id, row.indicator.owner_id)].append(row)
    for (service_id, _), rows in owners.items():
        rows.sort(key=lambda r: (r.period.deadline, r.indicator.code))
        services[service_id].owners.append((rows[0].indicator.owner, rows))
    for group in services.values():
        group.owners.sort(key=lambda pair: str(pair[0]) if pair[0] else "")
    return sorted(services.values(), key=lambda g: (-g.count, g.service.name))


@dataclass
class Awaiting:
    actual: Actual
    target: Target | None
    rag: status.Rag


def awaiting_approval(*, user: User) -> list[Awaiting]:
    """Submitted returns this user may approve, oldest first: four queries."""
    parents = access.unit_parents()
    submitted = [
        a
        for a in Actual.objects.filter(state=Actual.State.SUBMITTED)
        .select_related(
            "indicator__council",
            "indicator__service",
            "indicator__owner__user",
            "period",
            "submitted_by",
        )
        .order_by("submitted_at", "pk")
        if access.can_approve(user, a.indicator, parents)
    ]
    targets = _targets_for([(a.indicator_id, a.period_id) for a in submitted])
    result = []
    for actual in submitted:
        target = targets.get((actual.indicator_id, actual.period_id))
        rule = actual.indicator.rule(actual.indicator.council.default_tolerance)
        rating = status.rag(actual.value, _status_target(target), rule, deadline_passed=True)
        result.append(Awaiting(actual, target, rating))
    return result


def _targets_for(pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Target]:
    if not pairs:
        return {}
    wanted = set(pairs)
    return {
        (t.indicator_id, t.period_id): t
        for t in Target.objects.filter(
            indicator__in={i for i, _ in pairs}, period__in={p for _, p in pairs}
        )
        if (t.indicator_id, t.period_id) in wanted
    }


def _status_target(target: Target | None) -> status.Target | None:
    if target is None:
        return None
    return status.Target(value=target.value, lower=target.lower, upper=target.upper)


@dataclass
class ReturnContext:
    """What the return form needs: the return, its target and what to check it against."""

    indicator: Indicator
    period: Period
    actual: Actual | None
    target: Target | None
    history: list[Decimal]  # signed-off values the unusual-value check compares with
    compared_value: Decimal | None  # the figure the large-change check compares with
    compared_label: str

    @property
    def status_target(self) -> status.Target | None:
        return _status_target(self.target)

    def rag_for(self, value: Decimal) -> status.Rag:
        rule = self.indicator.rule(self.indicator.council.default_tolerance)
        return status.rag(value, self.status_target, rule, deadline_passed=True)


def return_context(*, indicator: Indicator, period: Period) -> ReturnContext:
    """Three queries: the return, the target, and the signed-off history of this frequency
    (the latest ``HISTORY_LENGTH`` figures, or for a cumulative indicator the same point in
    as many earlier years)."""
    # Through ``period.actuals``, so the return holds ``period`` and ``is_locked`` reads it free.
    actual = (
        period.actuals.select_related("modified_by", "submitted_by", "approved_by")
        .filter(indicator=indicator)
        .first()
    )
    target = Target.objects.filter(indicator=indicator, period=period).first()
    earlier = (
        Actual.objects.filter(
            indicator=indicator,
            period__kind=period.kind,
            period__start__lt=period.start,
            state__in=SIGNED_OFF,
        )
        .select_related("period")
        .only("value", "period", *(f"period__{name}" for name in HISTORY_PERIOD_FIELDS))
        .order_by("-period__start")
    )
    if indicator.cumulative:
        # Year-to-date figures grow through the year: compare like with like, the same
        # point in earlier years.
        same_point = list(earlier.filter(period__sequence=period.sequence)[:HISTORY_LENGTH])
        history = [a.value for a in same_point]
        compared = next(
            (a for a in same_point if a.period.reporting_year == period.reporting_year - 1),
            None,
        )
        label = f"the same period last year ({compared.period.label})" if compared else ""
    else:
        latest = list(earlier[:HISTORY_LENGTH])
        history = [a.value for a in latest]
        compared = latest[0] if latest else None
        label = f"the previous figure ({compared.period.label})" if compared else ""
    return ReturnContext(
        indicator=indicator,
        period=period,
        actual=actual,
        target=target,
        history=history,
        compared_value=compared.value if compared else None,
        compared_label=label,
    )


def periods_for_sign_off(*, today: date) -> list[tuple[Period, dict[str, int]]]:
    """Recent ended periods with their returns counted by state: two queries."""
    periods = list(Period.objects.filter(_window(today)).order_by("-end", "kind"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for period_id, state in Actual.objects.filter(period__in=periods).values_list(
        "period_id", "state"
    ):
        counts[period_id][state] += 1
    return [(p, dict(counts[p.pk])) for p in periods]


def owner_reminder_rows(*, today: date) -> list[ReturnRow]:
    """Outstanding returns due soon or overdue, for every owner: three queries."""
    return [
        row
        for row in _rows(list(_indicators().filter(owner__isnull=False)), today)
        if row.due_soon or row.overdue
    ]
