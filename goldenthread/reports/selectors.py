"""Reads for the reporting matrix, exceptions and report packs, each in a fixed number of
queries whatever the number of indicators, bodies or periods.

Only signed-off figures (approved or published) are read, as on the scorecard
(``goldenthread.indicators.selectors.SIGNED_OFF``).
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from goldenthread import exception_rules, status
from goldenthread.exception_rules import ExceptionRule
from goldenthread.indicators.models import Actual, Family, Indicator, Period, Target
from goldenthread.indicators.selectors import SIGNED_OFF, PeriodIndex
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.periods import financial_year_of
from goldenthread.reports.models import (
    Body,
    Challenge,
    CycleEvent,
    ExceptionPolicy,
    MatrixEntry,
    Meeting,
    Referral,
)

# --- the reporting matrix (docs/sources.md#seed-002-appendix-5) -------------------------------

LEVELS: tuple[tuple[int, str, frozenset[str]], ...] = (
    (
        1,
        "National performance indicators",
        frozenset({Family.NATIONAL_BVPI, Family.NATIONAL_INDICATOR}),
    ),
    (
        2,
        "Local performance indicators",
        frozenset({Family.LOCAL, Family.PARTNERSHIP, Family.PERCEPTION, Family.BENCHMARKING}),
    ),
    (3, "Departmental performance indicators", frozenset({Family.DIRECTORATE})),
)


@dataclass
class MatrixRow:
    indicator: Indicator
    cells: list[MatrixEntry | None]

    @property
    def notes(self) -> str:
        """The row's "Reporting format / comments": each body's, where one is given."""
        parts = []
        for entry in self.cells:
            if entry is not None and (entry.format or entry.comments):
                text = "; ".join(t for t in (entry.format, entry.comments) if t)
                parts.append(f"{entry.body.short_name}: {text}")
        return ". ".join(parts)


@dataclass
class MatrixLevel:
    number: int
    title: str
    rows: list[MatrixRow]


@dataclass
class Matrix:
    directorate: OrgUnit
    bodies: list[Body]
    levels: list[MatrixLevel]


def directorates(*, council: Council) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(council=council, kind=OrgUnit.Kind.DIRECTORATE).order_by("name")
    )


def reporting_matrix(*, directorate: OrgUnit) -> Matrix:
    """The directorate's matrix: three levels, a column per body. Three queries."""
    bodies = list(Body.objects.filter(council_id=directorate.council_id))
    indicators = list(
        Indicator.objects.filter(service__parent=directorate)
        .only("code", "title", "family", "council_id")
        .order_by("code")
    )
    column = {body.pk: i for i, body in enumerate(bodies)}
    by_body = {body.pk: body for body in bodies}
    cells: dict[int, list[MatrixEntry | None]] = {i.pk: [None] * len(bodies) for i in indicators}
    for entry in MatrixEntry.objects.filter(indicator__service__parent=directorate):
        entry.body = by_body[entry.body_id]
        cells[entry.indicator_id][column[entry.body_id]] = entry
    levels = []
    for number, title, families in LEVELS:
        rows = [MatrixRow(i, cells[i.pk]) for i in indicators if i.family in families]
        levels.append(MatrixLevel(number, title, rows))
    return Matrix(directorate, bodies, levels)


# --- exceptions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExceptionFilters:
    body: int | None = None
    directorate: int | None = None
    rule: str = ""
    key_only: bool = False
    indicator_ids: frozenset[int] | None = None


@dataclass
class IndicatorState:
    """An indicator's latest period, its figure, target, rating and broken rules."""

    indicator: Indicator
    period: Period
    value: Decimal | None
    target: status.Target | None
    rag: status.Rag
    against_last_year: status.Direction
    rules: list[ExceptionRule]
    commentary: str = ""
    remedial_action: str = ""
    # The tracked actions on it (issue 6's action plans), a line each; the IPR fills these.
    actions: list[str] = field(default_factory=list)

    @property
    def rule_labels(self) -> str:
        return ", ".join(rule.label for rule in self.rules)


@dataclass
class ExceptionReport:
    period: Period | None
    policy: exception_rules.Policy
    states: list[IndicatorState]
    counts: Counter[ExceptionRule] = field(default_factory=Counter)

    @property
    def rows(self) -> list[IndicatorState]:
        """The indicators breaking at least one rule."""
        return [state for state in self.states if state.rules]

    @property
    def rule_counts(self) -> list[tuple[ExceptionRule, int]]:
        """How many indicators break each rule, in rule order, zeros left out."""
        return [(rule, self.counts[rule]) for rule in ExceptionRule if self.counts[rule]]

    @property
    def caption(self) -> str:
        count = len(self.rows)
        return (
            f"{count} indicator is an exception"
            if count == 1
            else f"{count} indicators are exceptions"
        )


