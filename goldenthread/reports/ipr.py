"""The quarterly integrated performance report (IPR) for Cabinet and scrutiny: what it says.

docs/sources.md#seed-003-r8 (and R9, R10, R14) and docs/sources.md#seed-004-5-15: a headline
summary, successes to celebrate, areas of concern with remedial actions, a section per corporate
priority with charts, and the open challenges. Reading is here; ``render`` turns it into HTML,
Word and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from goldenthread import status
from goldenthread.core import charts
from goldenthread.exception_rules import ExceptionRule
from goldenthread.improvement.selectors import action_progress
from goldenthread.indicators.models import Actual, Period, Target
from goldenthread.indicators.presenters import measure_writer
from goldenthread.indicators.selectors import SIGNED_OFF, PeriodIndex
from goldenthread.organisation.models import Council
from goldenthread.plans.models import Objective, PlanKind
from goldenthread.plans.selectors import thread_graph
from goldenthread.reports.finance import FinanceReport, finance_report
from goldenthread.reports.models import Body, Challenge, Meeting
from goldenthread.reports.selectors import (
    ExceptionFilters,
    IndicatorState,
    challenges,
    indicator_states,
)
from goldenthread.scorecard.presenters import trend_description
from goldenthread.scorecard.selectors import (
    Scorecard,
    ScorecardIndicator,
    ScorecardRow,
    scorecard,
)

_COMPARABLE = frozenset(
    {status.Direction.IMPROVING, status.Direction.WORSENING, status.Direction.NO_CHANGE}
)


@dataclass
class Chart:
    """A chart of one indicator's recent periods, as SVG (HTML) and as a PNG later (Word)."""

    title: str
    description: str
    svg: str


# A figure not (yet) signed off is not an exception: it has a state of its own (issue 19).
AWAITING_APPROVAL = "Awaiting approval"
OVERDUE = "Overdue (not entered)"
_UNSIGNED_WORDS: dict[str, str] = {
    Actual.State.SUBMITTED: AWAITING_APPROVAL,
    Actual.State.DRAFT: "Draft (not submitted)",
    Actual.State.RETURNED: "Returned for correction",
}
# The concerns a Cabinet paper reports: red now, or a target missed period after period.
CONCERN_RULES = frozenset({ExceptionRule.RED, ExceptionRule.MISSED})
# Periods of each frequency in three years, for the charts.
_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}
CHART_YEARS = 3


@dataclass
class History:
    """One indicator's signed-off figures and each period's own target over three years."""

    periods: list[Period]
    values: list[Decimal | None]
    targets: list[Decimal | None]


@dataclass
class Unsigned:
    """A key indicator whose figure for the period is not signed off, and why."""

    row: ScorecardRow
    state: str


@dataclass
class Cover:
    title: str
    meeting: str
    author: str
    version: str


