"""Writes for benchmarking: importing authorities, groups and comparator values; settings.

Every importer is all or nothing (``goldenthread.imports.base.run_checked``): it reads and
checks the whole file first, and writes only if nothing was wrong, in one transaction with its
audit entries; the kinds are declared in ``benchmarking/importers.py``. Reference data (authorities, groups) is audited row by row; comparator values, which
come in hundreds of thousands, get one audit entry per measure per import saying how many
values were created and updated (``docs/adr/0008-benchmarking-data.md``).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F

from goldenthread.benchmarking.models import (
    GSS_CODE,
    Authority,
    BenchmarkSetting,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    Measure,
)
from goldenthread.benchmarking.statistics import statistics_refresh
from goldenthread.benchmarking.tables import (
    financial_year,
    missing_columns,
    number,
    read_table,
)
from goldenthread.core import datacache
from goldenthread.core.audit import (
    Actor,
    build_entry,
    delete_audited,
    save_audited,
    snapshot,
    user_of,
)
from goldenthread.core.models import AuditEntry
from goldenthread.imports import base
from goldenthread.imports.registry import Problem, Progress, Report
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council

BATCH = 5000

# ----------------------------------------------------------------------------- authorities

AUTHORITY_COLUMNS = {
    "gss-code": "gss_code",
    "local-authority-code": "code",
    "official-name": "name",
    "nice-name": "short_name",
    "local-authority-type": "kind",
    "local-authority-type-name": "kind_name",
    "region": "region",
    "nation": "nation",
    "start-date": "start_date",
    "end-date": "end_date",
    "replaced-by": "replaced_by",
    "pop-2020": "population",
}
REQUIRED_AUTHORITY_COLUMNS = ("gss-code", "official-name", "nice-name", "local-authority-type")


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def authorities_import(
    path: Path, *, actor: Actor, dry_run: bool, progress: Progress | None = None
) -> Report:
    """Create or update authorities from mySociety's list, keyed by GSS code.

    Rows without a GSS code (some historic and non-council bodies) are counted and skipped,
    not refused: there is nothing to compare them by.
    """

    def check(path: Path, report: Report) -> Callable[[], None] | None:
        return authorities_check(path, report, actor=actor, progress=progress)

    return base.run_checked(path, kind="authorities", check=check, dry_run=dry_run)


def authorities_check(
    path: Path, report: Report, *, actor: Actor, progress: Progress | None
) -> Callable[[], None] | None:
    """Every row of mySociety's list checked; what would write the authorities that change."""
    table = read_table(path)
    if missing := missing_columns(table.header, REQUIRED_AUTHORITY_COLUMNS):
        report.problems.append(Problem(1, None, f"Missing columns: {', '.join(missing)}"))
        return None
    incoming: dict[str, dict[str, Any]] = {}
    skipped = 0
    for row_number, cells in table.rows:
        report.rows += 1
        gss = cells.get("gss-code", "")
        if not gss:
            skipped += 1
            continue
        fields: dict[str, Any] = {}
        for column, attribute in AUTHORITY_COLUMNS.items():
            text = cells.get(column, "")
            try:
                if attribute in ("start_date", "end_date"):
                    fields[attribute] = _parse_date(text)
                elif attribute == "population":
                    fields[attribute] = int(float(text)) if text else None
                else:
                    fields[attribute] = text
            except ValueError:
                report.problems.append(Problem(row_number, column, f"“{text}” is not valid"))
        if not re.fullmatch(GSS_CODE.regex, gss):
            report.problems.append(Problem(row_number, "gss-code", str(GSS_CODE.message)))
        if gss in incoming:
            report.problems.append(
                Problem(row_number, "gss-code", f"{gss} appears twice in the file")
            )
        for column in REQUIRED_AUTHORITY_COLUMNS:
            if not cells.get(column):
                report.problems.append(Problem(row_number, column, "This column is empty"))
        start, end = fields.get("start_date"), fields.get("end_date")
        if start and end and end < start:
            report.problems.append(Problem(row_number, "end-date", "Ends before it starts"))
        incoming[gss] = fields
    if skipped:
        report.changes.append(f"{skipped} rows have no GSS code and were skipped")
    if not report.ok:
        return None
    existing = {a.gss_code: a for a in Authority.objects.all()}
    saves: list[tuple[Authority, dict[str, Any]]] = []
    for done, (gss, fields) in enumerate(incoming.items(), start=1):
        authority = existing.get(gss)
        before = snapshot(authority) if authority else {}
        if authority is None:
            authority = Authority(**fields)
            report.created += 1
            report.changes.append(f"create {fields['short_name']} ({gss})")
        else:
            changed = {k: v for k, v in fields.items() if getattr(authority, k) != v}
            if not changed:
                report.unchanged += 1
                continue
            for key, value in changed.items():
                setattr(authority, key, value)
            report.updated += 1
            report.changes.append(f"update {fields['short_name']}: {', '.join(changed)}")
        saves.append((authority, before))
        if progress:
            progress(done, len(incoming))

    def write() -> None:
        for authority, before in saves:
            save_audited(actor=actor, instance=authority, before=before)

    return write


