"""Reads for the scorecard and the indicator page, each in a fixed number of queries.

The number of queries never depends on how many indicators or periods there are: periods are
read once, indicators once (with owner and service joined), and actuals and targets once
each for all the periods the page needs. The status of each row is then worked out in Python
by ``goldenthread.status``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, QuerySet

from goldenthread import status
from goldenthread.benchmarking.selectors import IndicatorBenchmark, indicator_benchmarks
from goldenthread.forecast import Forecast, NoForecast
from goldenthread.indicators.models import Actual, Indicator, Period, RuleFields, Target, rule_of
from goldenthread.indicators.selectors import (
    STAFF,
    Audience,
    PeriodIndex,
    latest_quarter_with_data,
)
from goldenthread.organisation.models import Council, OrgUnit, person_name
from goldenthread.scorecard import forecasts

SPARKLINE_LENGTH = 8
# What a scorecard row reads of an indicator, its service and its owner, as one tuple each:
# building 800 model instances (with their service and owner) was a fifth of the page.
ROW_FIELDS = (
    "pk",
    "code",
    "title",
    "unit",
    "decimals",
    "polarity",
    "frequency",
    "first_year",
    "last_year",
    "service__name",
    "owner__user__first_name",
    "owner__user__last_name",
    "owner__user__username",
    # The rest make its status rule (models.RuleFields).
    "tolerance_kind",
    "tolerance_amount",
    "aggregation",
    "cumulative",
)


@dataclass(frozen=True)
class ScorecardFilters:
    directorate: int | None = None
    service: int | None = None
    family: str = ""
    frequency: str = ""
    rag: str = ""
    changed: str = ""  # "better" or "worse": status changed since the quarter before
    portfolio: int | None = None  # the Cabinet portfolio the indicator's service answers to


# How good a rated status is, for "changed since last quarter": the three colours only (a
# missing or unrated figure is not a change of judgement).
RAG_RANK = {status.Rag.GREEN: 0, status.Rag.AMBER: 1, status.Rag.RED: 2}
CHANGES = (("better", "Better"), ("worse", "Worse"))


def change(before: status.Rag | None, after: status.Rag) -> str:
    """ "better", "worse" or "" for an indicator whose status went from ``before`` to
    ``after`` (both one of the three colours, else "")."""
    if before not in RAG_RANK or after not in RAG_RANK or before == after:
        return ""
    return "better" if RAG_RANK[after] < RAG_RANK[before] else "worse"


def previous_quarter(quarters: Sequence[Period], chosen: Period) -> Period | None:
    """The quarter before ``chosen`` among ``quarters`` (oldest first), or None."""
    earlier = [q for q in quarters if q.start < chosen.start]
    return earlier[-1] if earlier else None


class ScorecardIndicator(NamedTuple):
    """What a scorecard row shows of its indicator: read as a tuple, not a model instance.

    It has what ``presenters.format_measure`` and ``format_target`` need (unit, decimals,
    polarity), so the scorecard's figures are formatted like every other page's.
    """

    pk: int
    code: str
    title: str
    unit: str
    decimals: int
    polarity: str
    service_name: str
    owner_name: str  # "" when nobody owns it


# Slotted, and the trend's periods shared by every row of a frequency: an 800-row scorecard
# keeps its rows to the end of the page, and the fewer objects they are made of, the less
# often Python's garbage collector walks the whole heap while it renders.
@dataclass(slots=True)
class ScorecardRow:
    indicator: ScorecardIndicator
    period: Period
    actual: ReportedValue | None
    target: status.Target | None
    status: status.Status
    trend_periods: tuple[Period, ...]  # ending with ``period``
    trend: list[Decimal | None]  # a value (or none) for each of trend_periods
    previous_value: Decimal | None
    last_year_value: Decimal | None
    benchmark: IndicatorBenchmark | None = None  # goldenthread.benchmarking
    # The year-end forecast (ADR 0029), or why there is none; None on the public scorecard.
    forecast: Forecast | NoForecast | None = None


@dataclass
class Scorecard:
    council: Council
    period: Period | None
    rows: list[ScorecardRow]
    counts: dict[status.Rag, int]
    # Staff only (ADR 0029): how many rows' year-end forecasts are likely to miss their target,
    # likely to meet it, or have no chance worked out (no forecast, or no target).
    likely_to_miss: int = 0
    likely_to_meet: int = 0
    not_forecast: int = 0


@dataclass
class ScorecardChoices:
    """What the scorecard's filters offer: quarters so far, directorates and services."""

    quarters: list[Period]
    directorates: list[OrgUnit]
    services: list[OrgUnit]


