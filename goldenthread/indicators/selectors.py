"""Reads of indicators that the apps above them share: which figures count as signed off,
who a page is for, periods indexed for finding the previous and last year's, and the audit
trail. The scorecard and indicator pages themselves are ``goldenthread.scorecard``'s.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from goldenthread import status
from goldenthread.core.editing import version_of
from goldenthread.core.models import AuditEntry
from goldenthread.core.work import WorkItem
from goldenthread.indicators.models import Actual, Indicator, Period, Proposal, Target
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import PeriodKind, financial_year_label

# The scorecard and the indicator page show only figures someone has checked: approved or
# published returns (docs/adr/0005-data-collection.md). Drafts and submissions wait in
# the returns pages until they are approved.
SIGNED_OFF = tuple(Actual.LOCKED_STATES)


@dataclass(frozen=True)
class Audience:
    """Who a scorecard or indicator page is for: which indicators and which figures it shows.

    Staff see the signed-off figures of key indicators; the public (``goldenthread.public``)
    only the published figures of indicators flagged public. Approved is not enough for the
    public: a figure is published when its period is signed off.
    """

    states: tuple[str, ...]
    indicators: Q
    # The figures that decide which quarter the scorecard opens on (a filter on actuals).
    dated_by: Q
    benchmarks: bool = True


STAFF = Audience(SIGNED_OFF, Q(is_key=True), dated_by=Q())
PUBLIC = Audience(
    (Actual.State.PUBLISHED,),
    Q(is_public=True),
    dated_by=Q(indicator__is_public=True),
    benchmarks=False,
)


class PeriodIndex:
    """All periods, indexed by kind, for finding previous, last-year and trailing periods."""

    def __init__(self, all_periods: Iterable[Period]):
        self.by_kind: dict[str, list[Period]] = defaultdict(list)
        self.by_key: dict[tuple[str, int, int], Period] = {}
        for period in all_periods:
            self.by_kind[period.kind].append(period)
            self.by_key[(period.kind, period.reporting_year, period.sequence)] = period
        for kind_periods in self.by_kind.values():
            kind_periods.sort(key=lambda p: p.start)
        self.position = {
            p.pk: i for kind_periods in self.by_kind.values() for i, p in enumerate(kind_periods)
        }

    def latest_ending_by(self, kind: str, end: date) -> Period | None:
        """The latest period of ``kind`` that has ended by ``end``."""
        candidates = [p for p in self.by_kind.get(kind, []) if p.end <= end]
        return candidates[-1] if candidates else None

    def trailing(self, period: Period, count: int) -> list[Period]:
        """``count`` periods of the same kind ending with ``period``."""
        index = self.position[period.pk]
        return self.by_kind[period.kind][max(0, index - count + 1) : index + 1]

    def previous(self, period: Period) -> Period | None:
        index = self.position[period.pk]
        return self.by_kind[period.kind][index - 1] if index > 0 else None

    def last_year(self, period: Period) -> Period | None:
        return self.by_key.get((period.kind, period.reporting_year - 1, period.sequence))


def latest_quarter_with_data(index: PeriodIndex, audience: Audience = STAFF) -> Period | None:
    """The latest quarter that has ended by the last period with a figure the audience sees."""
    shown = Actual.objects.filter(audience.dated_by, state__in=audience.states)
    last_end = shown.aggregate(last=Max("period__end"))["last"]
    if last_end is None:
        return None
    return index.latest_ending_by("quarter", last_end)


HISTORY_ON_PAGE = 50


ACTUAL_MODEL = Actual._meta.label_lower


def history(
    *, indicator: Indicator, limit: int | None = None, unchecked: bool = True
) -> list[AuditEntry]:
    """The audit trail of an indicator's definition, targets and values, newest first: one
    query. Each entry's actor comes with it.

    ``unchecked=False`` (``access.sees_unchecked`` says who) leaves out every change to a
    return that left it unchecked — a draft, a submission, a return sent back, a refused
    save — so only what happened once it was approved or published is shown.
    """
    entries = AuditEntry.objects.filter(scope=indicator.audit_scope).select_related("actor")
    if unchecked:
        return list(entries[:limit] if limit else entries)
    shown = checked_only(entries.order_by("at", "id"))
    shown.reverse()
    return shown[:limit] if limit else shown


def checked_only(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries (oldest first) that leave their return approved or published, and every
    entry that is not about a return. A return's state after an entry is the last state
    change seen, so the entries must come oldest first and include all of the return's."""
    state_of: dict[str, str] = {}
    shown = []
    for entry in entries:
        if entry.model != ACTUAL_MODEL:
            shown.append(entry)
            continue
        change = (entry.changes or {}).get("state")
        if (
            isinstance(change, list)
            and len(change) == 2
            and entry.action != AuditEntry.Action.REFUSED
        ):
            state_of[entry.object_id] = change[1]
        if (
            entry.action != AuditEntry.Action.REFUSED
            and state_of.get(entry.object_id) in SIGNED_OFF
        ):
            shown.append(entry)
    return shown


