"""Reads for benchmarking, each in a fixed number of queries whatever the group sizes.

``indicator_benchmarks`` is what the scorecard, the indicator page and the summary page call:
three queries (settings with measure and group; the stored statistics; our own values) for any
number of indicators and any group size. The statistics themselves are worked out once, by
``statistics.statistics_refresh`` with each source's convention, never per view.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from goldenthread import status
from goldenthread.benchmarking import statistics, stats
from goldenthread.benchmarking.models import (
    Authority,
    BenchmarkSetting,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupStatistic,
    Measure,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council

# How far back the scorecard looks for the latest published comparator year: comparator data
# lags a year or two behind a council's own figures.
YEARS_BACK = 3

QUARTILE_LABELS = {
    1: "Top quartile",
    2: "Second quartile",
    3: "Third quartile",
    4: "Bottom quartile",
}


@dataclass(frozen=True)
class Placed:
    """One authority's figure as the chart and table show it."""

    name: str
    value: Decimal
    ours: bool


@dataclass
class IndicatorBenchmark:
    """Where the council stands for one indicator's measure, in one year, in its group."""

    measure: Measure
    group: ComparatorGroup
    year: int
    result: stats.Benchmark
    previous: Decimal | None  # our value the year before
    improved: status.Direction
    members: int
    placed: list[Placed] = field(default_factory=list)
    # False when our value's year has no stored statistics yet (``statistics_refresh``).
    computed: bool = True
    convention: str = ""  # the stored row's convention, named wherever the band is shown
    convention_note: str = ""  # what it does, in plain English (the indicator page only)
    mad: Decimal | None = None
    distance: Decimal | None = None  # our distance from the median in MADs (Oflog's view)

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def quartile_label(self) -> str:
        if not self.computed:
            return "Not yet computed"
        if self.result.our_quartile is None:
            return "Not placed"
        return QUARTILE_LABELS[self.result.our_quartile]


def _direction(
    measure: Measure, current: Decimal | None, previous: Decimal | None
) -> status.Direction:
    rule = status.Rule(
        polarity=status.Polarity(measure.polarity),
        tolerance=status.Tolerance(status.ToleranceKind.ABSOLUTE, Decimal(0)),
        decimals=min(measure.decimals, 6),
    )
    target = (
        status.Target(lower=measure.midpoint, upper=measure.midpoint)
        if measure.midpoint is not None
        else None
    )
    return status.direction(current, previous, rule, target)


def indicator_benchmarks(
    *,
    council: Council,
    indicators: QuerySet[Indicator] | Iterable[int],
    year: int | None = None,
    up_to_year: int | None = None,
    with_placed: bool = False,
) -> dict[int, IndicatorBenchmark]:
    """Each benchmarked indicator's standing, by indicator id, read from the stored statistics
    (``statistics_refresh``, with each source's convention) in three queries: settings with
    measure and group, the stored rows, our own values; a fourth for the names of the members
    when ``with_placed``. Nothing is banded per view: a year with our value but no stored row
    says "not yet computed".

    ``year`` asks for that year exactly; otherwise each indicator's latest year with our value
    up to ``up_to_year`` (looking back ``YEARS_BACK`` years), or its latest year with any value.
    """
    settings = list(
        BenchmarkSetting.objects.filter(indicator__in=indicators).select_related("measure", "group")
    )
    if not settings:
        return {}
    measure_ids = {s.measure_id for s in settings}
    group_ids = {s.group_id for s in settings}
    years = Q()
    if year is not None:
        years = Q(year__in=(year - 1, year))
    elif up_to_year is not None:
        years = Q(year__lte=up_to_year, year__gte=up_to_year - YEARS_BACK)
    stored = {
        (row.measure_id, row.group_id, row.year): row
        for row in GroupStatistic.objects.filter(
            years, measure_id__in=measure_ids, group_id__in=group_ids
        )
    }
    mine: dict[tuple[int, int], Decimal] = {}
    ours: int | None = None
    if council.gss_code:
        for measure_id, y, pk, value in ComparatorValue.objects.filter(
            years, measure_id__in=measure_ids, authority__gss_code=council.gss_code
        ).values_list("measure_id", "year", "authority_id", "value"):
            mine[(measure_id, y)] = value
            ours = pk
    names: dict[int, str] = {}
    if with_placed:
        names = dict(
            Authority.objects.filter(
                Q(memberships__group_id__in=group_ids) | Q(gss_code=council.gss_code or "-")
            ).values_list("pk", "short_name")
        )
    found: dict[int, IndicatorBenchmark] = {}
    for setting in settings:
        chosen = year if year is not None else _latest(setting, stored, mine)
        row = stored.get((setting.measure_id, setting.group_id, chosen)) if chosen else None
        ourvalue = mine.get((setting.measure_id, chosen)) if chosen else None
        if chosen is None or (row is None and ourvalue is None):
            continue
        found[setting.indicator_id] = _standing(setting, chosen, row, ours, ourvalue, mine, names)
    return found