def scorecard_choices(*, council: Council, today: date) -> ScorecardChoices:
    """The filter options, newest quarter first, in two queries."""
    quarters = list(Period.objects.filter(kind="quarter", start__lte=today).order_by("-start"))
    units = list(OrgUnit.objects.filter(council=council).exclude(kind=OrgUnit.Kind.SECTION))
    return ScorecardChoices(
        quarters,
        [u for u in units if u.kind == OrgUnit.Kind.DIRECTORATE],
        [u for u in units if u.kind == OrgUnit.Kind.SERVICE],
    )


def key_indicators(
    council: Council, filters: ScorecardFilters, audience: Audience = STAFF
) -> QuerySet[Indicator]:
    """The indicators a scorecard shows, by code (not yet read: the caller picks the columns)."""
    indicators = Indicator.objects.filter(audience.indicators, council=council)
    if filters.service:
        indicators = indicators.filter(service_id=filters.service)
    elif filters.directorate:
        indicators = indicators.filter(service__parent_id=filters.directorate)
    if filters.portfolio:
        indicators = indicators.filter(in_portfolio(filters.portfolio))
    if filters.family:
        indicators = indicators.filter(family=filters.family)
    if filters.frequency:
        indicators = indicators.filter(frequency=filters.frequency)
    return indicators.order_by("code")


def in_portfolio(portfolio: int) -> Q:
    """Indicators whose service answers to ``portfolio``: its own, else the nearest unit
    above's (as ``access.portfolio_id_of``), three levels at most."""
    return (
        Q(service__portfolio_id=portfolio)
        | Q(service__portfolio__isnull=True, service__parent__portfolio_id=portfolio)
        | Q(
            service__portfolio__isnull=True,
            service__parent__portfolio__isnull=True,
            service__parent__parent__portfolio_id=portfolio,
        )
    )


class ReportedValue(NamedTuple):
    """The little the scorecard needs of an actual: read as a tuple, not a model instance."""

    value: Decimal
    is_estimated: bool


class _Window(NamedTuple):
    """The periods a row of one frequency shows, the same for every indicator of it, with
    their ids (a model's ``pk`` is a property, and 800 rows look up ten each)."""

    current: Period
    trend: tuple[Period, ...]
    ids: tuple[int, ...]  # the trend's
    previous: int | None
    last_year: int | None
    # The forecast's periods: the current year's and the past years' it learns from.
    years: dict[int, list[Period]]


def _windows(index: PeriodIndex, kinds: Iterable[str], end: date) -> dict[str, _Window]:
    windows = {}
    for kind in kinds:
        current = index.latest_ending_by(kind, end)
        if current is not None:
            trend = tuple(index.trailing(current, SPARKLINE_LENGTH))
            previous, last_year = index.previous(current), index.last_year(current)
            year = current.reporting_year
            windows[kind] = _Window(
                current,
                trend,
                tuple(p.pk for p in trend),
                previous.pk if previous else None,
                last_year.pk if last_year else None,
                forecasts.by_year(
                    p
                    for p in index.by_kind[kind]
                    if year - forecasts.HISTORY_YEARS <= p.reporting_year <= year
                ),
            )
    return windows


def _history_ids(window: _Window) -> set[int]:
    """The periods a row's forecast reads figures of: up to its current period."""
    return {
        p.pk
        for periods in window.years.values()
        for p in periods
        if p.start <= window.current.start
    }


def _year_ids(window: _Window) -> set[int]:
    """The current year's periods, whose targets make the year-end target."""
    return {p.pk for p in window.years.get(window.current.reporting_year, [])}