# --- targets, proposals and rolling forward (the performance team's editing pages) ------


def year_periods(indicator: Indicator, financial_year: int) -> list[Period]:
    """The indicator's reporting periods in a financial year, in order (one query)."""
    return list(
        Period.objects.filter(kind=indicator.frequency, financial_year=financial_year).order_by(
            "start"
        )
    )


def year_is_locked(indicator: Indicator, financial_year: int) -> bool:
    """Whether any of the indicator's periods in the year (or the year itself) is signed off,
    which locks the year's targets: one query."""
    return (
        Period.objects.filter(financial_year=financial_year, locked_at__isnull=False)
        .filter(kind__in=[indicator.frequency, "financial_year"])
        .exists()
    )


def year_targets(indicator: Indicator, financial_year: int) -> dict[str, Target]:
    """The indicator's targets in a financial year (its periods' and the year's own), by
    period code: one query."""
    rows = Target.objects.filter(
        indicator=indicator, period__financial_year=financial_year
    ).select_related("period")
    return {
        t.period.code: t
        for t in rows
        if t.period.kind in (indicator.frequency, PeriodKind.FINANCIAL_YEAR)
    }


def targets_version(targets: Iterable[Target]) -> str:
    """One ``version_of`` for a set of target rows: moves on when any of them changes, or
    one is added or removed, so a year's targets are checked as the one thing a form edits."""
    parts = sorted(f"{t.pk}:{version_of(t)}" for t in targets)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def annual_target(indicator: Indicator, targets: dict[str, Target]) -> Target | None:
    """The year's own target among ``year_targets``."""
    for target in targets.values():
        if target.period.kind == PeriodKind.FINANCIAL_YEAR:
            return target
    return None


def proposals_for(person: Person | None, *, team: bool) -> tuple[list[Proposal], list[Proposal]]:
    """Open proposals and decided ones (newest first), each with its indicator and people:
    every proposal for the team, otherwise the person's own. Two queries."""
    rows = Proposal.objects.select_related(
        "indicator", "proposed_by__user", "decided_by__user"
    ).order_by("created_on", "pk")
    if not team:
        rows = rows.filter(proposed_by=person) if person else rows.none()
    open_ = list(rows.filter(state=Proposal.State.PROPOSED))
    decided = list(
        rows.exclude(state=Proposal.State.PROPOSED).order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )
    return open_, decided


DECIDED_SHOWN = 50
# How long an owner's list shows a decision on their proposal, and how long the team has
# to decide one before it shows as overdue on their list.
DECIDED_NEWS_DAYS = 14
DECIDE_WITHIN_DAYS = 10


def work_items(person: Person, today: date) -> list[WorkItem]:
    """What the person owes or should see about proposals (``core.work``): the performance
    team decides open proposals; an owner sees decisions on theirs from the last two weeks.
    One query."""
    if person.role in (Person.Role.PERFORMANCE, Person.Role.ADMIN):
        rows = Proposal.objects.filter(state=Proposal.State.PROPOSED).select_related("indicator")
        items = []
        for proposal in rows.order_by("created_on", "pk"):
            due = timezone.localdate(proposal.created_on) + timedelta(days=DECIDE_WITHIN_DAYS)
            items.append(
                WorkItem(
                    kind="Proposals to decide",
                    title=str(proposal.indicator),
                    url=reverse("indicators:proposal", args=[proposal.pk]),
                    due=due,
                    state=_due_state(due, today),
                    detail=proposal_summary(proposal),
                )
            )
        return items
    since = today - timedelta(days=DECIDED_NEWS_DAYS)
    decided = (
        Proposal.objects.filter(proposed_by=person, decided_at__date__gte=since)
        .exclude(state=Proposal.State.PROPOSED)
        .select_related("indicator")
        .order_by("-decided_at", "-pk")
    )
    return [
        WorkItem(
            kind="Your proposals decided",
            title=str(proposal.indicator),
            url=reverse("indicators:proposal", args=[proposal.pk]),
            due=None,
            state=proposal.get_state_display(),
            detail=proposal_summary(proposal),
        )
        for proposal in decided
    ]


