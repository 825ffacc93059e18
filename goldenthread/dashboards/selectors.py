"""Reads for the dashboards by role (issue 18 item 1), in a fixed number of queries.

A director's dashboard is their directorate's quarter; the performance team's and the chief
executive's is the whole council, by directorate. The statuses are the scorecard's
(``scorecard.selectors.scorecard``, which uses ``goldenthread.status``): nothing here judges a
figure itself, so every count on a dashboard is the length of the scorecard list it links to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q

from goldenthread import status
from goldenthread.improvement import selectors as improvement_selectors
from goldenthread.improvement.models import CLOSED, Action, Risk
from goldenthread.indicators.models import Indicator, Period, Target
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from goldenthread.queries.models import Query, QueryState
from goldenthread.reports.finance import FinanceLine, finance_report
from goldenthread.returns.selectors import ReturnRow, chase_list
from goldenthread.scorecard.selectors import (
    RAG_RANK,
    Scorecard,
    ScorecardFilters,
    ScorecardRow,
    change,
    previous_quarter,
    scorecard,
)

CHARTS = 6  # key indicators drawn as small multiples, the worst first
TOP_RISKS = 5


@dataclass
class Tile:
    """A count of indicators with one status, the change since the quarter before, and the
    scorecard query that lists them."""

    rag: status.Rag
    count: int
    before: int | None
    query: str

    @property
    def delta(self) -> int | None:
        return None if self.before is None else self.count - self.before


@dataclass
class Changed:
    row: ScorecardRow
    before: status.Rag


@dataclass
class Red:
    row: ScorecardRow
    actions: list[str]  # a line each: text, lead, status, due, latest progress


@dataclass
class SmallMultiple:
    row: ScorecardRow
    labels: list[str]
    values: list[Decimal | None]
    targets: list[Decimal | None]

    @property
    def points(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        return list(zip(self.labels, self.values, self.targets, strict=True))


@dataclass
class DirectorateCounts:
    unit: OrgUnit
    counts: dict[status.Rag, int]
    queries: dict[status.Rag, str]


@dataclass
class Dashboard:
    council: Council
    directorate: OrgUnit | None  # None: the whole council
    period: Period | None
    previous: Period | None
    tiles: list[Tile] = field(default_factory=list)
    better: list[Changed] = field(default_factory=list)
    worse: list[Changed] = field(default_factory=list)
    better_query: str = ""
    worse_query: str = ""
    red_query: str = ""
    reds: list[Red] = field(default_factory=list)
    overdue_returns: list[ReturnRow] = field(default_factory=list)
    overdue_actions: list[Action] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    finance: list[FinanceLine] = field(default_factory=list)
    by_directorate: list[DirectorateCounts] = field(default_factory=list)
    charts: list[SmallMultiple] = field(default_factory=list)


def _query(**params: object) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def directorates(council: Council) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(council=council, kind=OrgUnit.Kind.DIRECTORATE).order_by("name")
    )


def dashboard(
    *, council: Council, today: date, directorate: OrgUnit | None, units: list[OrgUnit]
) -> Dashboard:
    """The quarter at a glance for ``directorate`` (None: the council, by directorate).

    ``units`` are the council's directorates (``directorates``), read once by the caller.
    """
    filters = ScorecardFilters(directorate=directorate.pk if directorate else None)
    card = scorecard(council=council, today=today, filters=filters)
    board = Dashboard(council, directorate, card.period, None)
    if card.period is None:
        return board
    quarters = list(Period.objects.filter(kind="quarter", start__lte=today).order_by("start"))
    board.previous = previous_quarter(quarters, card.period)
    before = (
        scorecard(council=council, today=today, period_code=board.previous.code, filters=filters)
        if board.previous
        else None
    )
    scope = directorate.pk if directorate else None
    period = card.period.code
    board.tiles = [
        Tile(
            rag,
            count,
            before.counts[rag] if before else None,
            _query(period=period, directorate=scope, rag=rag.value),
        )
        for rag, count in card.counts.items()
    ]
    _changes(board, card, before)
    board.better_query = _query(period=period, directorate=scope, changed="better")
    board.worse_query = _query(period=period, directorate=scope, changed="worse")
    board.red_query = _query(period=period, directorate=scope, rag=status.Rag.RED.value)
    reds = [row for row in card.rows if row.status.rag == status.Rag.RED]
    lines = improvement_selectors.action_progress([r.indicator.pk for r in reds], today)
    board.reds = [Red(row, lines.get(row.indicator.pk, [])) for row in reds]
    board.overdue_returns = _overdue_returns(directorate, today)
    board.overdue_actions = _overdue_actions(council, directorate, today)
    board.risks = _risks(council, directorate)
    board.finance = _finance(council, card, directorate)
    if directorate is None:
        board.by_directorate = _by_directorate(council, card, units)
    board.charts = _charts(card)
    return board


def _changes(board: Dashboard, card: Scorecard, before: Scorecard | None) -> None:
    was = {row.indicator.pk: row.status.rag for row in before.rows} if before else {}
    for row in card.rows:
        earlier = was.get(row.indicator.pk)
        moved = change(earlier, row.status.rag)
        if moved and earlier is not None:
            (board.better if moved == "better" else board.worse).append(Changed(row, earlier))


def _overdue_returns(directorate: OrgUnit | None, today: date) -> list[ReturnRow]:
    """The returns past their deadline and not in: three queries."""
    rows = [
        row
        for group in chase_list(today=today)
        for _, owner_rows in group.owners
        for row in owner_rows
        if directorate is None or group.service.parent_id == directorate.pk
    ]
    return sorted(rows, key=lambda r: (r.period.deadline, r.indicator.code))


def _overdue_actions(council: Council, directorate: OrgUnit | None, today: date) -> list[Action]:
    """Open actions past their due date: in the directorate, those that are remedial actions
    for its indicators. One query."""
    actions = Action.objects.filter(
        recommendation__plan__council=council, due__lt=today, closed_on__isnull=True
    ).exclude(status__in=CLOSED)
    if directorate is not None:
        actions = actions.filter(indicators__service__parent=directorate)
    found = [
        a
        for a in actions.distinct().select_related("recommendation__plan").order_by("due", "pk")
        if a.is_overdue(today)
    ]
    improvement_selectors.mark_status(found, today)
    return found


def _risks(council: Council, directorate: OrgUnit | None) -> list[Risk]:
    """The highest residual risks of the directorate's registers (its own and its services'),
    or of every register: one query."""
    risks = Risk.objects.filter(register__council=council)
    if directorate is not None:
        risks = risks.filter(Q(register__unit=directorate) | Q(register__unit__parent=directorate))
    return list(
        improvement_selectors.ordered(risks).select_related("register", "owner_person__user")[
            :TOP_RISKS
        ]
    )


def _finance(council: Council, card: Scorecard, directorate: OrgUnit | None) -> list[FinanceLine]:
    """Budget, spend and forecast beside the indicators' statuses: the directorate's line and
    its services', or every directorate's."""
    report = finance_report(
        council=council,
        period=card.period,
        rags={row.indicator.pk: row.status.rag for row in card.rows},
    )
    if directorate is None:
        return report.directorates
    return [line for line in report.directorates if line.unit.pk == directorate.pk] + [
        line for line in report.services if line.unit.parent_id == directorate.pk
    ]


def _by_directorate(
    council: Council, card: Scorecard, units: list[OrgUnit]
) -> list[DirectorateCounts]:
    """Each directorate's counts by status: the scorecard's rows, grouped by the directorate
    of their service (one query, whatever the number of indicators)."""
    directorate_of = dict(
        Indicator.objects.filter(council=council).values_list("pk", "service__parent_id")
    )
    counts: dict[int, dict[status.Rag, int]] = defaultdict(lambda: dict.fromkeys(status.Rag, 0))
    for row in card.rows:
        parent = directorate_of.get(row.indicator.pk)
        if parent is not None:
            counts[parent][row.status.rag] += 1
    period = card.period.code if card.period else ""
    return [
        DirectorateCounts(
            unit,
            counts[unit.pk],
            {r: _query(period=period, directorate=unit.pk, rag=r.value) for r in status.Rag},
        )
        for unit in units
    ]


def _charts(card: Scorecard) -> list[SmallMultiple]:
    """The key indicators with a target, worst status first, each over its last eight periods
    with its targets: one query for the targets."""
    chosen = sorted(
        (row for row in card.rows if row.target is not None),
        key=lambda r: (-RAG_RANK.get(r.status.rag, -1), r.indicator.code),
    )[:CHARTS]
    if not chosen:
        return []
    targets = {
        (indicator_id, period_id): value
        for indicator_id, period_id, value in Target.objects.filter(
            indicator_id__in=[r.indicator.pk for r in chosen],
            period_id__in={p.pk for r in chosen for p in r.trend_periods},
        ).values_list("indicator_id", "period_id", "value")
    }
    return [
        SmallMultiple(
            row,
            [p.label for p in row.trend_periods],
            list(row.trend),
            [targets.get((row.indicator.pk, p.pk)) for p in row.trend_periods],
        )
        for row in chosen
    ]


@dataclass
class PortfolioDashboard:
    council: Council
    portfolio: Portfolio
    period: Period | None
    tiles: list[Tile] = field(default_factory=list)
    reds: list[Red] = field(default_factory=list)
    red_query: str = ""
    queries: list[Query] = field(default_factory=list)  # still open, routed to the holder
    risks: list[Risk] = field(default_factory=list)


OPEN_QUERIES = (QueryState.OPEN, QueryState.DRAFTED)


def portfolio_dashboard(
    *, council: Council, today: date, portfolio: Portfolio, holder: Person
) -> PortfolioDashboard:
    """A portfolio holder's: their portfolio's indicators by status (each count the length of
    the scorecard list it links to), the red ones with their actions, the queries waiting for
    their answer, and the top risks of the registers of the portfolio's units."""
    card = scorecard(council=council, today=today, filters=ScorecardFilters(portfolio=portfolio.pk))
    board = PortfolioDashboard(council, portfolio, card.period)
    if card.period is None:
        return board
    period = card.period.code
    board.tiles = [
        Tile(rag, count, None, _query(period=period, portfolio=portfolio.pk, rag=rag.value))
        for rag, count in card.counts.items()
    ]
    board.red_query = _query(period=period, portfolio=portfolio.pk, rag=status.Rag.RED.value)
    reds = [row for row in card.rows if row.status.rag == status.Rag.RED]
    lines = improvement_selectors.action_progress([r.indicator.pk for r in reds], today)
    board.reds = [Red(row, lines.get(row.indicator.pk, [])) for row in reds]
    board.queries = list(
        Query.objects.filter(holder=holder, state__in=OPEN_QUERIES)
        .select_related("indicator")
        .order_by("created_on", "pk")
    )
    units = Q(register__unit__portfolio=portfolio) | Q(
        register__unit__portfolio__isnull=True, register__unit__parent__portfolio=portfolio
    )
    board.risks = list(
        improvement_selectors.ordered(
            Risk.objects.filter(units, register__council=council)
        ).select_related("register")[:TOP_RISKS]
    )
    return board