# ----------------------------------------------------------------------------- groups


def group_save(
    *,
    actor: Actor,
    name: str,
    kind: str,
    authorities: Iterable[Authority],
    description: str = "",
    source: str = "",
    group_set: str = "",
    council_id: int | None = None,
) -> ComparatorGroup:
    """Create or replace a comparator group and its members, audited."""
    with transaction.atomic():
        group = ComparatorGroup.objects.filter(name=name).first()
        before = snapshot(group) if group else {}
        group = group or ComparatorGroup(name=name)
        group.kind, group.description, group.source = kind, description, source
        group.group_set, group.council_id = group_set, council_id
        save_audited(actor=actor, instance=group, before=before)
        wanted = {a.pk for a in authorities}
        had = set(group.memberships.values_list("authority_id", flat=True))
        group.memberships.exclude(authority_id__in=wanted).delete()
        GroupMember.objects.bulk_create(
            GroupMember(group=group, authority_id=pk) for pk in sorted(wanted - had)
        )
        if wanted != had:
            AuditEntry.objects.create(
                actor=user_of(actor),
                action=AuditEntry.Action.UPDATE,
                model="benchmarking.comparatorgroup",
                object_id=str(group.pk),
                object_repr=group.name,
                changes={"members": [len(had), len(wanted)]},
            )
            datacache.advance()  # the audit entry is written here, not by audit_record
            statistics_refresh(groups=[group.pk])
    return group


def group_of_type(*, actor: Actor, kind: str, current_only: bool = True) -> ComparatorGroup:
    """The group of every (current) authority of one type, such as NMD for district councils."""
    authorities = Authority.objects.filter(kind=kind)
    if current_only:
        authorities = authorities.filter(end_date__isnull=True)
    label = authorities.values_list("kind_name", flat=True).first() or kind
    return group_save(
        actor=actor,
        name=f"All {label.lower()} authorities",
        kind=ComparatorGroup.Kind.TYPE,
        authorities=authorities,
        source="Authority type in mySociety's list",
    )


def group_of_region(*, actor: Actor, region: str, kinds: Iterable[str]) -> ComparatorGroup:
    """Every current authority of the given types in one region."""
    kinds = list(kinds)
    authorities = Authority.objects.filter(region=region, kind__in=kinds, end_date__isnull=True)
    return group_save(
        actor=actor,
        name=f"{region}: {', '.join(kinds)}",
        kind=ComparatorGroup.Kind.REGION,
        authorities=authorities,
        source="Region and type in mySociety's list",
    )


GROUP_COLUMNS = ("group", "gss_code")


def groups_import(
    path: Path, *, actor: Actor, dry_run: bool, progress: Progress | None = None
) -> Report:
    """Groups from a list of (group, GSS code) rows, as CIPFA publishes nearest neighbours.
    Optional columns: ``kind`` (nearest, family, type, region, club, other), ``source``."""

    def check(path: Path, report: Report) -> Callable[[], None] | None:
        return groups_check(path, report, actor=actor)

    return base.run_checked(path, kind="groups", check=check, dry_run=dry_run)


