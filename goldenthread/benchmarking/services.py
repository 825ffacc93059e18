"""Writes for benchmarking: importing authorities, groups and comparator values; settings.

Every importer is all or nothing (``goldenthread.imports.base.run_checked``): it reads and
checks the whole file first, and writes only if nothing was wrong, in one transaction with its
audit entries; the kinds are declared in ``benchmarking/importers.py``. Reference data (authorities, groups) is audited row by row; comparator values, which
come in hundreds of thousands, get one audit entry per measure per import saying how many
values were created and updated (``docs/adr/0008-benchmarking-data.md``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

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
    missing_columns,
    number,
    published_year,
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
from goldenthread.imports import base, fastwrite
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
    year: int | None = None,
) -> ComparatorGroup:
    """Create or replace a comparator group and its members, audited; ``year`` is the year of
    the list when its source gives one."""
    with transaction.atomic():
        group = ComparatorGroup.objects.filter(name=name).first()
        before = snapshot(group) if group else {}
        group = group or ComparatorGroup(name=name)
        group.kind, group.description, group.source = kind, description, source
        group.group_set, group.council_id, group.year = group_set, council_id, year
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
    Optional columns: ``kind`` (nearest, family, type, region, club, other), ``source``,
    ``year`` (the year of the list, such as CIPFA's 2024 nearest neighbours)."""

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
    years: dict[str, int | None] = {}
    for row_number, cells in table.rows:
        report.rows += 1
        name, gss = cells.get("group", ""), cells.get("gss_code", "")
        year = _list_year(cells.get("year", ""), row_number, report)
        if name and name in years and year != years[name]:
            report.problems.append(
                Problem(row_number, "year", f"{name} is given two years: {years[name]}, {year}")
            )
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
        if name:
            years.setdefault(name, year)
    if not report.ok:
        return None
    existing = {
        g.name: (g.kind, g.source, g.year, {m.authority_id for m in g.memberships.all()})
        for g in ComparatorGroup.objects.filter(name__in=members).prefetch_related("memberships")
    }
    changed: list[str] = []
    for name, pks in members.items():
        if existing.get(name) == (kinds[name], sources[name], years[name], set(pks)):
            report.unchanged += 1
            continue
        changed.append(name)
        verb = "replace" if name in existing else "create"
        report.changes.append(f"{verb} {name} ({len(set(pks))} authorities)")
        if name in existing:
            report.updated += 1
        else:
            report.created += 1

    def write() -> None:
        for name in changed:
            pks = members[name]
            group_save(
                actor=actor,
                name=name,
                kind=kinds[name],
                authorities=Authority.objects.filter(pk__in=pks),
                source=sources[name],
                year=years[name],
            )

    return write


def _list_year(text: str, row_number: int, report: Report) -> int | None:
    """The optional ``year`` cell: a four-digit year, or None when empty."""
    text = text.strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100):
        report.problems.append(Problem(row_number, "year", f"“{text}” is not a year such as 2024"))
        return None
    return int(text)


# ----------------------------------------------------------------------------- values


SKIP = "skip"  # ``ours`` in a mapping file: leave the source's rows for this out
NO_AUTHORITIES = (
    "No authorities are loaded: run `goldenthread import authorities FILE` first "
    "(mySociety's uk_local_authorities.csv, docs/sources.md)"
)


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
    span_start: int | None = None
    mark: str = ""


@dataclass
class Resolver:
    """Turns a source's measure codes and authority names or codes into ours."""

    measures: dict[str, int]
    authorities: dict[str, int]
    measure_map: dict[str, str] = field(default_factory=dict)
    authority_map: dict[str, str] = field(default_factory=dict)

    def skips(self, code: str, name: str) -> bool:
        """Whether the mapping leaves this row out."""
        return self.measure_map.get(code) == SKIP or self.authority_map.get(name) == SKIP

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
    """A mapping file: columns ``kind`` (measure or authority), ``source`` and ``ours`` (our
    code or name, or ``skip`` to leave the source's rows out: England, regions, …)."""
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
            ours = cells.get("ours", "")
            target[cells.get("source", "")] = SKIP if ours.lower() == SKIP else ours
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