class _Figures(NamedTuple):
    """What the scorecard reads of actuals and targets, read as tuples."""

    # indicator id → period id → value: one small dict an indicator rather than a tuple key
    # a value, so that the 7,000 values of an 800-row page are fewer objects to keep.
    values: dict[int, dict[int, Decimal]]
    estimated: set[tuple[int, int]]  # (indicator id, period id) of each estimate
    targets: dict[tuple[int, int], status.Target]
    # indicator id → period id → the figure as the forecast reads it (numerator, denominator)
    observations: dict[int, dict[int, status.Observation]]


def _figures(
    indicators: QuerySet[Indicator],
    actual_periods: set[int],
    target_periods: set[int],
    states: tuple[str, ...],
    forecast_periods: set[int],
) -> _Figures:
    """Actuals for every period a row shows (trend, previous, last year) and its forecast reads
    (``forecast_periods``); targets for the current periods (and their years, for the
    forecast). Two queries, whatever the number of indicators."""
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    observations: dict[int, dict[int, status.Observation]] = defaultdict(dict)
    estimated: set[tuple[int, int]] = set()
    for (
        indicator_id,
        period_id,
        value,
        numerator,
        denominator,
        is_estimated,
    ) in Actual.objects.filter(
        indicator__in=indicators.values("pk"),
        period_id__in=actual_periods | forecast_periods,
        state__in=states,
    ).values_list("indicator_id", "period_id", "value", "numerator", "denominator", "is_estimated"):
        if period_id in actual_periods:
            values[indicator_id][period_id] = value
            if is_estimated:
                estimated.add((indicator_id, period_id))
        if period_id in forecast_periods:
            observations[indicator_id][period_id] = status.Observation(
                value, numerator, denominator
            )
    targets = {
        (indicator_id, period_id): status.Target(value, lower, upper)
        for indicator_id, period_id, value, lower, upper in Target.objects.filter(
            indicator__in=indicators.values("pk"), period_id__in=target_periods
        ).values_list("indicator_id", "period_id", "value", "lower", "upper")
    }
    return _Figures(values, estimated, targets, observations)


class _Planned(NamedTuple):
    """An indicator on the scorecard, before its figures are read."""

    indicator: ScorecardIndicator
    rule: RuleFields
    window: _Window


def _planned(indicators: QuerySet[Indicator], windows: dict[str, _Window]) -> list[_Planned]:
    """The indicators active in their frequency's current period, read as tuples."""
    planned = []
    for (
        pk,
        code,
        title,
        unit,
        decimals,
        polarity,
        frequency,
        first_year,
        last_year,
        service_name,
        first_name,
        last_name,
        username,
        tolerance_kind,
        tolerance_amount,
        aggregation,
        cumulative,
    ) in indicators.values_list(*ROW_FIELDS):
        window = windows.get(frequency)
        if window is None or not _active(first_year, last_year, window.current):
            continue
        owner = person_name(first_name, last_name, username) if username is not None else ""
        planned.append(
            _Planned(
                ScorecardIndicator(pk, code, title, unit, decimals, polarity, service_name, owner),
                RuleFields(
                    polarity,
                    tolerance_kind,
                    tolerance_amount,
                    decimals,
                    aggregation,
                    cumulative,
                    unit,
                ),
                window,
            )
        )
    return planned