def groups_check(path: Path, report: Report, *, actor: Actor) -> Callable[[], None] | None:
    """Every (group, GSS code) row checked; what would create or replace the groups."""
    table = read_table(path)
    if missing := missing_columns(table.header, GROUP_COLUMNS):
        report.problems.append(Problem(1, None, f"Missing columns: {', '.join(missing)}"))
        return None
    by_gss = dict(Authority.objects.values_list("gss_code", "pk"))
    members: dict[str, list[int]] = defaultdict(list)
    kinds: dict[str, str] = {}
    sources: dict[str, str] = {}
    for row_number, cells in table.rows:
        report.rows += 1
        name, gss = cells.get("group", ""), cells.get("gss_code", "")
        kind = cells.get("kind", "") or ComparatorGroup.Kind.NEAREST_NEIGHBOURS
        if not name:
            report.problems.append(Problem(row_number, "group", "This column is empty"))
        if gss not in by_gss:
            report.problems.append(
                Problem(row_number, "gss_code", f"“{gss}” is not a known authority")
            )
        if kind not in ComparatorGroup.Kind.values:
            report.problems.append(Problem(row_number, "kind", f"“{kind}” is not a group kind"))
        if name and gss in by_gss:
            members[name].append(by_gss[gss])
            kinds[name] = kind
            sources[name] = cells.get("source", "")
    if not report.ok:
        return None
    existing = set(ComparatorGroup.objects.filter(name__in=members).values_list("name", flat=True))
    for name, pks in members.items():
        verb = "replace" if name in existing else "create"
        report.changes.append(f"{verb} {name} ({len(set(pks))} authorities)")
        if name in existing:
            report.updated += 1
        else:
            report.created += 1

    def write() -> None:
        for name, pks in members.items():
            group_save(
                actor=actor,
                name=name,
                kind=kinds[name],
                authorities=Authority.objects.filter(pk__in=pks),
                source=sources[name],
            )

    return write


# ----------------------------------------------------------------------------- values


@dataclass(slots=True)
class ValueRow:
    """A checked row: keys resolved to ids, figures as decimals."""

    measure_id: int
    authority_id: int
    year: int
    period_label: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass
class Resolver:
    """Turns a source's measure codes and authority names or codes into ours."""

    measures: dict[str, int]
    authorities: dict[str, int]
    measure_map: dict[str, str] = field(default_factory=dict)
    authority_map: dict[str, str] = field(default_factory=dict)

    def measure(self, code: str) -> int | None:
        return self.measures.get(self.measure_map.get(code, code))

    def authority(self, text: str) -> int | None:
        mapped = self.authority_map.get(text, text)
        return self.authorities.get(mapped) or self.authorities.get(name_key(mapped))


