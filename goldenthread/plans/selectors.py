"""Reads for the golden thread, each in a fixed number of queries.

``thread_graph`` loads the council's whole plan graph — objectives, links, indicator links,
milestones and staff objectives — in one query each, and the indicators' current RAG in five
more (``indicator_rags``); the explorer, the plan pages and the coverage report then walk it
in Python. However deep or wide the thread, the number of queries is the same.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from goldenthread import status
from goldenthread.core.work import WorkItem
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.indicators.selectors import SIGNED_OFF, PeriodIndex, latest_quarter_with_data
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import financial_year_label, financial_year_of
from goldenthread.plans import rewards
from goldenthread.plans.models import (
    PRIORITY_KINDS,
    SERVICE_KINDS,
    Appraisal,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveLink,
    Plan,
    PlanKind,
    StaffObjective,
    StaffObjectiveLink,
    StretchTarget,
    TargetShare,
)

# --- indicators' current status ---------------------------------------------------------


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's rating at its latest period, as the scorecard would show it."""

    indicator: Indicator
    period: Period | None
    value: Decimal | None
    rag: status.Rag


def indicator_rags(
    *, council: Council, indicator_ids: Iterable[int], today: date
) -> dict[int, IndicatorStatus]:
    """The current RAG of each indicator, in five queries whatever their number.

    Each indicator is rated at the latest period of its frequency ending by the latest quarter
    anyone has reported for (as the scorecard chooses its period), by ``goldenthread.status``.
    """
    ids = set(indicator_ids)
    index = PeriodIndex(Period.objects.all())
    chosen = latest_quarter_with_data(index)
    indicators = list(
        Indicator.objects.filter(pk__in=ids).select_related("service").order_by("code")
    )
    current: dict[int, Period] = {}
    for indicator in indicators:
        end = chosen.end if chosen else today
        period = index.latest_ending_by(indicator.frequency, min(end, today))
        if period is not None:
            current[indicator.pk] = period
    period_ids = {p.pk for p in current.values()}
    actuals = {
        (i, p): v
        for i, p, v in Actual.objects.filter(
            indicator_id__in=ids, period_id__in=period_ids, state__in=SIGNED_OFF
        ).values_list("indicator_id", "period_id", "value")
    }
    targets = {
        (t.indicator_id, t.period_id): t.as_rule_target()
        for t in Target.objects.filter(indicator_id__in=ids, period_id__in=period_ids).only(
            "indicator_id", "period_id", "value", "lower", "upper"
        )
    }
    default_tolerance = council.default_tolerance
    result: dict[int, IndicatorStatus] = {}
    for indicator in indicators:
        period = current.get(indicator.pk)
        if period is None:
            result[indicator.pk] = IndicatorStatus(indicator, None, None, status.Rag.NOT_DUE)
            continue
        value = actuals.get((indicator.pk, period.pk))
        rag = status.rag(
            value,
            targets.get((indicator.pk, period.pk)),
            indicator.rule(default_tolerance),
            deadline_passed=today > period.deadline,
        )
        result[indicator.pk] = IndicatorStatus(indicator, period, value, rag)
    return result


# --- the plan graph ---------------------------------------------------------------------


@dataclass
class Rollup:
    """Counts for a node and everything below it in the thread."""

    rags: Counter[status.Rag] = field(default_factory=Counter)
    milestones: int = 0
    milestones_done: int = 0
    milestones_late: int = 0

    @property
    def indicators(self) -> int:
        return sum(self.rags.values())

    def rag_counts(self) -> list[tuple[status.Rag, int]]:
        """Every RAG state with a count, in the status module's order, zeros left out."""
        return [(rag, self.rags[rag]) for rag in status.Rag if self.rags[rag]]


@dataclass
class StaffEntry:
    staff_objective: StaffObjective
    appraisal: Appraisal
    person: Person