@dataclass
class PrioritySection:
    title: str
    rows: list[ScorecardRow]
    charts: list[Chart]
    # The rows with their status word and tag key; ``build`` fills it.
    tagged: list[tuple[ScorecardRow, str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "priority-" + "".join(c if c.isalnum() else "-" for c in self.title.lower())


@dataclass
class Ipr:
    council: Council
    card: Scorecard
    generated: date
    improved: int
    comparable: int
    successes: list[ScorecardRow]
    concerns: list[IndicatorState]
    priorities: list[PrioritySection]
    finance: FinanceReport
    challenges: list[Challenge]
    cover: Cover
    unsigned: list[Unsigned] = field(default_factory=list)
    summary_chart: Chart | None = None

    def tagged(self, rows: list[ScorecardRow]) -> list[tuple[ScorecardRow, str, str]]:
        """Each row with its status word and tag colour key, for the HTML tables."""
        return [(row, *self.state_of(row)) for row in rows]

    @property
    def appendix(self) -> list[tuple[ScorecardRow, str, str]]:
        return self.tagged(self.card.rows)

    @property
    def successes_tagged(self) -> list[tuple[ScorecardRow, str, str]]:
        return self.tagged(self.successes)

    def state_of(self, row: ScorecardRow) -> tuple[str, str]:
        """The word shown for a row's status and the tag's colour key: a figure awaiting
        approval says so, rather than "Missing"."""
        for item in self.unsigned:
            if item.row is row:
                key = "awaiting" if item.state == AWAITING_APPROVAL else "missing"
                return item.state, key
        return row.status.rag.label, row.status.rag.value

    @property
    def improved_share(self) -> int | None:
        """Whole percent improved on the same period last year, of those comparable."""
        return round(100 * self.improved / self.comparable) if self.comparable else None

    @property
    def counts(self) -> list[tuple[status.Rag, int]]:
        return [(rag, self.card.counts.get(rag, 0)) for rag in status.Rag]

    @property
    def headline(self) -> list[tuple[str, str, int]]:
        """(word, tag colour key, count) for the headline table: each rating, with the
        figures not signed off counted by their state rather than as one "Missing"."""
        lines = [
            (rag.label, rag.value, count) for rag, count in self.counts if rag != status.Rag.MISSING
        ]
        states: dict[str, int] = {}
        for item in self.unsigned:
            states[item.state] = states.get(item.state, 0) + 1
        for word, count in states.items():
            lines.append((word, "awaiting" if word == AWAITING_APPROVAL else "missing", count))
        return lines


def _short(label: str) -> str:
    return label.replace(" 20", " ")


def chart_for(row: ScorecardRow, chart_id: str, history: History | None = None) -> Chart:
    """The indicator's figures against each period's own target: over three years when its
    ``history`` is given, else over the scorecard's trend."""
    indicator = row.indicator
    title = f"{indicator.code} {indicator.title}"
    if history is None:
        target = row.target.value if row.target is not None else None
        history = History(
            list(row.trend_periods), list(row.trend), [target] * len(row.trend_periods)
        )
    series = [charts.Series("Actual", history.values, charts.BLUE)]
    if any(t is not None for t in history.targets):
        series.append(
            charts.Series(
                "Target for each period", history.targets, charts.BLACK, dash="8 5", marker="none"
            )
        )
    description = trend_description(indicator, history.periods, history.values)
    description += _targets_in_words(indicator, history)
    svg = charts.line_chart_svg(
        title=title,
        description=description,
        categories=_categories(history.periods),
        series=series,
        chart_id=chart_id,
        width=min(max(640, 64 * len(history.periods)), 800),
    )
    return Chart(title, description, svg)


def _categories(periods: list[Period]) -> list[str]:
    """The axis labels: at most twelve, so 36 months read as every third month."""
    step = -(-len(periods) // 12) or 1
    last = len(periods) - 1
    return [_short(p.label) if (last - i) % step == 0 else "" for i, p in enumerate(periods)]


def _targets_in_words(indicator: ScorecardIndicator, history: History) -> str:
    """ ". Targets: 2024/25 90%, 2025/26 92%." — each year's target once when it is the same
    all year, else each period's (a year-to-date target grows through the year)."""
    write = measure_writer(indicator.unit, indicator.decimals)
    set_ = [(p, t) for p, t in zip(history.periods, history.targets, strict=True) if t is not None]
    if not set_:
        return ". No target set."
    by_year: dict[str, set[Decimal]] = {}
    for period, target in set_:
        by_year.setdefault(_year_label(period), set()).add(target)
    if all(len(values) == 1 for values in by_year.values()):
        said = ", ".join(f"{year} {write(next(iter(v)))}" for year, v in by_year.items())
    else:
        said = ", ".join(f"{period.label} {write(target)}" for period, target in set_)
    return f". Targets: {said}."


def _year_label(period: Period) -> str:
    year = period.financial_year
    return f"{year}/{(year + 1) % 100:02d}"


def histories(rows: list[ScorecardRow]) -> dict[int, History]:
    """Each row's last three years of signed-off figures and targets. Three queries."""
    if not rows:
        return {}
    index = PeriodIndex(Period.objects.all())
    windows = {
        row.indicator.pk: index.trailing(
            row.period, CHART_YEARS * _PER_YEAR.get(row.period.kind, 4)
        )
        for row in rows
    }
    needed = {p.pk for window in windows.values() for p in window}
    ids = list(windows)
    values = {
        (i, p): v
        for i, p, v in Actual.objects.filter(
            indicator_id__in=ids, period_id__in=needed, state__in=SIGNED_OFF
        ).values_list("indicator_id", "period_id", "value")
    }
    targets = {
        (i, p): v
        for i, p, v in Target.objects.filter(
            indicator_id__in=ids, period_id__in=needed
        ).values_list("indicator_id", "period_id", "value")
    }
    return {
        i: History(
            list(window),
            [values.get((i, p.pk)) for p in window],
            [targets.get((i, p.pk)) for p in window],
        )
        for i, window in windows.items()
    }


_SUMMARY_COLOURS = {
    status.Rag.GREEN.value: "#00703c",
    status.Rag.AMBER.value: "#ffdd00",
    status.Rag.RED.value: "#d4351c",
    "awaiting": "#5694ca",
}


def summary_chart(headline: list[tuple[str, str, int]]) -> Chart:
    """The headline chart: key indicators by status, each bar labelled with its word."""
    bars = [
        (word, count, _SUMMARY_COLOURS.get(key, "#b1b4b6"))
        for word, key, count in headline
        if count or key in _SUMMARY_COLOURS
    ]
    title = "Key indicators by status"
    description = (
        "Bar chart of key indicators by status: "
        + ", ".join(f"{word} {count}" for word, count, _ in bars)
        + "."
    )
    svg = charts.labelled_bars_svg(
        title=title, description=description, bars=bars, chart_id="chart-summary"
    )
    return Chart(title, description, svg)


def _is_success(row: ScorecardRow) -> bool:
    """On target and not worsening, on the period before or on the same period last year."""
    worsening = status.Direction.WORSENING
    return row.status.rag == status.Rag.GREEN and worsening not in (
        row.status.against_previous,
        row.status.against_last_year,
    )


def unsigned(rows: list[ScorecardRow], today: date) -> list[Unsigned]:
    """Key indicators with no signed-off figure for their period that are due: awaiting
    approval, a draft, returned, or overdue with nothing entered. One query."""
    open_rows = [r for r in rows if r.actual is None and today > r.period.deadline]
    if not open_rows:
        return []
    states = dict(
        ((i, p), state)
        for i, p, state in Actual.objects.filter(
            indicator_id__in=[r.indicator.pk for r in open_rows],
            period_id__in={r.period.pk for r in open_rows},
            state__in=list(_UNSIGNED_WORDS),
        ).values_list("indicator_id", "period_id", "state")
    )
    return [
        Unsigned(r, _UNSIGNED_WORDS.get(states.get((r.indicator.pk, r.period.pk), ""), OVERDUE))
        for r in open_rows
    ]


def cover_for(council: Council, today: date, period: Period | None) -> Cover:
    """The cover's lines: the report's title, the next Cabinet meeting, who wrote it."""
    label = period.label if period else "no period"
    meeting = (
        Meeting.objects.filter(body__council=council, body__kind=Body.Kind.CABINET, date__gte=today)
        .select_related("body")
        .order_by("date", "pk")
        .first()
    )
    return Cover(
        f"Integrated performance report: {label}",
        str(meeting) if meeting else "Cabinet",
        f"Corporate performance team, {council.name}",
        f"Version 1.0, produced {today:%-d %B %Y}",
    )


def build(*, council: Council, today: date, period_code: str, with_charts: bool = True) -> Ipr:
    """Everything in the report, read in a fixed number of queries."""
    card = scorecard(council=council, today=today, period_code=period_code)
    code = card.period.code if card.period else period_code
    report = indicator_states(
        council=council, today=today, period_code=code, filters=ExceptionFilters(key_only=True)
    )
    rows = card.rows
    comparable = [r for r in rows if r.status.against_last_year in _COMPARABLE]
    improved = sum(r.status.against_last_year == status.Direction.IMPROVING for r in comparable)

    history = histories(rows) if with_charts else {}
    waiting = unsigned(rows, today)
    graph = thread_graph(council=council, today=today)
    priorities: list[PrioritySection] = []
    placed: set[int] = set()
    by_indicator = {row.indicator.pk: row for row in rows}
    tops = [
        o
        for o in graph.objectives.values()
        if o.plan.kind == PlanKind.CORPORATE and o.parent_id is None
    ]
    tops.sort(key=lambda o: (o.plan.start, o.position, o.pk))
    for objective in tops:
        ids = {
            i
            for node in graph.reach([objective.pk], "down") | {objective.pk}
            for i in graph.indicators_of.get(node, [])
        }
        section_rows = [by_indicator[i] for i in sorted(ids) if i in by_indicator]
        section_rows.sort(key=lambda r: r.indicator.code)
        placed.update(r.indicator.pk for r in section_rows)
        priorities.append(_section(_priority_title(objective), section_rows, with_charts, history))
    concerns = [s for s in report.rows if CONCERN_RULES & set(s.rules)]
    tracked = action_progress([state.indicator.pk for state in concerns], today)
    for state in concerns:
        state.actions = tracked.get(state.indicator.pk, [])
    rest = [r for r in rows if r.indicator.pk not in placed]
    if rest:
        title = "Other key indicators" if priorities else "Key indicators"
        priorities.append(_section(title, rest, with_charts, history))
    made = Ipr(
        council,
        card,
        today,
        improved,
        len(comparable),
        [r for r in rows if _is_success(r)],
        concerns,
        priorities,
        finance_report(
            council=council,
            period=card.period,
            rags={row.indicator.pk: row.status.rag for row in rows},
        ),
        challenges(council=council),
        cover_for(council, today, card.period),
        waiting,
    )
    if with_charts:
        made.summary_chart = summary_chart(made.headline)
    for section in priorities:
        section.tagged = made.tagged(section.rows)
    return made


def _priority_title(objective: Objective) -> str:
    return f"{objective.get_kind_display()}: {objective}"


def _section(
    title: str, rows: list[ScorecardRow], with_charts: bool, history: dict[int, History]
) -> PrioritySection:
    made = (
        [chart_for(r, f"chart-{r.indicator.pk}", history.get(r.indicator.pk)) for r in rows]
        if with_charts
        else []
    )
    return PrioritySection(title, rows, made)
