"""Reads for the returns pages, each in a fixed number of queries whatever the numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.urls import reverse

from goldenthread import access, status
from goldenthread.core.work import WorkItem
from goldenthread.indicators.models import Actual, DeadlineRule, Indicator, Period, Target
from goldenthread.indicators.selectors import SIGNED_OFF
from goldenthread.organisation.models import OrgUnit, Person
from goldenthread.periods import financial_year_of
from goldenthread.returns.models import PeriodSignOff

NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: "Not started", **dict(Actual.State.choices)}
OUTSTANDING = frozenset({NOT_STARTED, Actual.State.DRAFT, Actual.State.RETURNED})
# Returns not yet approved, in the order the sign-off page lists them.
OPEN_STATES = (NOT_STARTED, Actual.State.DRAFT, Actual.State.RETURNED, Actual.State.SUBMITTED)
LATE_ENTRY = PeriodSignOff.OpenReturns.LATE_ENTRY
MISSING = PeriodSignOff.OpenReturns.MISSING
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
    # For a return left open when its period was signed off: LATE_ENTRY or MISSING.
    treatment: str = ""

    @property
    def state(self) -> str:
        return self.actual.state if self.actual else NOT_STARTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def closed(self) -> bool:
        """Left open when its period was signed off: out of its owner's hands from then on."""
        return self.period.is_signed_off and self.state in OPEN_STATES

    @property
    def closed_label(self) -> str:
        if not self.closed:
            return ""
        if self.treatment == LATE_ENTRY:
            return "Period signed off: open for late entry by the performance team"
        return "Period signed off: locked as missing"

    @property
    def outstanding(self) -> bool:
        """Still the owner's to do: not entered or not finished, and its period not signed off
        (a signed-off period's returns are locked against their owners)."""
        return self.state in OUTSTANDING and not self.period.is_signed_off

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
    # Only when a period in hand is signed off: how its open returns were left.
    treatments = open_return_treatments() if any(p.is_signed_off for p in periods) else {}
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
                    treatments.get(period.pk, MISSING) if period.is_signed_off else "",
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