def scorecard(
    *,
    council: Council,
    today: date,
    period_code: str = "",
    filters: ScorecardFilters | None = None,
    audience: Audience = STAFF,
) -> Scorecard:
    """The corporate scorecard: every key indicator's latest period up to the chosen quarter.

    For the public (``audience=PUBLIC``): every public indicator, published figures only.
    """
    filters = filters or ScorecardFilters()
    index = PeriodIndex(Period.objects.all())
    quarters = [p for p in index.by_kind.get("quarter", []) if p.start <= today]
    chosen = next((p for p in quarters if p.code == period_code), None)
    if chosen is None:
        chosen = latest_quarter_with_data(index, audience) or (quarters[-1] if quarters else None)
    if chosen is None:
        return Scorecard(council, None, [], dict.fromkeys(status.Rag, 0))

    indicators = key_indicators(council, filters, audience)
    planned = _planned(indicators, _windows(index, index.by_kind, chosen.end))
    used = {p.window.current.pk: p.window for p in planned}.values()
    # The forecast is the staff's (ADR 0029): the public scorecard does not read for it.
    forecasting = audience is STAFF
    figures = _figures(
        indicators,
        {i for w in used for i in (*w.ids, w.previous, w.last_year) if i is not None},
        {w.current.pk for w in used}
        | ({i for w in used for i in _year_ids(w)} if forecasting else set()),
        audience.states,
        {i for w in used for i in _history_ids(w)} if forecasting else set(),
    )
    benchmarks = (
        indicator_benchmarks(
            council=council, indicators=indicators, up_to_year=chosen.financial_year
        )
        if audience.benchmarks
        else {}
    )
    rows = _rows(planned, figures, benchmarks, council.default_tolerance, today, forecasting)
    counts = dict.fromkeys(status.Rag, 0)
    outlooks = {True: 0, False: 0, None: 0}
    for row in rows:
        counts[row.status.rag] += 1
        outlooks[row.forecast.likely_to_meet if isinstance(row.forecast, Forecast) else None] += 1
    if filters.rag:
        rows = [row for row in rows if row.status.rag == filters.rag]
    if filters.changed:
        earlier = previous_quarter(quarters, chosen)
        before = (
            scorecard(
                council=council,
                today=today,
                period_code=earlier.code,
                filters=replace(filters, rag="", changed=""),
                audience=audience,
            ).rows
            if earlier is not None
            else []
        )
        was = {row.indicator.pk: row.status.rag for row in before}
        rows = [r for r in rows if change(was.get(r.indicator.pk), r.status.rag) == filters.changed]
    return Scorecard(council, chosen, rows, counts, outlooks[False], outlooks[True], outlooks[None])


def _rows(
    planned: list[_Planned],
    figures: _Figures,
    benchmarks: dict[int, IndicatorBenchmark],
    default_tolerance: status.Tolerance,
    today: date,
    forecasting: bool = False,
) -> list[ScorecardRow]:
    """Each planned indicator's row, its status worked out by ``goldenthread.status``."""
    # Indicators share a few dozen rules between them: each is built once.
    rules: dict[RuleFields, status.Rule] = {}
    none: dict[int, Decimal] = {}
    nothing: dict[int, status.Observation] = {}
    targets: dict[int, dict[int, status.Target]] = defaultdict(dict)
    if forecasting:
        for (indicator_id, period_id), set_target in figures.targets.items():
            targets[indicator_id][period_id] = set_target
    rows = []
    for indicator, fields, window in planned:
        rule = rules.get(fields)
        if rule is None:
            rule = rules[fields] = rule_of(fields, default_tolerance)
        values = figures.values.get(indicator.pk, none)
        trend = [values.get(i) for i in window.ids]
        value = trend[-1]  # the trend ends with the current period
        previous = values.get(window.previous) if window.previous else None
        last_year = values.get(window.last_year) if window.last_year else None
        key = (indicator.pk, window.current.pk)
        target = figures.targets.get(key)
        rows.append(
            ScorecardRow(
                indicator,
                window.current,
                ReportedValue(value, key in figures.estimated) if value is not None else None,
                target,
                status.evaluate(
                    value,
                    target,
                    previous,
                    last_year,
                    rule,
                    deadline_passed=today > window.current.deadline,
                ),
                window.trend,
                trend,
                previous,
                last_year,
                benchmarks.get(indicator.pk),
                forecasts.year_end_forecast(
                    years=window.years,
                    current=window.current,
                    observations=figures.observations.get(indicator.pk, nothing),
                    targets=targets.get(indicator.pk, {}),
                    rule=rule,
                )
                if forecasting
                else None,
            )
        )
    return rows


def _active(first_year: int, last_year: int | None, period: Period) -> bool:
    if period.financial_year < first_year:
        return False
    return last_year is None or period.financial_year <= last_year


@dataclass
class PeriodLine:
    period: Period
    actual: Actual | None
    target: Target | None
    last_year: Decimal | None
    rag: status.Rag


