"""The quarterly integrated performance report (IPR) for Cabinet and scrutiny: what it says.

docs/sources.md#seed-003-r8 (and R9, R10, R14) and docs/sources.md#seed-004-5-15: a headline
summary, successes to celebrate, areas of concern with remedial actions, a section per corporate
priority with charts, and the open challenges. Reading is here; ``render`` turns it into HTML,
Word and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goldenthread import status
from goldenthread.core import charts
from goldenthread.improvement.selectors import action_progress
from goldenthread.organisation.models import Council
from goldenthread.plans.models import Objective, PlanKind
from goldenthread.plans.selectors import thread_graph
from goldenthread.reports.finance import FinanceReport, finance_report
from goldenthread.reports.models import Challenge
from goldenthread.reports.selectors import (
    ExceptionFilters,
    IndicatorState,
    challenges,
    indicator_states,
)
from goldenthread.scorecard.presenters import trend_description
from goldenthread.scorecard.selectors import Scorecard, ScorecardRow, scorecard

_COMPARABLE = frozenset(
    {status.Direction.IMPROVING, status.Direction.WORSENING, status.Direction.NO_CHANGE}
)


@dataclass
class Chart:
    """A chart of one indicator's recent periods, as SVG (HTML) and as a PNG later (Word)."""

    title: str
    description: str
    svg: str


@dataclass
class PrioritySection:
    title: str
    rows: list[ScorecardRow]
    charts: list[Chart]


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

    @property
    def improved_share(self) -> int | None:
        """Whole percent improved on the same period last year, of those comparable."""
        return round(100 * self.improved / self.comparable) if self.comparable else None

    @property
    def counts(self) -> list[tuple[status.Rag, int]]:
        return [(rag, self.card.counts.get(rag, 0)) for rag in status.Rag]


def _short(label: str) -> str:
    return label.replace(" 20", " ")


def chart_for(row: ScorecardRow, chart_id: str) -> Chart:
    indicator = row.indicator
    title = f"{indicator.code} {indicator.title}"
    series = [charts.Series("Actual", row.trend, charts.BLUE)]
    if row.target is not None and row.target.value is not None:
        series.append(
            charts.Series(
                f"Target for {row.period.label}",
                [row.target.value] * len(row.trend),
                charts.BLACK,
                dash="8 5",
                marker="none",
            )
        )
    description = trend_description(indicator, row.trend_periods, row.trend)
    svg = charts.line_chart_svg(
        title=title,
        description=description,
        categories=[_short(p.label) for p in row.trend_periods],
        series=series,
        chart_id=chart_id,
    )
    return Chart(title, description, svg)


def _is_success(row: ScorecardRow) -> bool:
    improving = status.Direction.IMPROVING
    return row.status.rag == status.Rag.GREEN and improving in (
        row.status.against_previous,
        row.status.against_last_year,
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
        priorities.append(_section(_priority_title(objective), section_rows, with_charts))
    concerns = report.rows
    tracked = action_progress([state.indicator.pk for state in concerns], today)
    for state in concerns:
        state.actions = tracked.get(state.indicator.pk, [])
    rest = [r for r in rows if r.indicator.pk not in placed]
    if rest:
        title = "Other key indicators" if priorities else "Key indicators"
        priorities.append(_section(title, rest, with_charts))
    return Ipr(
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
    )


def _priority_title(objective: Objective) -> str:
    return f"{objective.get_kind_display()}: {objective}"


def _section(title: str, rows: list[ScorecardRow], with_charts: bool) -> PrioritySection:
    made = [chart_for(r, f"chart-{r.indicator.pk}") for r in rows] if with_charts else []
    return PrioritySection(title, rows, made)