def _latest(
    setting: BenchmarkSetting,
    stored: dict[tuple[int, int, int], GroupStatistic],
    mine: dict[tuple[int, int], Decimal],
) -> int | None:
    """The latest year with our value, else the latest with stored statistics."""
    ours = [y for (m, y) in mine if m == setting.measure_id]
    if ours:
        return max(ours)
    theirs = [y for (m, g, y) in stored if (m, g) == (setting.measure_id, setting.group_id)]
    return max(theirs) if theirs else None


def _standing(
    setting: BenchmarkSetting,
    chosen: int,
    row: GroupStatistic | None,
    ours: int | None,
    ourvalue: Decimal | None,
    mine: dict[tuple[int, int], Decimal],
    names: dict[int, str],
) -> IndicatorBenchmark:
    measure = setting.measure
    previous = mine.get((measure.pk, chosen - 1))
    if row is None:
        result = stats.Benchmark(0, 0, None, None, None, None, None, None, ourvalue, None, None)
        return IndicatorBenchmark(
            measure,
            setting.group,
            chosen,
            result,
            previous,
            _direction(measure, ourvalue, previous),
            0,
            computed=False,
        )
    inside = ours is not None and str(ours) in row.placings
    result, distance = stored_benchmark(measure, row, ours, None if inside else ourvalue)
    placed = [
        Placed(names.get(int(pk), ""), Decimal(p[0]), int(pk) == ours)
        for pk, p in row.placings.items()
    ]
    if names and not inside and ourvalue is not None and ours is not None:
        placed.append(Placed(names.get(ours, ""), ourvalue, True))
    return IndicatorBenchmark(
        measure,
        setting.group,
        chosen,
        result,
        previous,
        _direction(measure, result.ours, previous),
        row.count + row.missing,
        sorted(placed, key=lambda p: (p.value, p.name)) if names else [],
        convention=row.convention,
        mad=row.mad,
        distance=distance,
    )


# ----------------------------------------------------------------------------- summary


@dataclass
class SummaryLine:
    """Shares for one directorate (or the council): top two quartiles, improved."""

    name: str
    benchmarked: int = 0
    placed: int = 0
    top_half: int = 0
    comparable: int = 0
    improved: int = 0

    @property
    def top_half_share(self) -> Decimal | None:
        return Decimal(self.top_half * 100) / self.placed if self.placed else None

    @property
    def improved_share(self) -> Decimal | None:
        return Decimal(self.improved * 100) / self.comparable if self.comparable else None


@dataclass
class Summary:
    year: int | None
    years: list[int]
    lines: list[SummaryLine]
    overall: SummaryLine