def name_key(name: str) -> str:
    """A council name reduced for matching: “Argyll & Bute Council” ~ “argyll and bute”."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\b(council|the|city of|borough|district|county|metropolitan)\b", " ", text)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def authority_lookup() -> dict[str, int]:
    """GSS codes, register codes and reduced names of every authority → id. Current
    authorities win a name shared with an ended one."""
    lookup: dict[str, int] = {}
    rows = Authority.objects.order_by(F("end_date").desc(nulls_last=True)).values_list(
        "pk", "gss_code", "code", "name", "short_name", "end_date"
    )
    for pk, _gss, _code, name, short_name, _ in rows:  # ended first, current overwrite them
        lookup[name_key(name)] = pk
        lookup[name_key(short_name)] = pk
    for pk, gss, code, _, _, _ in rows:
        lookup[gss] = pk
        if code:
            lookup[code] = pk
    return lookup


def read_mapping(path: Path) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """A mapping file: columns ``kind`` (measure or authority), ``source`` and ``ours``."""
    measures: dict[str, str] = {}
    authorities: dict[str, str] = {}
    problems: list[Problem] = []
    table = read_table(path)
    if missing := missing_columns(table.header, ("kind", "source", "ours")):
        return {}, {}, [Problem(1, None, f"Mapping file: missing columns {', '.join(missing)}")]
    for row_number, cells in table.rows:
        target = {"measure": measures, "authority": authorities}.get(cells.get("kind", ""))
        if target is None:
            problems.append(
                Problem(row_number, "kind", "Mapping file: kind must be measure or authority")
            )
        else:
            target[cells.get("source", "")] = cells.get("ours", "")
    return measures, authorities, problems


def measures_from_indicators(*, actor: Actor, source: str, codes: Iterable[str]) -> dict[str, int]:
    """A measure for each of our indicators named in a comparators file, copying its title,
    polarity, unit and precision; existing measures are kept."""
    found = dict(Measure.objects.filter(source=source).values_list("code", "pk"))
    wanted = set(codes) - set(found)
    for indicator in Indicator.objects.filter(code__in=wanted):
        measure = Measure(
            source=source,
            code=indicator.code,
            title=indicator.title,
            definition=indicator.definition,
            polarity=indicator.polarity,
            unit=indicator.get_unit_display(),
            decimals=indicator.decimals,
            ratio_scale=indicator.rule(indicator.council.default_tolerance).ratio_scale,
            midpoint=None,
        )
        if measure.polarity == "band":
            measure.polarity = "none"  # no midpoint is known: shown, not placed
        save_audited(actor=actor, instance=measure, before={})
        found[measure.code] = measure.pk
    return found


VALUE_COLUMNS = ("measure", "authority", "year", "value")


def check_values(
    rows: Iterable[tuple[int, dict[str, str]]], resolver: Resolver, report: Report
) -> list[ValueRow]:
    """Every row checked; problems named by row and column; missing-value markers skipped."""
    checked: list[ValueRow] = []
    seen: set[tuple[int, int, int]] = set()
    unmatched_measures: dict[str, int] = {}
    unmatched_authorities: dict[str, int] = {}
    skipped = 0
    for row_number, cells in rows:
        report.rows += 1
        code, name = cells.get("measure", ""), cells.get("authority", "")
        measure_id, authority_id = resolver.measure(code), resolver.authority(name)
        if measure_id is None:
            unmatched_measures.setdefault(code, row_number)
        if authority_id is None:
            unmatched_authorities.setdefault(name, row_number)
        figures: dict[str, Decimal | None] = {}
        for column in ("value", "numerator", "denominator"):
            try:
                figures[column] = number(cells.get(column, ""))
            except ValueError as error:
                report.problems.append(Problem(row_number, column, str(error)))
        try:
            year = financial_year(cells.get("year", ""))
        except ValueError as error:
            report.problems.append(Problem(row_number, "year", str(error)))
            continue
        numerator, denominator = figures.get("numerator"), figures.get("denominator")
        if (numerator is None) != (denominator is None):
            report.problems.append(
                Problem(row_number, "denominator", "Give both the numerator and the denominator")
            )
        if denominator == 0:
            report.problems.append(Problem(row_number, "denominator", "The denominator is zero"))
        value = figures.get("value")
        if measure_id is None or authority_id is None:
            continue
        key = (measure_id, authority_id, year)
        if key in seen:
            report.problems.append(
                Problem(row_number, "authority", f"A second value for {name}, {code}, {year}")
            )
        seen.add(key)
        if value is None:
            skipped += 1  # no value published: missing, never zero
            continue
        checked.append(
            ValueRow(
                measure_id,
                authority_id,
                year,
                cells.get("year", ""),
                value,
                numerator,
                denominator,
            )
        )
    for code, row_number in unmatched_measures.items():
        report.problems.append(
            Problem(row_number, "measure", f"“{code}” matches no measure: add it to the mapping")
        )
    for name, row_number in unmatched_authorities.items():
        report.problems.append(
            Problem(
                row_number, "authority", f"“{name}” matches no authority: add it to the mapping"
            )
        )
    if skipped:
        report.changes.append(f"{skipped} rows have no value (missing) and were skipped")
    return checked


def values_plan(
    rows: list[ValueRow], *, actor: Actor, report: Report, progress: Progress | None
) -> Callable[[], None]:
    """Count the new and changed values; what creates the new ones and updates the changed,
    in batches, with one audit entry per measure saying how many."""
    measure_ids = {r.measure_id for r in rows}
    years = {r.year for r in rows}
    existing: dict[tuple[int, int, int], tuple[int, Decimal, Decimal | None, Decimal | None]] = {
        (m, a, y): (pk, v, n, d)
        for pk, m, a, y, v, n, d in ComparatorValue.objects.filter(
            measure_id__in=measure_ids, year__in=years
        ).values_list(
            "pk", "measure_id", "authority_id", "year", "value", "numerator", "denominator"
        )
    }
    creates: list[ValueRow] = []
    updates: list[tuple[int, ValueRow]] = []
    per_measure: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        old = existing.get((row.measure_id, row.authority_id, row.year))
        if old is None:
            creates.append(row)
            per_measure[row.measure_id][0] += 1
        elif (old[1], old[2], old[3]) != (row.value, row.numerator, row.denominator):
            updates.append((old[0], row))
            per_measure[row.measure_id][1] += 1
        else:
            report.unchanged += 1
    report.created += len(creates)
    report.updated += len(updates)
    return functools.partial(_values_write, creates, updates, per_measure, actor, progress)


def _values_write(
    creates: list[ValueRow],
    updates: list[tuple[int, ValueRow]],
    per_measure: dict[int, list[int]],
    actor: Actor,
    progress: Progress | None,
) -> None:
    total = len(creates) + len(updates)
    # Model instances are made a batch at a time: two million at once would need gigabytes.
    for start in range(0, len(creates), BATCH):
        ComparatorValue.objects.bulk_create(
            [_instance(row) for row in creates[start : start + BATCH]]
        )
        if progress:
            progress(min(start + BATCH, len(creates)), total)
    for start in range(0, len(updates), BATCH):
        ComparatorValue.objects.bulk_update(
            [_instance(row, pk) for pk, row in updates[start : start + BATCH]],
            ["value", "numerator", "denominator", "period_label"],
        )
        if progress:
            progress(len(creates) + min(start + BATCH, len(updates)), total)
    measures = Measure.objects.in_bulk(list(per_measure))
    AuditEntry.objects.bulk_create(
        build_entry(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=measures[pk],
            changes={"values_created": counts[0], "values_updated": counts[1]},
            reason="comparator values imported",
            object_repr=f"{measures[pk].source} {measures[pk].code}",
        )
        for pk, counts in per_measure.items()
    )
    statistics_refresh(measures=per_measure)
    datacache.advance()  # quartiles on the scorecard and indicator pages


def _instance(row: ValueRow, pk: int | None = None) -> ComparatorValue:
    return ComparatorValue(
        pk=pk,
        measure_id=row.measure_id,
        authority_id=row.authority_id,
        year=row.year,
        period_label=row.period_label,
        value=row.value,
        numerator=row.numerator,
        denominator=row.denominator,
    )


def comparators_import(
    path: Path,
    *,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None = None,
    source: str = "LG Inform",
    mapping: Path | None = None,
) -> Report:
    """Comparator values from a CSV or XLSX file with columns ``measure``, ``authority`` (GSS
    code, register code or name), ``year``, ``value`` and optionally ``numerator`` and
    ``denominator``. ``measure`` names a measure of ``source`` or one of our indicators
    (a measure is then made from it); a mapping file translates the source's codes and names."""

    def check(path: Path, report: Report) -> Callable[[], None] | None:
        return comparators_check(
            path, report, actor=actor, progress=progress, source=source, mapping=mapping
        )

    return base.run_checked(path, kind="comparators", check=check, dry_run=dry_run)