@dataclass
class ThreadGraph:
    """The council's plans and objectives with every link, loaded once."""

    today: date
    objectives: dict[int, Objective]
    children: dict[int, list[int]]
    above: dict[int, list[int]]  # objective -> the objectives it contributes to (other plans)
    below: dict[int, list[int]]  # objective -> the objectives that contribute to it
    indicators_of: dict[int, list[int]]
    statuses: dict[int, IndicatorStatus]
    milestones_of: dict[int, list[Milestone]]
    staff_of: dict[int, list[StaffEntry]]
    staff_objectives: dict[int, StaffEntry]
    staff_links: dict[int, list[int]]  # staff objective -> objectives it serves

    def up(self, objective_id: int) -> list[int]:
        """What is directly above: the parent in the plan, then the objectives it serves."""
        parent_id = self.objectives[objective_id].parent_id
        return ([parent_id] if parent_id else []) + self.above.get(objective_id, [])

    def down(self, objective_id: int) -> list[int]:
        """What is directly below: sub-objectives, then contributions from other plans."""
        return self.children.get(objective_id, []) + self.below.get(objective_id, [])

    def reach(self, start: Iterable[int], step: str) -> set[int]:
        """Every objective reachable from ``start`` going ``up`` or ``down`` (start excluded
        unless reached again; cycles cannot loop)."""
        walk = self.up if step == "up" else self.down
        seen: set[int] = set()
        stack = list(start)
        while stack:
            for next_id in walk(stack.pop()):
                if next_id not in seen:
                    seen.add(next_id)
                    stack.append(next_id)
        return seen

    def rollup(self, objective_id: int) -> Rollup:
        """RAG counts of the distinct indicators, and milestones done and late, on this
        objective and everything below it."""
        nodes = self.reach([objective_id], "down") | {objective_id}
        indicator_ids = {i for node in nodes for i in self.indicators_of.get(node, [])}
        result = Rollup(rags=Counter(self.statuses[i].rag for i in indicator_ids))
        for node in nodes:
            for milestone in self.milestones_of.get(node, []):
                result.milestones += 1
                result.milestones_done += milestone.status == Milestone.Status.DONE
                result.milestones_late += milestone.is_late(self.today)
        return result

    def tops(self) -> list[Objective]:
        """Objectives with nothing above them, highest plans first: the themes."""
        tops = [o for o in self.objectives.values() if not self.up(o.pk)]
        return sorted(tops, key=lambda o: (o.plan.level, o.plan.start, o.plan_id, o.position, o.pk))


def thread_graph(*, council: Council, today: date) -> ThreadGraph:
    """Load the whole graph: eleven queries, whatever its size."""
    objectives = {
        o.pk: o
        for o in Objective.objects.filter(plan__council=council)
        .select_related("plan", "plan__org_unit", "plan__area", "owner__user")
        .order_by("position", "ref", "pk")
    }
    children: dict[int, list[int]] = defaultdict(list)
    for objective in objectives.values():
        if objective.parent_id:
            children[objective.parent_id].append(objective.pk)
    above: dict[int, list[int]] = defaultdict(list)
    below: dict[int, list[int]] = defaultdict(list)
    for source, target in ObjectiveLink.objects.filter(source__plan__council=council).values_list(
        "source_id", "target_id"
    ):
        above[source].append(target)
        below[target].append(source)
    for ids in (*above.values(), *below.values()):
        ids.sort(key=lambda pk: (objectives[pk].plan.level, objectives[pk].position, pk))
    indicators_of: dict[int, list[int]] = defaultdict(list)
    for objective_id, indicator_id in ObjectiveIndicator.objects.filter(
        objective__plan__council=council
    ).values_list("objective_id", "indicator_id"):
        indicators_of[objective_id].append(indicator_id)
    statuses = indicator_rags(
        council=council,
        indicator_ids={i for ids in indicators_of.values() for i in ids},
        today=today,
    )
    for ids in indicators_of.values():
        ids.sort(key=lambda pk: statuses[pk].indicator.code)
    milestones_of: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(objective__plan__council=council).select_related(
        "owner__user"
    ):
        milestones_of[milestone.objective_id].append(milestone)
    staff_of: dict[int, list[StaffEntry]] = defaultdict(list)
    staff_objectives: dict[int, StaffEntry] = {}
    staff_links: dict[int, list[int]] = defaultdict(list)
    for staff_objective in StaffObjective.objects.filter(
        appraisal__person__council=council
    ).select_related("appraisal__person__user"):
        appraisal = staff_objective.appraisal
        staff_objectives[staff_objective.pk] = StaffEntry(
            staff_objective, appraisal, appraisal.person
        )
    for staff_id, objective_id in StaffObjectiveLink.objects.filter(
        staff_objective__appraisal__person__council=council
    ).values_list("staff_objective_id", "objective_id"):
        staff_of[objective_id].append(staff_objectives[staff_id])
        staff_links[staff_id].append(objective_id)
    return ThreadGraph(
        today,
        objectives,
        dict(children),
        dict(above),
        dict(below),
        dict(indicators_of),
        statuses,
        dict(milestones_of),
        dict(staff_of),
        staff_objectives,
        dict(staff_links),
    )