def policy_of(council: Council) -> exception_rules.Policy:
    stored = ExceptionPolicy.objects.filter(council=council).first()
    return stored.as_policy() if stored else exception_rules.Policy()


def quarter_for(index: PeriodIndex, today: date, code: str = "") -> Period | None:
    """The chosen quarter, else the latest quarter whose data deadline has passed."""
    quarters = index.by_kind.get("quarter", [])
    chosen = next((p for p in quarters if p.code == code), None)
    if chosen is not None:
        return chosen
    due = [p for p in quarters if p.deadline < today]
    return due[-1] if due else None


def _indicators(council: Council, filters: ExceptionFilters) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(council=council)
    if filters.key_only:
        indicators = indicators.filter(is_key=True)
    if filters.directorate:
        indicators = indicators.filter(service__parent_id=filters.directorate)
    if filters.body:
        indicators = indicators.filter(reporting__body_id=filters.body)
    if filters.indicator_ids is not None:
        indicators = indicators.filter(pk__in=filters.indicator_ids)
    return indicators.select_related("service__parent", "owner__user").order_by("code")


def indicator_states(
    *,
    council: Council,
    today: date,
    period_code: str = "",
    filters: ExceptionFilters | None = None,
) -> ExceptionReport:
    """Every matching indicator's latest period up to the chosen quarter, rated, with the
    exception rules it breaks. Five queries, whatever the number of indicators."""
    filters = filters or ExceptionFilters()
    index = PeriodIndex(Period.objects.all())
    policy = policy_of(council)
    chosen = quarter_for(index, today, period_code)
    if chosen is None:
        return ExceptionReport(None, policy, [])
    depth = exception_rules.history_needed(policy)
    indicators = list(_indicators(council, filters))
    plan: list[tuple[Indicator, list[Period], Period | None]] = []
    needed: set[int] = set()
    for indicator in indicators:
        current = index.latest_ending_by(indicator.frequency, chosen.end)
        if current is None or current.financial_year < indicator.first_year:
            continue
        if indicator.last_year is not None and current.financial_year > indicator.last_year:
            continue
        window = index.trailing(current, depth)
        last_year = index.last_year(current)
        needed.update(p.pk for p in window)
        if last_year is not None:
            needed.add(last_year.pk)
        plan.append((indicator, window, last_year))
    ids = [i.pk for i in indicators]
    actuals = {
        (row[0], row[1]): row
        for row in Actual.objects.filter(
            indicator_id__in=ids, period_id__in=needed, state__in=SIGNED_OFF
        ).values_list("indicator_id", "period_id", "value", "commentary", "remedial_action")
    }
    targets = {
        (t.indicator_id, t.period_id): t.as_rule_target()
        for t in Target.objects.filter(indicator_id__in=ids, period_id__in=needed).only(
            "indicator_id", "period_id", "value", "lower", "upper"
        )
    }
    default_tolerance = council.default_tolerance
    states: list[IndicatorState] = []
    counts: Counter[ExceptionRule] = Counter()
    for indicator, window, last_year in plan:
        rule = indicator.rule(default_tolerance)
        points = []
        for p in window:
            found = actuals.get((indicator.pk, p.pk))
            points.append(
                exception_rules.Point(
                    found[2] if found else None,
                    targets.get((indicator.pk, p.pk)),
                    today > p.deadline,
                )
            )
        rules = exception_rules.exceptions(points, rule, policy)
        if filters.rule and filters.rule not in rules:
            continue
        current = window[-1]
        latest = actuals.get((indicator.pk, current.pk))
        before = actuals.get((indicator.pk, last_year.pk)) if last_year else None
        states.append(
            IndicatorState(
                indicator,
                current,
                points[-1].value,
                points[-1].target,
                status.rag(
                    points[-1].value,
                    points[-1].target,
                    rule,
                    deadline_passed=points[-1].deadline_passed,
                ),
                status.direction(
                    points[-1].value, before[2] if before else None, rule, points[-1].target
                ),
                rules,
                latest[3] if latest else "",
                latest[4] if latest else "",
            )
        )
        counts.update(rules)
    return ExceptionReport(chosen, policy, states, counts)


@dataclass
class ExceptionChoices:
    bodies: list[Body]
    directorates: list[OrgUnit]
    quarters: list[Period]


def exception_choices(*, council: Council, today: date) -> ExceptionChoices:
    return ExceptionChoices(
        list(Body.objects.filter(council=council)),
        directorates(council=council),
        list(Period.objects.filter(kind="quarter", start__lte=today).order_by("-start")),
    )


# --- packs and referrals -----------------------------------------------------------------


