"""The service that stores every benchmarking statistic: ``statistics_refresh``.

Bands, ranks, medians and MAD distances are worked out once per (measure, year, group) when
values or groups change, and pages read them from ``GroupStatistic``: banding on every page
view cost 7.5 ms per authority view and a whole LAIT-sized set 380 s. There is no task
framework yet, so the refresh runs in the caller's transaction, at the end of each write path
(values imported, a group saved); a national refresh is measured by
``goldenthread bench --only stats``. Statistics are derived data, so the refresh writes no
audit entry: the values' and groups' own audit entries are the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.benchmarking import stats
from goldenthread.benchmarking.models import (
    Authority,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupStatistic,
    Measure,
    SourceConvention,
)
from goldenthread.imports import fastwrite
from goldenthread.organisation.models import Council

# Measures refreshed per read of their values: bounds memory on a national set.
CHUNK = 80
DISTANCE_PLACES = Decimal("0.000001")


def _council_codes() -> QuerySet[Council, str]:
    return Council.objects.exclude(gss_code="").values_list("gss_code", flat=True)


def conventions() -> dict[str, stats.Convention]:
    """Each source's convention, by source; a source without one follows ``stats.DEFAULT``."""
    return {c.source: c.as_convention() for c in SourceConvention.objects.all()}