# --- the explorer's trees ---------------------------------------------------------------


@dataclass
class ThreadNode:
    """One objective in a tree drawn from the graph, with what to show beside it."""

    objective: Objective
    rollup: Rollup
    relation: str  # "sub-objective", "contributes" or "" for the root
    branches: list[ThreadNode] = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    staff: list[StaffEntry] = field(default_factory=list)
    staff_hidden: int = 0
    repeated: bool = False  # already drawn elsewhere on the page: not expanded again


def _node(
    graph: ThreadGraph,
    objective_id: int,
    relation: str,
    step: str,
    drawn: set[int],
    viewer: Person | None,
) -> ThreadNode:
    objective = graph.objectives[objective_id]
    node = ThreadNode(objective, graph.rollup(objective_id), relation)
    if objective_id in drawn:
        node.repeated = True
        return node
    drawn.add(objective_id)
    node.indicators = [graph.statuses[i] for i in graph.indicators_of.get(objective_id, [])]
    node.milestones = graph.milestones_of.get(objective_id, [])
    if step == "down":
        for entry in graph.staff_of.get(objective_id, []):
            if entry.appraisal.visible_to(viewer):
                node.staff.append(entry)
            else:
                node.staff_hidden += 1
        parent_children = set(graph.children.get(objective_id, []))
        next_ids = graph.down(objective_id)
    else:
        parent_id = objective.parent_id
        parent_children = {parent_id} if parent_id else set()
        next_ids = graph.up(objective_id)
    for next_id in next_ids:
        relation = "within" if next_id in parent_children else "across"
        node.branches.append(_node(graph, next_id, relation, step, drawn, viewer))
    return node


@dataclass
class Thread:
    """An objective's thread: everything above it and everything below it."""

    objective: Objective
    up: list[ThreadNode]
    down: ThreadNode
    staff_view: bool


def objective_thread(*, graph: ThreadGraph, objective_id: int, viewer: Person | None) -> Thread:
    """The explorer's view of one objective, built from the loaded graph (no queries)."""
    up_drawn: set[int] = {objective_id}
    up = [
        _node(
            graph,
            above_id,
            "within" if above_id == graph.objectives[objective_id].parent_id else "across",
            "up",
            up_drawn,
            viewer,
        )
        for above_id in graph.up(objective_id)
    ]
    down = _node(graph, objective_id, "", "down", set(), viewer)
    return Thread(graph.objectives[objective_id], up, down, viewer is not None)


@dataclass
class ExplorerStart:
    """The explorer's first page: the top of every thread, by plan."""

    plans: list[tuple[Plan, list[tuple[Objective, Rollup]]]]


def explorer_start(*, graph: ThreadGraph) -> ExplorerStart:
    grouped: dict[int, tuple[Plan, list[tuple[Objective, Rollup]]]] = {}
    for objective in graph.tops():
        plan = objective.plan
        grouped.setdefault(plan.pk, (plan, []))[1].append((objective, graph.rollup(objective.pk)))
    return ExplorerStart(list(grouped.values()))


# --- plans ------------------------------------------------------------------------------


def plan_list(*, council: Council) -> list[tuple[str, list[Plan]]]:
    """Every plan grouped by kind, top of the cascade first, in one query."""
    plans = (
        Plan.objects.filter(council=council)
        .select_related("org_unit", "area")
        .annotate(objective_count=Count("objectives"))
    )
    by_kind: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        by_kind[plan.kind].append(plan)
    order = sorted(by_kind, key=lambda kind: (Plan(kind=kind).level, kind))
    return [
        (PlanKind(kind).label, sorted(by_kind[kind], key=lambda p: (-p.start.toordinal(), p.title)))
        for kind in order
    ]


@dataclass
class StretchLine:
    stretch: StretchTarget
    objective: Objective
    outturn: Decimal | None
    outturn_period: Period | None
    final: bool
    reward: rewards.Reward


@dataclass
class StretchSummary:
    lines: list[StretchLine]
    available: Decimal
    earned: Decimal
    final: bool