def _due_state(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"Overdue {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def proposal_summary(proposal: Proposal) -> str:
    if proposal.kind == Proposal.Kind.TARGET and proposal.financial_year is not None:
        return f"Target for {financial_year_label(proposal.financial_year)}"
    fields = ", ".join(
        str(getattr(Indicator._meta.get_field(name), "verbose_name", name))
        for name in proposal.proposed
    )
    return f"Definition: {fields}"


class RollMethod(models.TextChoices):
    SAME = "same", "The same target as this year"
    UPLIFT = "uplift", "This year's target changed by a percentage"
    OUTTURN = "outturn", "This year's outturn (the signed-off year to date)"


@dataclass(frozen=True)
class RollRow:
    """One indicator in a roll-forward: its target this year, next year's as it stands, and
    the target rolling forward would set (None when it is skipped, with the reason)."""

    indicator: Indicator
    old: Target | None
    existing: Target | None
    value: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    skipped: str = ""

    @property
    def writes(self) -> bool:
        return not self.skipped


@dataclass(frozen=True)
class RollForward:
    from_year: int
    to_year: int
    rows: list[RollRow]
    version: str  # moves on when any target it reads or would write changes

    @property
    def from_label(self) -> str:
        return financial_year_label(self.from_year)

    @property
    def to_label(self) -> str:
        return financial_year_label(self.to_year)

    @property
    def writing(self) -> list[RollRow]:
        return [row for row in self.rows if row.writes]


def roll_forward_preview(
    *,
    council: Council,
    from_year: int,
    method: str,
    uplift: Decimal | None = None,
    overwrite: bool = False,
) -> RollForward:
    """What rolling this year's targets into the next would do, indicator by indicator, in a
    fixed number of queries (four, whatever the number of indicators)."""
    to_year = from_year + 1
    indicators = list(
        Indicator.objects.filter(council=council, first_year__lte=to_year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=to_year))
        .order_by("code")
    )
    annual: dict[tuple[int, int], Target] = {
        (t.indicator_id, t.period.financial_year): t
        for t in Target.objects.filter(
            indicator__in=indicators,
            period__kind=PeriodKind.FINANCIAL_YEAR,
            period__financial_year__in=[from_year, to_year],
        ).select_related("period")
    }
    has_periods = Period.objects.filter(
        kind=PeriodKind.FINANCIAL_YEAR, financial_year=to_year
    ).exists()
    outturns: dict[int, Decimal | None] = {}
    if method == RollMethod.OUTTURN:
        observed: dict[int, list[status.Observation]] = defaultdict(list)
        actuals = Actual.objects.filter(
            indicator__in=indicators,
            period__financial_year=from_year,
            state__in=SIGNED_OFF,
        ).select_related("period")
        kinds = {i.pk: i.frequency for i in indicators}
        for actual in sorted(actuals, key=lambda a: a.period.start):
            if actual.period.kind == kinds[actual.indicator_id]:
                observed[actual.indicator_id].append(
                    status.Observation(actual.value, actual.numerator, actual.denominator)
                )
        default = council.default_tolerance
        outturns = {
            i.pk: status.year_to_date(observed[i.pk], i.rule(default)) if observed[i.pk] else None
            for i in indicators
        }
    rows = [
        _roll_row(
            indicator,
            annual.get((indicator.pk, from_year)),
            annual.get((indicator.pk, to_year)),
            method=method,
            uplift=uplift or Decimal(0),
            overwrite=overwrite,
            outturn=outturns.get(indicator.pk),
            has_periods=has_periods,
            to_year=to_year,
        )
        for indicator in indicators
    ]
    digest = "|".join(
        f"{row.indicator.pk}:{row.old and version_of(row.old)}:"
        f"{row.existing and version_of(row.existing)}:{row.value}:{row.lower}:{row.upper}"
        for row in rows
    )
    version = hashlib.sha256(digest.encode()).hexdigest()[:16]
    return RollForward(from_year, to_year, rows, version)


def _roll_row(
    indicator: Indicator,
    old: Target | None,
    existing: Target | None,
    *,
    method: str,
    uplift: Decimal,
    overwrite: bool,
    outturn: Decimal | None,
    has_periods: bool,
    to_year: int,
) -> RollRow:
    def skip(reason: str) -> RollRow:
        return RollRow(indicator, old, existing, skipped=reason)

    if not has_periods:
        return skip(f"There are no periods for {financial_year_label(to_year)} yet.")
    if existing is not None and not overwrite:
        return skip("Already has next year's target (choose to overwrite to replace it).")
    quantum = Decimal(1).scaleb(-indicator.decimals)

    def at_precision(value: Decimal) -> Decimal:
        return value.quantize(quantum, rounding=ROUND_HALF_UP)

    if method == RollMethod.OUTTURN:
        if old is not None and old.lower is not None:
            return skip("A band target is not taken from an outturn.")
        if outturn is None:
            return skip("No signed-off figures this year to take an outturn from.")
        return RollRow(indicator, old, existing, value=at_precision(outturn))
    if old is None:
        return skip("No target this year to roll forward.")
    factor = Decimal(1) + (uplift / Decimal(100) if method == RollMethod.UPLIFT else Decimal(0))

    def moved(value: Decimal | None) -> Decimal | None:
        return None if value is None else at_precision(value * factor)

    return RollRow(
        indicator,
        old,
        existing,
        value=moved(old.value),
        lower=moved(old.lower),
        upper=moved(old.upper),
    )