def comparators_check(
    path: Path,
    report: Report,
    *,
    actor: Actor,
    progress: Progress | None,
    source: str,
    mapping: Path | None,
) -> Callable[[], None] | None:
    """Every value row checked (in ``run_checked``'s transaction, so the measures made from
    indicators to check against are rolled back with a dry run); what would write them."""
    measure_map: dict[str, str] = {}
    authority_map: dict[str, str] = {}
    if mapping is not None:
        measure_map, authority_map, problems = read_mapping(mapping)
        report.problems.extend(problems)
    table = read_table(path)
    if missing := missing_columns(table.header, VALUE_COLUMNS):
        report.problems.append(Problem(1, None, f"Missing columns: {', '.join(missing)}"))
    if not report.ok:
        return None
    # Two passes over the file (the codes first), so its rows are never all held at once.
    codes = {measure_map.get(c.get("measure", ""), c.get("measure", "")) for _, c in table.rows}
    rows = read_table(path).rows
    measures = measures_from_indicators(actor=actor, source=source, codes=codes)
    resolver = Resolver(measures, authority_lookup(), measure_map, authority_map)
    checked = check_values(rows, resolver, report)
    if not report.ok:
        return None
    return values_plan(checked, actor=actor, report=report, progress=progress)


# ----------------------------------------------------------------------------- settings


def benchmark_set(
    *, actor: Actor, indicator: Indicator, measure: Measure, group: ComparatorGroup
) -> BenchmarkSetting:
    """Name the measure and group an indicator is benchmarked with (create or change)."""
    with transaction.atomic():
        setting = BenchmarkSetting.objects.filter(indicator=indicator).first()
        before = snapshot(setting) if setting else {}
        setting = setting or BenchmarkSetting(indicator=indicator)
        setting.measure, setting.group = measure, group
        save_audited(actor=actor, instance=setting, before=before)
    return setting


def benchmark_clear(*, actor: Actor, indicator: Indicator) -> bool:
    """Stop benchmarking an indicator; True if it was. The removal is audited."""
    with transaction.atomic():
        setting = BenchmarkSetting.objects.select_for_update().filter(indicator=indicator).first()
        if setting is None:
            return False
        delete_audited(actor, setting)
    return True


def group_choose(*, actor: Actor, group: ComparatorGroup, council: Council, chosen: bool) -> None:
    """Make a group one of the council's own comparator groups, or stop; audited."""
    with transaction.atomic():
        group = ComparatorGroup.objects.select_for_update().get(pk=group.pk)
        before = snapshot(group)
        group.council = council if chosen else None
        save_audited(
            actor=actor,
            instance=group,
            before=before,
            reason="Chosen as one of our groups" if chosen else "No longer one of our groups",
        )