def stretch_summary(*, plan: Plan, today: date) -> StretchSummary:
    """Each LPSA stretch target's standing and reward grant, achieved (after the agreement
    ends) or projected (before), from the latest actual up to the end date. Three queries."""
    stretches = list(
        StretchTarget.objects.filter(objective__plan=plan)
        .select_related("objective", "indicator")
        .order_by("objective__position", "objective__ref", "pk")
    )
    final = today > plan.end
    index = PeriodIndex(Period.objects.filter(end__lte=plan.end))
    indicator_ids = {s.indicator_id for s in stretches}
    latest: dict[int, tuple[Period, Decimal]] = {}
    actuals = Actual.objects.filter(
        indicator_id__in=indicator_ids,
        period__end__lte=min(plan.end, today),
        state__in=SIGNED_OFF,
    ).values_list("indicator_id", "period_id", "value")
    periods_by_pk = {p.pk: p for kind in index.by_kind.values() for p in kind}
    for indicator_id, period_id, value in actuals:
        period = periods_by_pk.get(period_id)
        if period is None:
            continue
        seen = latest.get(indicator_id)
        if seen is None or period.end > seen[0].end:
            latest[indicator_id] = (period, value)
    rule = rewards.Rule(plan.reward_rule)
    lines = []
    for stretch in stretches:
        found = latest.get(stretch.indicator_id)
        outturn = found[1] if found else None
        lines.append(
            StretchLine(
                stretch,
                stretch.objective,
                outturn,
                found[0] if found else None,
                final,
                rewards.reward(
                    outturn=outturn,
                    expected=stretch.expected_without_stretch,
                    stretch=stretch.stretch,
                    grant=stretch.reward_grant,
                    rule=rule,
                    threshold_percent=plan.reward_threshold,
                ),
            )
        )
    return StretchSummary(
        lines,
        sum((s.reward_grant for s in stretches), Decimal(0)),
        sum((line.reward.grant or Decimal(0) for line in lines), Decimal(0)),
        final,
    )


@dataclass
class SharedTarget:
    objective: Objective
    shares: list[TargetShare]

    @property
    def total(self) -> Decimal:
        return sum((s.value for s in self.shares), Decimal(0))

    @property
    def balanced(self) -> bool:
        return self.objective.target_value is None or self.total == self.objective.target_value


def laa_shares(*, plan: Plan) -> list[SharedTarget]:
    """An LAA's shared targets with each partner's (or district's) share. One query."""
    grouped: dict[int, SharedTarget] = {}
    shares = (
        TargetShare.objects.filter(objective__plan=plan)
        .select_related("objective", "partner", "area")
        .order_by("objective__position", "objective__pk", "partner__name", "pk")
    )
    for share in shares:
        grouped.setdefault(share.objective_id, SharedTarget(share.objective, []))
        grouped[share.objective_id].shares.append(share)
    return list(grouped.values())


@dataclass
class PlanPage:
    plan: Plan
    roots: list[ThreadNode]
    late_milestones: list[tuple[Milestone, Objective]]
    stretch: StretchSummary | None
    shares: list[SharedTarget]


def plan_page(*, plan: Plan, graph: ThreadGraph, viewer: Person | None) -> PlanPage:
    """A plan's objective tree with rollups, its late milestones, and its agreement figures."""
    own = [o for o in graph.objectives.values() if o.plan_id == plan.pk]
    roots = [o for o in own if o.parent_id is None]
    drawn: set[int] = set()
    trees = [_plan_node(graph, o.pk, drawn, viewer) for o in roots]
    late = [
        (m, graph.objectives[o.pk])
        for o in own
        for m in graph.milestones_of.get(o.pk, [])
        if m.is_late(graph.today)
    ]
    late.sort(key=lambda pair: pair[0].due)
    stretch = stretch_summary(plan=plan, today=graph.today) if plan.kind == PlanKind.LPSA else None
    shares = laa_shares(plan=plan) if plan.kind == PlanKind.LAA else []
    return PlanPage(plan, trees, late, stretch, shares)