@dataclass
class YearOutturn:
    financial_year: int
    label: str
    outturn: Decimal | None
    target: status.Target | None
    rag: status.Rag
    periods_reported: int
    periods_in_year: int


@dataclass
class IndicatorDetail:
    indicator: Indicator
    rule: status.Rule
    current_year: list[PeriodLine]
    years: list[YearOutturn]
    commentary: list[Actual]
    # This year's outturn forecast (ADR 0029), or why there is none; None with no figures.
    forecast: Forecast | NoForecast | None = None
    owner_forecast: Actual | None = None  # the year's latest figure with the owner's forecast


def indicator_detail(
    *, indicator: Indicator, today: date, audience: Audience = STAFF
) -> IndicatorDetail:
    """Everything the indicator page shows, in four queries whatever the history's length.

    The audience's figures only: for the public, published ones (the caller checks that the
    indicator itself is public).
    """
    council = indicator.council
    rule = indicator.rule(council.default_tolerance)
    index = PeriodIndex(Period.objects.filter(kind=indicator.frequency))
    actuals = {
        a.period_id: a
        for a in indicator.actuals.filter(state__in=audience.states).select_related(
            "period", "modified_by"
        )
    }
    targets = {t.period_id: t for t in indicator.targets.all()}
    kind_periods = index.by_kind.get(indicator.frequency, [])

    reported = [p for p in kind_periods if p.pk in actuals]
    started = [p for p in kind_periods if p.start <= today]
    anchor = reported[-1] if reported else (started[-1] if started else None)
    current_year: list[PeriodLine] = []
    if anchor is not None:
        for p in kind_periods:
            if p.reporting_year != anchor.reporting_year:
                continue
            actual, target = actuals.get(p.pk), targets.get(p.pk)
            last_year = index.last_year(p)
            last_year_actual = actuals.get(last_year.pk) if last_year else None
            current_year.append(
                PeriodLine(
                    p,
                    actual,
                    target,
                    last_year_actual.value if last_year_actual else None,
                    status.rag(
                        actual.value if actual else None,
                        target.as_rule_target() if target else None,
                        rule,
                        deadline_passed=today > p.deadline,
                    ),
                )
            )

    years = _outturns(kind_periods, actuals, targets, rule, today)
    commentary = sorted(
        (a for a in actuals.values() if a.commentary or a.remedial_action),
        key=lambda a: a.period.start,
        reverse=True,
    )
    projected = None
    if anchor is not None:
        projected = forecasts.year_end_forecast(
            years=forecasts.by_year(kind_periods),
            current=anchor,
            observations={
                pk: status.Observation(a.value, a.numerator, a.denominator)
                for pk, a in actuals.items()
            },
            targets={pk: t.as_rule_target() for pk, t in targets.items()},
            rule=rule,
        )
    owned = [line.actual for line in current_year if line.actual and line.actual.forecast]
    return IndicatorDetail(
        indicator, rule, current_year, years, commentary, projected, owned[-1] if owned else None
    )


def _outturns(
    kind_periods: Sequence[Period],
    actuals: dict[int, Actual],
    targets: dict[int, Target],
    rule: status.Rule,
    today: date,
) -> list[YearOutturn]:
    """Year to date (or outturn, for a finished year) for each financial year, newest first."""
    by_year: dict[int, list[Period]] = defaultdict(list)
    for p in kind_periods:
        if p.start <= today:
            by_year[p.reporting_year].append(p)
    outturns: list[YearOutturn] = []
    for year, year_periods in sorted(by_year.items(), reverse=True):
        label = year_periods[0].reporting_year_label
        observations = [
            status.Observation(a.value, a.numerator, a.denominator)
            for p in year_periods
            if (a := actuals.get(p.pk)) is not None
        ]
        if not observations:
            continue
        reported = [p for p in year_periods if p.pk in actuals]
        target = status.ytd_target(
            [t.as_rule_target() if (t := targets.get(p.pk)) else None for p in reported], rule
        )
        value = status.year_to_date(observations, rule)
        outturns.append(
            YearOutturn(
                year,
                label,
                value,
                target,
                status.rag(value, target, rule, deadline_passed=True),
                len(observations),
                len(year_periods),
            )
        )
    return outturns