def awaiting_approval(*, user: User, treatments: dict[int, str] | None = None) -> list[Awaiting]:
    """Submitted returns this user may approve, oldest first: four queries (five for the
    performance team). A return whose period is signed off is locked, so it is nobody's to
    approve, unless it was left open for late entry: then the performance team's."""
    team = access.is_performance_team(user)
    parents = {} if team else access.unit_parents()  # the team approves anywhere
    closed = Q(period__locked_at__isnull=False)
    if team:
        if treatments is None:
            treatments = open_return_treatments()
        late = [pk for pk, how in treatments.items() if how == LATE_ENTRY]
        closed &= ~Q(period__in=late)
    submitted = [
        a
        for a in Actual.objects.filter(state=Actual.State.SUBMITTED)
        .exclude(closed)
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


# --- signing off a period -------------------------------------------------------------------


def open_return_treatments() -> dict[int, str]:
    """How the open returns of each signed-off period were left (LATE_ENTRY or MISSING), by
    period id: one query. A period signed off before sign-offs were recorded has none: its
    open returns count as missing."""
    rows = (
        PeriodSignOff.objects.filter(period__locked_at__isnull=False)
        .order_by("signed_off_at", "pk")
        .values_list("period_id", "open_returns")
    )
    return dict(rows)  # the latest sign-off of each period wins


def treatment_of(period: Period) -> str:
    """LATE_ENTRY or MISSING for a signed-off period, "" for one that is not: one query."""
    if not period.is_signed_off:
        return ""
    latest = period.sign_offs.order_by("-signed_off_at", "-pk").first()
    return latest.open_returns if latest else MISSING


@dataclass
class OpenReturn:
    indicator: Indicator
    actual: Actual | None

    @property
    def state(self) -> str:
        return self.actual.state if self.actual else NOT_STARTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class ServiceOpen:
    """One service's returns still open in a period."""

    service: OrgUnit
    returns: list[OpenReturn] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return _counted(self.returns)


def _counted(returns: Sequence[OpenReturn]) -> list[tuple[str, int]]:
    """(state label, how many) for each open state present, in ``OPEN_STATES`` order."""
    by_state: dict[str, int] = defaultdict(int)
    for item in returns:
        by_state[item.state] += 1
    return [(STATE_LABELS[state], by_state[state]) for state in OPEN_STATES if by_state[state]]


@dataclass
class SignOffSummary:
    """What signing off a period would do: the approved returns it publishes, and the returns
    still open (not started, draft, returned, submitted) by service."""

    period: Period
    services: list[ServiceOpen]
    approved: int

    @property
    def open_returns(self) -> list[OpenReturn]:
        return [item for group in self.services for item in group.returns]

    @property
    def open_count(self) -> int:
        return len(self.open_returns)

    @property
    def counts(self) -> list[tuple[str, int]]:
        return _counted(self.open_returns)

    def open_counts(self) -> dict[str, int]:
        """Open returns by state code, as recorded with the sign-off."""
        by_state: dict[str, int] = defaultdict(int)
        for item in self.open_returns:
            by_state[item.state] += 1
        return dict(by_state)


def sign_off_summary(*, period: Period) -> SignOffSummary:
    """The returns due for ``period`` that are not yet approved, by service: two queries."""
    year = period.financial_year
    indicators = list(
        _indicators()
        .filter(frequency=period.kind, first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
    )
    actuals = {a.indicator_id: a for a in Actual.objects.filter(period=period)}
    groups: dict[int, ServiceOpen] = {}
    approved = 0
    for indicator in indicators:
        actual = actuals.get(indicator.pk)
        if actual is not None:
            actual.period = period
        if actual is not None and actual.is_signed_off:
            approved += actual.state == Actual.State.APPROVED
            continue
        group = groups.setdefault(indicator.service_id, ServiceOpen(indicator.service))
        group.returns.append(OpenReturn(indicator, actual))
    ordered = sorted(groups.values(), key=lambda g: g.service.name)
    for group in ordered:
        group.returns.sort(key=lambda r: (OPEN_STATES.index(r.state), r.indicator.code))
    return SignOffSummary(period, ordered, approved)


# --- "My work" --------------------------------------------------------------------------------

RETURNS_TO_ENTER = "Returns to enter"
RETURNS_TO_APPROVE = "Returns to approve"
LATE_RETURNS = "Late returns to enter (periods signed off)"


def _due_state(row: ReturnRow) -> str:
    if row.state == Actual.State.RETURNED:
        prefix = "Returned for correction, "
    elif row.state == Actual.State.DRAFT:
        prefix = "Draft, "
    else:
        prefix = ""
    if row.overdue:
        days = row.days_overdue
        return f"{prefix}overdue {days} day{'s' if days != 1 else ''}".capitalize()
    days = (row.period.deadline - row.today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"{prefix}due {when}".capitalize()


def _return_item(kind: str, row: ReturnRow, state: str) -> WorkItem:
    return WorkItem(
        kind=kind,
        title=f"{row.indicator.code} {row.indicator.title}",
        url=reverse("returns:edit", args=[row.indicator.pk, row.period.code]),
        due=row.period.deadline,
        state=state,
        detail=row.period.label,
    )


def work_items(person: Person, today: date) -> list[WorkItem]:
    """What ``person`` owes in data collection: returns to enter (due, overdue, returned),
    returns waiting for their approval and, for the performance team, returns left open for
    late entry when their period was signed off. A fixed number of queries (at most ten)."""
    user = person.user
    items = [
        _return_item(RETURNS_TO_ENTER, row, _due_state(row))
        for row in my_returns(user=user, today=today)
        if row.outstanding
    ]
    treatments = open_return_treatments() if access.is_performance_team(user) else None
    if access.approves_anything(user):
        for waiting in awaiting_approval(user=user, treatments=treatments):
            actual = waiting.actual
            submitted = actual.submitted_at.date() if actual.submitted_at else None
            items.append(
                WorkItem(
                    kind=RETURNS_TO_APPROVE,
                    title=f"{actual.indicator.code} {actual.indicator.title}",
                    url=reverse("returns:review", args=[actual.pk]),
                    due=actual.period.deadline,
                    state=f"Submitted {submitted:%-d %b %Y}" if submitted else "Submitted",
                    detail=f"{actual.period.label}, {actual.indicator.service.name}",
                )
            )
    if treatments is not None:
        items.extend(
            _return_item(LATE_RETURNS, row, row.state_label)
            for row in late_entries(today=today, treatments=treatments)
        )
    return items


def late_entries(*, today: date, treatments: dict[int, str] | None = None) -> list[ReturnRow]:
    """Returns not started, draft or returned, left open for late entry by the performance team when their period was signed
    off: one query when there are none, four when there are."""
    if treatments is None:
        treatments = open_return_treatments()
    late = {pk for pk, how in treatments.items() if how == LATE_ENTRY}
    if not late:
        return []
    rows = _rows(list(_indicators()), today)
    # Submitted ones are on the team's approvals instead.
    return [
        row for row in rows if row.period.pk in late and row.closed and row.state in OUTSTANDING
    ]