def _plan_node(
    graph: ThreadGraph, objective_id: int, drawn: set[int], viewer: Person | None
) -> ThreadNode:
    """The plan's own tree: sub-objectives only (contributions are on the explorer)."""
    node = ThreadNode(graph.objectives[objective_id], graph.rollup(objective_id), "within")
    drawn.add(objective_id)
    node.indicators = [graph.statuses[i] for i in graph.indicators_of.get(objective_id, [])]
    node.milestones = graph.milestones_of.get(objective_id, [])
    node.branches = [
        _plan_node(graph, child, drawn, viewer)
        for child in graph.children.get(objective_id, [])
        if child not in drawn
    ]
    return node


# --- coverage ---------------------------------------------------------------------------


@dataclass
class CoverageReport:
    """Gaps in the thread, for the performance team to close."""

    unmeasured_priorities: list[Objective]
    indicators_without_priority: list[tuple[Indicator, str]]
    service_objectives_unlinked: list[Objective]
    staff_objectives_unlinked: list[StaffEntry]

    @property
    def total(self) -> int:
        return (
            len(self.unmeasured_priorities)
            + len(self.indicators_without_priority)
            + len(self.service_objectives_unlinked)
            + len(self.staff_objectives_unlinked)
        )


def coverage(*, council: Council, graph: ThreadGraph) -> CoverageReport:
    """The four gaps the issue names (ADR 0009 gives each rule). One query more than the graph.

    - Priorities (community strategy and corporate plan objectives) that nothing measures:
      no indicator or milestone on them or anywhere below them in the thread.
    - Current indicators whose thread reaches no priority: linked to no objective, or only
      to objectives that lead up to no priority.
    - Directorate and service plan objectives that lead up to no priority.
    - Staff objectives linked to no objective.
    """
    objectives = graph.objectives

    def is_priority(pk: int) -> bool:
        return objectives[pk].plan.kind in PRIORITY_KINDS

    def measured(pk: int) -> bool:
        return bool(graph.indicators_of.get(pk) or graph.milestones_of.get(pk))

    unmeasured = [
        o
        for o in objectives.values()
        if is_priority(o.pk)
        and not measured(o.pk)
        and not any(measured(pk) for pk in graph.reach([o.pk], "down"))
    ]
    serves_priority: dict[int, bool] = {
        pk: is_priority(pk) or any(is_priority(up) for up in graph.reach([pk], "up"))
        for pk in objectives
    }
    year = financial_year_of(graph.today)
    current = Indicator.objects.filter(council=council, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )
    linked_objectives: dict[int, list[int]] = defaultdict(list)
    for objective_id, ids in graph.indicators_of.items():
        for indicator_id in ids:
            linked_objectives[indicator_id].append(objective_id)
    orphans: list[tuple[Indicator, str]] = []
    for indicator in current.select_related("service").order_by("code"):
        links = linked_objectives.get(indicator.pk, [])
        if not links:
            orphans.append((indicator, "Measures no objective"))
        elif not any(serves_priority[pk] for pk in links):
            orphans.append((indicator, "Its objectives lead up to no priority"))
    service_unlinked = [
        o for o in objectives.values() if o.plan.kind in SERVICE_KINDS and not serves_priority[o.pk]
    ]
    staff_unlinked = [
        entry for pk, entry in graph.staff_objectives.items() if not graph.staff_links.get(pk)
    ]
    order = lambda o: (o.plan.level, o.plan.title, o.position, o.pk)  # noqa: E731
    return CoverageReport(
        sorted(unmeasured, key=order),
        orphans,
        sorted(service_unlinked, key=order),
        sorted(staff_unlinked, key=lambda e: (e.appraisal.year, e.person.pk, e.staff_objective.pk)),
    )


# --- appraisals -------------------------------------------------------------------------


@dataclass
class AppraisalRow:
    directorate: OrgUnit | None
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_yet_due: int = 0

    @property
    def on_time_percent(self) -> int | None:
        """On time as a share of those due by now (done, or past their due date)."""
        due = self.on_time + self.late + self.overdue
        return round(100 * self.on_time / due) if due else None


@dataclass
class AppraisalReport:
    year: int
    years: list[int]
    rows: list[AppraisalRow]
    council_total: AppraisalRow


def appraisal_years(*, council: Council) -> list[int]:
    """The years with appraisals, newest first. One query."""
    return sorted(
        set(Appraisal.objects.filter(person__council=council).values_list("year", flat=True)),
        reverse=True,
    )