def benchmark_years(council: Council) -> list[int]:
    """Years with values for any of the council's benchmarked measures, newest first."""
    measures = BenchmarkSetting.objects.filter(indicator__council=council).values("measure_id")
    return list(
        ComparatorValue.objects.filter(measure_id__in=measures)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def summary(*, council: Council, year: int | None) -> Summary:
    """“Share of indicators in the top two quartiles” and “share improved since the previous
    year”, by directorate and overall, in six queries."""
    years = benchmark_years(council)
    if year is None or year not in years:
        year = years[0] if years else None
    indicators = Indicator.objects.filter(council=council, benchmark_setting__isnull=False)
    directorate_of = dict(indicators.values_list("pk", "service__parent__name"))
    results = (
        indicator_benchmarks(council=council, indicators=indicators, year=year) if year else {}
    )
    lines: dict[str, SummaryLine] = {}
    overall = SummaryLine("Whole council")
    for pk, directorate in sorted(directorate_of.items(), key=lambda item: str(item[1])):
        line = lines.setdefault(directorate or "", SummaryLine(directorate or "No directorate"))
        for target in (line, overall):
            target.benchmarked += 1
        found = results.get(pk)
        if found is None:
            continue
        for target in (line, overall):
            if found.result.our_quartile is not None:
                target.placed += 1
                target.top_half += found.result.in_top_half
            if found.improved in (
                status.Direction.IMPROVING,
                status.Direction.NO_CHANGE,
                status.Direction.WORSENING,
            ):
                target.comparable += 1
                target.improved += found.improved == status.Direction.IMPROVING
    return Summary(year, years, sorted(lines.values(), key=lambda line: line.name), overall)


# ----------------------------------------------------------------------------- measure page


@dataclass(frozen=True)
class Standing:
    """One member's row on the measure page and in the bands export."""

    name: str
    gss_code: str
    value: Decimal
    rank: int | None
    quartile: int | None
    distance: Decimal | None
    ours: bool
    mark: str = ""  # the source's revision mark ("Rev", "prov"), shown beside the value

    @property
    def band(self) -> str:
        return stats.LETTERS.get(self.quartile, "") if self.quartile else ""


@dataclass
class MeasureView:
    measure: Measure
    group: ComparatorGroup
    groups: list[ComparatorGroup]
    year: int | None
    years: list[int]
    viewpoint: Authority | None
    result: stats.Benchmark | None
    placed: list[Placed]
    stored: GroupStatistic | None = None
    standings: list[Standing] = field(default_factory=list)
    without_value: list[str] = field(default_factory=list)
    viewpoint_in_group: bool = True
    our_distance: Decimal | None = None


def _standings(
    stored: GroupStatistic,
    names: dict[int, tuple[str, str]],
    ours: int | None,
    marks: dict[int, str],
) -> list[Standing]:
    rows = [
        Standing(
            names[int(pk)][0],
            names[int(pk)][1],
            Decimal(value),
            rank,
            quartile,
            Decimal(distance) if distance is not None else None,
            int(pk) == ours,
            marks.get(int(pk), ""),
        )
        for pk, (value, rank, quartile, distance) in stored.placings.items()
        if int(pk) in names
    ]
    return sorted(rows, key=lambda r: (r.value, r.name))


def stored_benchmark(
    measure: Measure, stored: GroupStatistic, ours: int | None, outside: Decimal | None
) -> tuple[stats.Benchmark, Decimal | None]:
    """The page's statistics from the stored row; an outsider (a viewpoint not in the group)
    is placed against the stored thresholds and values, never by re-banding the group."""
    thresholds = (
        stats.Quartiles(stored.lower, stored.median, stored.upper)
        if stored.lower is not None and stored.upper is not None and stored.median is not None
        else None
    )
    mine = stored.placings.get(str(ours)) if ours is not None else None
    value = Decimal(mine[0]) if mine else outside
    rank = mine[1] if mine else None
    quartile = mine[2] if mine else None
    distance = Decimal(mine[3]) if mine and mine[3] is not None else None
    if mine is None and outside is not None:
        polarity = stats.Polarity(measure.polarity)
        values = [Decimal(p[0]) for p in stored.placings.values()]
        rank = stats.rank(outside, [*values, outside], polarity, measure.midpoint)
        if thresholds is not None and polarity in (stats.Polarity.HIGHER, stats.Polarity.LOWER):
            ties = stats.Ties.BETTER if "better" in stored.convention else stats.Ties.INTERVAL
            quartile = stats.band(outside, thresholds, polarity, ties)
        if stored.median is not None:
            distance = stats.mad_distance(outside, stored.median, stored.mad)
    return (
        stats.Benchmark(
            count=stored.count,
            missing=stored.missing,
            minimum=stored.minimum,
            maximum=stored.maximum,
            median=stored.median,
            mean=stored.mean,
            quartiles=thresholds,
            group_value=stored.group_value,
            ours=value,
            our_rank=rank,
            our_quartile=quartile,
        ),
        distance,
    )


def measure_view(
    *, measure: Measure, group_id: int | None, year: int | None, viewpoint_gss: str
) -> MeasureView:
    """A measure for a year across a group, from one authority's point of view, read from the
    stored statistics (``statistics_refresh``): a fixed number of queries whatever the size."""
    years = list(measure.values.values_list("year", flat=True).distinct().order_by("-year"))
    if year not in years:
        year = years[0] if years else None
    viewpoint = Authority.objects.filter(gss_code=viewpoint_gss).first() if viewpoint_gss else None
    groups = list(
        ComparatorGroup.objects.filter(
            Q(group_set=measure.group_set) | ~Q(kind=ComparatorGroup.Kind.FAMILY)
        ).order_by("kind", "name")
    )
    group = next((g for g in groups if g.pk == group_id), None)
    if group is None and viewpoint is not None:
        mine = set(viewpoint.memberships.values_list("group_id", flat=True))
        family = ComparatorGroup.Kind.FAMILY
        group = next((g for g in groups if g.kind == family and g.pk in mine), None)
    group = group or (groups[0] if groups else None)
    if group is None or year is None:
        return MeasureView(measure, group, groups, year, years, viewpoint, None, [])  # type: ignore[arg-type]
    # The group's members and our own council's authority, which the stored statistics
    # include where it has a value (ADR 0007).
    names: dict[int, tuple[str, str]] = {}
    members: set[int] = set()
    for pk, name, gss, member in (
        Authority.objects.filter(
            Q(memberships__group=group)
            | Q(gss_code__in=Council.objects.exclude(gss_code="").values("gss_code"))
        )
        .annotate(member=Exists(GroupMember.objects.filter(group=group, authority=OuterRef("pk"))))
        .distinct()
        .values_list("pk", "short_name", "gss_code", "member")
    ):
        names[pk] = (name, gss)
        if member:
            members.add(pk)
    stored = GroupStatistic.objects.filter(measure=measure, group=group, year=year).first()
    if stored is None:
        return MeasureView(measure, group, groups, year, years, viewpoint, None, [])
    ours = viewpoint.pk if viewpoint else None
    inside = ours in names
    outside = None
    if viewpoint is not None and not inside:
        names[viewpoint.pk] = (viewpoint.short_name, viewpoint.gss_code)
        outside = (
            measure.values.filter(authority=viewpoint, year=year)
            .values_list("value", flat=True)
            .first()
        )
    result, distance = stored_benchmark(measure, stored, ours, outside)
    # Marks are few (a revised or provisional figure), so one query reads this year's.
    marks = dict(
        measure.values.filter(year=year, authority_id__in=list(names))
        .exclude(mark="")
        .values_list("authority_id", "mark")
    )
    standings = _standings(stored, names, ours, marks)
    if outside is not None and viewpoint is not None:
        standings.append(
            Standing(
                viewpoint.short_name,
                viewpoint.gss_code,
                outside,
                result.our_rank,
                result.our_quartile,
                distance,
                True,
                marks.get(viewpoint.pk, ""),
            )
        )
        standings.sort(key=lambda r: (r.value, r.name))
    placed = [Placed(r.name, r.value, r.ours) for r in standings]
    without = sorted(
        name
        for pk, (name, _) in names.items()
        if str(pk) not in stored.placings and pk != ours and pk in members
    )
    return MeasureView(
        measure,
        group,
        groups,
        year,
        years,
        viewpoint,
        result,
        placed,
        stored,
        standings,
        without,
        inside,
        distance,
    )


def band_rows(*, source: str) -> Iterable[list[str]]:
    """Every stored band of every authority for a source's measures, for analysts: one row
    per (measure, year, group, authority), streamed a measure's rows at a time."""
    names = dict(Authority.objects.values_list("pk", "gss_code"))
    short = dict(Authority.objects.values_list("pk", "short_name"))
    marks = {
        (measure_id, year, pk): mark
        for measure_id, year, pk, mark in ComparatorValue.objects.filter(measure__source=source)
        .exclude(mark="")
        .values_list("measure_id", "year", "authority_id", "mark")
    }
    rows = (
        GroupStatistic.objects.filter(measure__source=source)
        .select_related("measure", "group")
        .order_by("measure__code", "year", "group__name")
        .iterator(chunk_size=500)
    )
    for stored in rows:
        for pk, (value, rank, quartile, distance) in stored.placings.items():
            yield [
                stored.measure.source,
                stored.measure.code,
                str(stored.year),
                stored.group.name,
                names.get(int(pk), ""),
                short.get(int(pk), ""),
                value,
                marks.get((stored.measure_id, stored.year, int(pk)), ""),
                str(rank or ""),
                stats.LETTERS.get(quartile, "") if quartile else "",
                str(quartile or ""),
                _plain(stored.lower),
                _plain(stored.median),
                _plain(stored.upper),
                _plain(stored.mad),
                distance or "",
                stored.no_quartile,
                stored.convention,
            ]


BAND_HEADER = [
    "source",
    "measure",
    "year",
    "group",
    "gss_code",
    "authority",
    "value",
    "mark",
    "rank",
    "band",
    "quartile",
    "q1",
    "median",
    "q3",
    "mad",
    "distance_in_mads",
    "no_quartile",
    "convention",
]


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def sources() -> list[str]:
    return list(Measure.objects.values_list("source", flat=True).distinct().order_by("source"))


def measures_list() -> list[Measure]:
    return list(Measure.objects.order_by("source", "code"))


def indicator_page_benchmark(indicator: Indicator) -> IndicatorBenchmark | None:
    """The indicator page's comparison: its latest year with our value, and what its source's
    convention does; five queries."""
    found = indicator_benchmarks(
        council=indicator.council, indicators=[indicator.pk], with_placed=True
    ).get(indicator.pk)
    if found is not None:
        convention = statistics.conventions().get(found.measure.source, stats.DEFAULT)
        found.convention = found.convention or convention.name
        found.convention_note = convention.describe()
    return found