def due_at(times_per_year: int, position: int, meetings_in_year: int) -> bool:
    """Whether an indicator received ``times_per_year`` is due at the ``position``-th
    (1-based) of the body's ``meetings_in_year`` meetings: spread evenly through the year,
    and at every meeting when it is received at least as often as the body meets."""
    if meetings_in_year <= 0 or times_per_year >= meetings_in_year:
        return True
    return (position * times_per_year) // meetings_in_year > (
        (position - 1) * times_per_year
    ) // meetings_in_year


@dataclass
class Pack:
    meeting: Meeting
    previous: Meeting | None
    report: ExceptionReport
    referrals: list[Referral]

    @property
    def exceptions(self) -> list[IndicatorState]:
        return self.report.rows


def pack(*, meeting: Meeting, today: date) -> Pack:
    """What a body receives at a meeting: its indicators due at this meeting (from the
    matrix), their exceptions, and the referrals made to it since its last meeting."""
    body = meeting.body
    year = financial_year_of(meeting.date)
    meetings = [
        m
        for m in Meeting.objects.filter(body=body).order_by("date")
        if financial_year_of(m.date) == year
    ]
    position = next(i for i, m in enumerate(meetings, 1) if m.pk == meeting.pk)
    previous = Meeting.objects.filter(body=body, date__lt=meeting.date).order_by("-date").first()
    due = frozenset(
        indicator_id
        for indicator_id, times in MatrixEntry.objects.filter(body=body).values_list(
            "indicator_id", "times_per_year"
        )
        if due_at(times, position, len(meetings))
    )
    referrals = Referral.objects.filter(to_body=body, referred_on__lte=meeting.date)
    if previous is not None:
        referrals = referrals.filter(referred_on__gt=previous.date)
    referral_list = list(
        referrals.select_related("indicator", "from_body", "period", "referred_by")
    )
    report = indicator_states(
        council=body.council,
        today=min(today, meeting.date),
        filters=ExceptionFilters(indicator_ids=due | {r.indicator_id for r in referral_list}),
    )
    return Pack(meeting, previous, report, referral_list)


def upcoming_meetings(*, council: Council, today: date) -> list[Meeting]:
    return list(
        Meeting.objects.filter(body__council=council, date__gte=today)
        .select_related("body")
        .order_by("date", "body__position")[:50]
    )


def referring_bodies(*, council: Council) -> tuple[list[Body], list[Body]]:
    bodies = list(Body.objects.filter(council=council))
    return [b for b in bodies if b.can_refer], [b for b in bodies if b.kind == Body.Kind.CABINET]


def bodies_by_indicator(*, indicator_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for indicator_id, name in MatrixEntry.objects.filter(
        indicator_id__in=indicator_ids
    ).values_list("indicator_id", "body__short_name"):
        found[indicator_id].append(name)
    return found


# --- challenge sessions -----------------------------------------------------------------------


def challenges(*, council: Council, status: str = "") -> list[Challenge]:
    """Challenges, oldest due first; ``status`` "" for every challenge not closed. One query."""
    found = Challenge.objects.filter(session__council=council)
    found = found.filter(status=status) if status else found.exclude(status=Challenge.Status.CLOSED)
    return list(found.select_related("session", "indicator"))


# --- the annual cycle -------------------------------------------------------------------------


@dataclass
class Upcoming:
    when: date
    what: str
    kind: str  # "cycle", "deadline" or "meeting"
    body: str = ""
    owner: str = ""
    approximate: bool = False  # a cycle event with a month but no day


def _occurrence(event: CycleEvent, today: date) -> date:
    """The event's next date on or after the start of this month."""
    year = today.year if event.month >= today.month else today.year + 1
    last = calendar.monthrange(year, event.month)[1]
    return date(year, event.month, min(event.day or last, last))


def upcoming(*, council: Council, today: date, days: int = 92) -> list[Upcoming]:
    """The cycle's events, data deadlines and meetings in the next ``days`` days, by date.
    Three queries."""
    end = today + timedelta(days=days)
    items: list[Upcoming] = []
    for event in CycleEvent.objects.filter(council=council).select_related("body"):
        when = _occurrence(event, today)
        if when <= end:
            items.append(
                Upcoming(
                    when,
                    event.activity,
                    "cycle",
                    event.body.name if event.body else "",
                    event.owner,
                    event.day is None,
                )
            )
    for period in Period.objects.filter(deadline__gte=today, deadline__lte=end):
        items.append(Upcoming(period.deadline, f"Data deadline: {period.label}", "deadline"))
    for meeting in Meeting.objects.filter(
        body__council=council, date__gte=today, date__lte=end
    ).select_related("body"):
        items.append(
            Upcoming(meeting.date, f"{meeting.body.name} meets", "meeting", meeting.body.name)
        )
    kinds = {"deadline": 0, "cycle": 1, "meeting": 2}
    return sorted(items, key=lambda i: (i.when, kinds[i.kind], i.what))


def cycle(*, council: Council) -> list[CycleEvent]:
    return list(CycleEvent.objects.filter(council=council).select_related("body"))