def appraisal_report(*, council: Council, year: int | None, today: date) -> AppraisalReport:
    """Appraisals completed on time per directorate for a year (docs/sources.md#seed-003-r12):
    counts only, no names. Three queries."""
    years = appraisal_years(council=council)
    chosen = year if year in years else (years[0] if years else financial_year_of(today))
    units = {u.pk: u for u in OrgUnit.objects.filter(council=council)}

    def directorate_of(unit_id: int | None) -> OrgUnit | None:
        unit = units.get(unit_id) if unit_id else None
        while unit is not None and unit.parent_id is not None:
            unit = units.get(unit.parent_id)
        return unit

    rows: dict[int | None, AppraisalRow] = {}
    council_total = AppraisalRow(None)
    appraisals = Appraisal.objects.filter(person__council=council, year=chosen).values_list(
        "person__scope_id", "due", "done"
    )
    for scope_id, due, done in appraisals:
        directorate = directorate_of(scope_id)
        key = directorate.pk if directorate else None
        row = rows.setdefault(key, AppraisalRow(directorate))
        for target in (row, council_total):
            target.total += 1
            if done is not None:
                if done <= due:
                    target.on_time += 1
                else:
                    target.late += 1
            elif due < today:
                target.overdue += 1
            else:
                target.not_yet_due += 1
    ordered = sorted(rows.values(), key=lambda r: (r.directorate is None, str(r.directorate)))
    return AppraisalReport(chosen, years, ordered, council_total)


APPRAISALS_TO_RECORD = "Appraisals to record"


def appraisal_work_items(person: Person, today: date) -> list[WorkItem]:
    """The appraisals ``person`` manages that are not yet recorded as done, for "My work":
    one query. (Named apart from the plans' own ``work_items`` for milestones.)"""
    return [
        WorkItem(
            kind=APPRAISALS_TO_RECORD,
            title=f"Appraisal of {appraisal.person}",
            url=reverse("appraisals"),
            due=appraisal.due,
            state=_days_state(appraisal.due, today),
            detail=financial_year_label(appraisal.year),
        )
        for appraisal in Appraisal.objects.filter(manager=person, done__isnull=True)
        .select_related("person__user")
        .order_by("due", "pk")
    ]


def _days_state(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"Overdue {-days} day{'s' if days != -1 else ''}"
    return "Due today" if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}"


def appraisals_visible_to(*, viewer: Person | None, council: Council) -> list[Appraisal]:
    """The appraisals a person may read: their own, those they manage, or (performance team)
    all. One query, objectives prefetched in one more."""
    if viewer is None:
        return []
    appraisals = Appraisal.objects.filter(person__council=council).select_related(
        "person__user", "manager__user"
    )
    if viewer.role not in (Person.Role.PERFORMANCE, Person.Role.ADMIN):
        appraisals = appraisals.filter(Q(person=viewer) | Q(manager=viewer))
    return list(
        appraisals.prefetch_related("objectives__supports__plan").order_by(
            "-year", "person__user__last_name", "person__user__first_name"
        )
    )


# --- milestones owed: reminders and "My work" ------------------------------------------

# A milestone is "due soon" this many days before its due date (reminders and "My work").
MILESTONE_DUE_SOON_DAYS = 14


def _open_milestones_due_by(today: date) -> QuerySet[Milestone]:
    return (
        Milestone.objects.filter(
            owner__isnull=False,
            owner__user__is_active=True,
            due__lte=today + timedelta(days=MILESTONE_DUE_SOON_DAYS),
        )
        .exclude(status__in=[Milestone.Status.DONE, Milestone.Status.CANCELLED])
        .select_related("owner__user", "objective__plan")
        .order_by("due", "pk")
    )


def milestones_needing_owner(*, today: date) -> list[Milestone]:
    """Every open milestone due within ``MILESTONE_DUE_SOON_DAYS`` or overdue, with its
    owner: one query."""
    return list(_open_milestones_due_by(today))


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return f"Overdue {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def work_items(person: Person, today: date) -> list[WorkItem]:
    """The milestones ``person`` owns that are due soon or overdue, for "My work": one
    query."""
    return [
        WorkItem(
            kind="Milestones",
            title=milestone.title,
            url=reverse("milestone-done", args=[milestone.pk]),
            due=milestone.due,
            state=_when(milestone.due, today),
            detail=f"{milestone.objective} · {milestone.objective.plan.title}",
        )
        for milestone in _open_milestones_due_by(today).filter(owner=person)
    ]