# Figures are kept to the value field's places; the context is wide enough to hold them.
_FIELD = ComparatorValue._meta.get_field("value")
_PLACES = Decimal(1).scaleb(-_FIELD.decimal_places)
_WIDE = Context(prec=_FIELD.max_digits + 10)
_INTEGER_DIGITS = _FIELD.max_digits - _FIELD.decimal_places
# SQLite keeps a decimal as a double, which Django reads back to 15 significant digits.
_SQLITE = Context(prec=15)
SHOWN_SKIPPED = 50  # unreadable rows listed one by one in the report


def as_stored(figure: Decimal | None) -> Decimal | None:
    """The figure as the database will give it back, so a second import compares like with
    like: rounded to the field's places, and on SQLite to a double's 15 digits."""
    if figure is None:
        return None
    stored = figure.quantize(_PLACES, context=_WIDE)
    if connection.vendor == "sqlite":
        stored = _SQLITE.create_decimal_from_float(float(stored)).quantize(_PLACES, context=_WIDE)
    return stored


def too_large(figure: Decimal | None) -> bool:
    return figure is not None and figure != 0 and figure.adjusted() >= _INTEGER_DIGITS


class ValueWriter:
    """Plans and writes comparator values a chunk at a time, so memory does not grow with
    the file: each chunk's stored values are read, compared as stored, and (when writing)
    the new inserted and the changed updated. The caller's transaction makes it all or
    nothing; ``finish`` writes one audit entry per measure."""

    def __init__(self, *, report: Report, writing: bool, progress: Progress | None = None):
        self.report, self.writing, self.progress = report, writing, progress
        self.per_measure: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        self.rounded = 0
        self.now = timezone.now()

    def add(self, rows: list[ValueRow]) -> None:
        if not rows:
            return
        existing = {
            (m, a, y): rest
            for pk, m, a, y, *rest in ComparatorValue.objects.filter(
                measure_id__in={r.measure_id for r in rows},
                authority_id__in={r.authority_id for r in rows},
                year__in={r.year for r in rows},
            )
            .values_list(
                "pk",
                "measure_id",
                "authority_id",
                "year",
                "value",
                "numerator",
                "denominator",
                "period_label",
                "span_start",
                "mark",
                "pk",
            )
            .iterator(chunk_size=BATCH)
        }
        creates: list[ComparatorValue] = []
        updates: list[ComparatorValue] = []
        for row in rows:
            stored = (as_stored(row.value), as_stored(row.numerator), as_stored(row.denominator))
            if stored != (row.value, row.numerator, row.denominator):
                self.rounded += 1
            old = existing.get((row.measure_id, row.authority_id, row.year))
            if old is None:
                creates.append(_instance(row))
                self.per_measure[row.measure_id][0] += 1
            elif tuple(old[:6]) != (*stored, row.period_label, row.span_start, row.mark):
                updates.append(_instance(row, int(old[6])))  # type: ignore[arg-type]
                self.per_measure[row.measure_id][1] += 1
            else:
                self.report.unchanged += 1
        self.report.created += len(creates)
        self.report.updated += len(updates)
        if self.writing:
            fastwrite.save_new(creates, now=self.now)
            ComparatorValue.objects.bulk_update(updates, VALUE_FIELDS, batch_size=BATCH // 5)

    def finish(self, *, actor: Actor) -> None:
        """The note on rounding, and (when writing) one audit entry per measure."""
        if self.rounded:
            self.report.notes.append(
                f"{self.rounded:,} values have more digits than the database keeps "
                f"({_FIELD.decimal_places} places{', 15 significant digits on SQLite' if connection.vendor == 'sqlite' else ''}): "
                "they are stored rounded to that"
            )
        if not self.writing or not self.per_measure:
            return
        measures = Measure.objects.in_bulk(list(self.per_measure))
        AuditEntry.objects.bulk_create(
            build_entry(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                instance=measures[pk],
                changes={"values_created": counts[0], "values_updated": counts[1]},
                reason="comparator values imported",
                object_repr=f"{measures[pk].source} {measures[pk].code}",
            )
            for pk, counts in self.per_measure.items()
            if counts != [0, 0]
        )
        statistics_refresh(measures=[pk for pk, c in self.per_measure.items() if c != [0, 0]])
        datacache.advance()  # quartiles on the scorecard and indicator pages


VALUE_FIELDS = ["value", "numerator", "denominator", "period_label", "span_start", "mark"]


def _instance(row: ValueRow, pk: int | None = None) -> ComparatorValue:
    instance = fastwrite.unsaved(
        ComparatorValue,
        measure_id=row.measure_id,
        authority_id=row.authority_id,
        year=row.year,
        period_label=row.period_label,
        span_start=row.span_start,
        mark=row.mark,
        value=row.value,
        numerator=row.numerator,
        denominator=row.denominator,
    )
    if pk is not None:
        instance.pk = pk
        instance._state.adding = False
    return instance


@dataclass
class ValueChecker:
    """Checks a comparators file's rows a chunk at a time, remembering across chunks what the
    whole file's checks need (keys seen, names that match nothing, rows left out)."""

    resolver: Resolver
    report: Report
    skip_unreadable: bool = False
    seen: set[int] = field(default_factory=set)
    unmatched_measures: dict[str, int] = field(default_factory=dict)
    unmatched_authorities: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    mapped_out: Counter[str] = field(default_factory=Counter)
    unreadable: list[Problem] = field(default_factory=list)
    refused: int = 0  # rows refused as unreadable (without ``skip_unreadable``)

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.unmatched_measures and not self.unmatched_authorities

    def check(self, rows: Iterable[tuple[int, dict[str, str]]]) -> list[ValueRow]:
        """Every row checked; problems named by row and column; missing values skipped."""
        checked: list[ValueRow] = []
        for row_number, cells in rows:
            self.report.rows += 1
            if row := self._row(row_number, cells):
                checked.append(row)
        return checked

    def _row(self, row_number: int, cells: dict[str, str]) -> ValueRow | None:
        code, name = cells.get("measure", ""), cells.get("authority", "")
        if self.resolver.skips(code, name):
            self.mapped_out[name if self.resolver.authority_map.get(name) == SKIP else code] += 1
            return None
        measure_id, authority_id = self.resolver.measure(code), self.resolver.authority(name)
        unreadable: list[Problem] = []
        figures: dict[str, Decimal | None] = {}
        for column in ("value", "numerator", "denominator"):
            try:
                figures[column] = number(cells.get(column, ""))
            except ValueError as error:
                unreadable.append(Problem(row_number, column, str(error)))
            else:
                if too_large(figures[column]):
                    unreadable.append(Problem(row_number, column, "Too large to store"))
        try:
            year = published_year(cells.get("year", ""))
        except ValueError as error:
            unreadable.append(Problem(row_number, "year", str(error)))
        if unreadable:
            if self.skip_unreadable:
                self.unreadable.extend(unreadable)
            else:
                self.report.problems.extend(unreadable)
                self.refused += 1
            return None
        if measure_id is None:
            self.unmatched_measures.setdefault(code, row_number)
        if authority_id is None:
            self.unmatched_authorities.setdefault(name, row_number)
        numerator, denominator = figures.get("numerator"), figures.get("denominator")
        if (numerator is None) != (denominator is None):
            self.report.problems.append(
                Problem(row_number, "denominator", "Give both the numerator and the denominator")
            )
        if denominator == 0:
            self.report.problems.append(
                Problem(row_number, "denominator", "The denominator is zero")
            )
        if measure_id is None or authority_id is None:
            return None
        key = (measure_id << 40) | (authority_id << 16) | year.year
        if key in self.seen:
            self.report.problems.append(
                Problem(row_number, "authority", f"A second value for {name}, {code}, {year.year}")
            )
        self.seen.add(key)
        value = figures.get("value")
        if value is None:
            self.missing += 1  # no value published: missing, never zero
            return None
        label = cells.get("year", "")
        return ValueRow(
            measure_id,
            authority_id,
            year.year,
            label,
            value,
            numerator,
            denominator,
            year.span_start,
            year.mark,
        )

    def finish(self) -> None:
        """The problems and notes that need the whole file."""
        report = self.report
        for code, row_number in self.unmatched_measures.items():
            report.problems.append(
                Problem(
                    row_number, "measure", f"“{code}” matches no measure: add it to the mapping"
                )
            )
        for name, row_number in self.unmatched_authorities.items():
            report.problems.append(
                Problem(
                    row_number,
                    "authority",
                    f"“{name}” matches no authority: add it to the mapping "
                    f"(kind=authority, source={name}, ours=GSS code, or skip)",
                )
            )
        if self.refused:
            report.problems.append(
                Problem(
                    None,
                    None,
                    f"{self.refused:,} rows cannot be read: correct them, or import again with "
                    "--skip-unreadable to leave them out (they are listed in the report)",
                )
            )
        if self.missing:
            report.notes.append(f"{self.missing:,} rows have no value (missing) and were skipped")
        if self.mapped_out:
            named = ", ".join(f"{n} ({c:,})" for n, c in sorted(self.mapped_out.items()))
            report.notes.append(
                f"{sum(self.mapped_out.values()):,} rows skipped by the mapping: {named}"
            )
        if self.unreadable:
            rows = len({p.row for p in self.unreadable})
            report.skipped += rows
            shown = "; ".join(
                f"row {p.row} {p.column}: {p.message}" for p in self.unreadable[:SHOWN_SKIPPED]
            )
            more = (
                f" … and {len(self.unreadable) - SHOWN_SKIPPED:,} more"
                if len(self.unreadable) > SHOWN_SKIPPED
                else ""
            )
            report.notes.append(
                f"{rows:,} unreadable rows skipped (--skip-unreadable): {shown}{more}"
            )


def comparators_import(
    path: Path,
    *,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None = None,
    source: str = "LG Inform",
    mapping: Path | None = None,
    skip_unreadable: bool = False,
) -> Report:
    """Comparator values from a CSV or XLSX file with columns ``measure``, ``authority`` (GSS
    code, register code or name), ``year``, ``value`` and optionally ``numerator`` and
    ``denominator``. ``measure`` names a measure of ``source`` or one of our indicators
    (a measure is then made from it); a mapping file translates the source's codes and names
    or skips them; ``skip_unreadable`` leaves out (and lists) rows that cannot be read."""

    def check(path: Path, report: Report) -> Callable[[], None] | None:
        return comparators_check(
            path,
            report,
            actor=actor,
            progress=progress,
            source=source,
            mapping=mapping,
            writing=not dry_run,
            skip_unreadable=skip_unreadable,
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
    writing: bool = False,
    skip_unreadable: bool = False,
) -> Callable[[], None] | None:
    """Every value row checked, a chunk at a time, in ``run_checked``'s transaction: while
    nothing is wrong each chunk is written as it is checked (when ``writing``), and a problem
    anywhere rolls the whole file back, with the measures made from indicators."""
    measure_map: dict[str, str] = {}
    authority_map: dict[str, str] = {}
    if mapping is not None:
        measure_map, authority_map, problems = read_mapping(mapping)
        report.problems.extend(problems)
    table = read_table(path)
    if missing := missing_columns(table.header, VALUE_COLUMNS):
        report.problems.append(Problem(1, None, f"Missing columns: {', '.join(missing)}"))
    if not Authority.objects.exists():
        report.problems.append(Problem(None, None, NO_AUTHORITIES))
    if not report.ok:
        return None
    # Two passes over the file (the codes first), so its rows are never all held at once.
    codes = {measure_map.get(c.get("measure", ""), c.get("measure", "")) for _, c in table.rows}
    codes.discard(SKIP)
    measures = measures_from_indicators(actor=actor, source=source, codes=codes)
    resolver = Resolver(measures, authority_lookup(), measure_map, authority_map)
    checker = ValueChecker(resolver, report, skip_unreadable=skip_unreadable)
    writer = ValueWriter(report=report, writing=writing, progress=progress)
    rows = read_table(path).rows
    while chunk := list(itertools.islice(rows, BATCH)):
        checked = checker.check(chunk)
        if checker.ok:
            writer.add(checked)
        if progress:
            progress(report.rows, report.rows)
    checker.finish()
    if not report.ok:
        return None
    writer.finish(actor=actor)
    return lambda: None  # written chunk by chunk above


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