def _chunks(items: list[Measure]) -> Iterator[list[Measure]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def council_code_changed(old: str, new: str) -> int:
    """The council's ONS code changed (set up, corrected in the admin): its own values join
    every group's comparison under the new code and leave under the old (``_rows`` adds
    "ourselves" to groups that do not list us), so refresh the measures either code has a
    value for — a council's own measures, not the national set. Returns rows written."""
    codes = [code for code in (old, new) if code]
    if not codes:
        return 0
    measures = (
        ComparatorValue.objects.filter(authority__gss_code__in=codes)
        .values_list("measure_id", flat=True)
        .distinct()
    )
    chosen = list(measures)
    return statistics_refresh(measures=chosen) if chosen else 0


def remember_code(instance: Council, raw: bool = False, **_: Any) -> None:
    """``pre_save`` of a council: note its code as stored, for ``refresh_on_change``."""
    stored = (
        None
        if instance.pk is None or raw
        else (Council.objects.filter(pk=instance.pk).values_list("gss_code", flat=True).first())
    )
    instance._gss_code_before = stored or ""  # type: ignore[attr-defined]


def refresh_on_change(instance: Council, raw: bool = False, **_: Any) -> None:
    """``post_save`` of a council: once committed, refresh if its code changed."""
    before: str = getattr(instance, "_gss_code_before", "")
    after = instance.gss_code
    if not raw and before != after:
        transaction.on_commit(lambda: council_code_changed(before, after))


def statistics_refresh(
    *, measures: Iterable[int] | None = None, groups: Iterable[int] | None = None
) -> int:
    """Recompute and store the statistics of ``measures`` (all when None) in ``groups`` (all
    that apply when None); returns the number of (measure, year, group) rows written."""
    chosen = Measure.objects.order_by("pk")
    if measures is not None:
        chosen = chosen.filter(pk__in=list(measures))
    group_list = ComparatorGroup.objects.values_list("pk", "kind", "group_set")
    member_rows = GroupMember.objects.values_list("group_id", "authority_id")
    if groups is not None:
        wanted = list(groups)
        group_list = group_list.filter(pk__in=wanted)
        member_rows = member_rows.filter(group_id__in=wanted)
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, authority_id in member_rows:
        members[group_id].append(authority_id)
    # Our own authority is always in our comparison, even when a group's list omits it (a
    # CIPFA list names the neighbours, not the council itself): ADR 0007.
    # Added where we have a value (``_rows``), so a group we have no figure in is unchanged.
    ourselves = list(
        Authority.objects.filter(gss_code__in=_council_codes()).values_list("pk", flat=True)
    )
    known = [(pk, kind, group_set) for pk, kind, group_set in group_list if members[pk]]
    by_source = conventions()
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for chunk in _chunks(list(chosen)):
            stale = GroupStatistic.objects.filter(measure__in=chunk)
            if groups is not None:
                stale = stale.filter(group_id__in=[pk for pk, _, _ in known])
            stale.delete()
            # ``fastwrite``: COPY on PostgreSQL, one executemany elsewhere. ``bulk_create``
            # prepared each of 17 fields of every row through the ORM: a third of a refresh.
            rows = _rows(chunk, known, members, by_source, ourselves)
            fastwrite.insert(GroupStatistic, rows, now=now)
            written += len(rows)
    return written


def _rows(
    chunk: list[Measure],
    known: list[tuple[int, str, str]],
    members: dict[int, list[int]],
    by_source: dict[str, stats.Convention],
    ourselves: list[int],
) -> list[dict[str, object]]:
    by_pk = {m.pk: m for m in chunk}
    values: dict[tuple[int, int], dict[int, stats.Entry]] = defaultdict(dict)
    for measure_id, year, pk, value, numerator, denominator in (
        ComparatorValue.objects.filter(measure__in=chunk)
        .values_list("measure_id", "year", "authority_id", "value", "numerator", "denominator")
        .iterator(chunk_size=20_000)
    ):
        values[(measure_id, year)][pk] = stats.Entry(pk, value, numerator, denominator)
    rows: list[dict[str, object]] = []
    for (measure_id, year), entries in values.items():
        measure = by_pk[measure_id]
        # A value is in several groups: its text is made once.
        texts: dict[Hashable, tuple[Decimal, str]] = {}
        convention = by_source.get(measure.source, stats.DEFAULT)
        for group_id, kind, group_set in known:
            if kind == ComparatorGroup.Kind.FAMILY and group_set != measure.group_set:
                continue
            group_entries = [entries.get(pk) or stats.Entry(pk, None) for pk in members[group_id]]
            group_entries += [
                entries[pk] for pk in ourselves if pk in entries and pk not in members[group_id]
            ]
            found = stats.group_statistics(
                group_entries,
                measure.polarity,
                convention=convention,
                midpoint=measure.midpoint,
                scale=measure.ratio_scale,
                decimals=measure.decimals,
                no_quartile=measure.no_quartile,
            )
            if found.count:
                rows.append(_row(measure.pk, group_id, year, found, texts))
    return rows


def _row(
    measure_id: int,
    group_id: int,
    year: int,
    found: stats.GroupStatistics,
    texts: dict[Hashable, tuple[Decimal, str]],
) -> dict[str, object]:
    """One ``GroupStatistic`` row's column values, by attribute name."""
    q = found.quartiles
    distances: dict[Decimal, str] = {}  # a group's values repeat: each distance formatted once
    placings = {}
    for pk, p in found.placings.items():
        distance = None
        if p.distance is not None:
            distance = distances.get(p.distance)
            if distance is None:
                distance = distances[p.distance] = str(p.distance.quantize(DISTANCE_PLACES))
        # Keyed by authority, checked by identity: a value rounded by the convention is a new
        # object in each group, so its text is made again.
        cached = texts.get(pk)
        if cached is None or cached[0] is not p.value:
            cached = texts[pk] = (p.value, str(p.value))
        placings[str(pk)] = [cached[1], p.rank, p.quartile, distance]
    return {
        "measure_id": measure_id,
        "group_id": group_id,
        "year": year,
        "convention": found.convention,
        "count": found.count,
        "missing": found.missing,
        "minimum": found.minimum,
        "maximum": found.maximum,
        "median": found.median,
        "mean": found.mean,
        "lower": q.lower if q else None,
        "upper": q.upper if q else None,
        "mad": found.mad,
        "group_value": found.group_value,
        "no_quartile": found.no_quartile,
        "placings": placings,
    }
