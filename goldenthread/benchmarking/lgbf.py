"""The Scottish Local Government Benchmarking Framework (LGBF) as a benchmarking club.

``goldenthread import lgbf DIR`` reads the three files of ``lgbf/``
(docs/sources.md#reference-data) (Improvement Service data, Open Government Licence v3):
indicator definitions (``Ranking_Type`` gives the polarity), family groups, and every council's
values with numerators and denominators. It then checks what it loaded against the source
(``reconcile``): the Scotland value recomputed as Σ numerator ÷ Σ denominator × multipliers, and
each family-group average recomputed as the mean of the group's councils' values, and reports
how many match.

Percentages are published as fractions (0.423 shown as 42.3%); they are stored as
percentages, as shown, with the multiplier scaled to match.
"""

from __future__ import annotations

import csv
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from goldenthread.benchmarking.models import Authority, ComparatorGroup, Measure
from goldenthread.benchmarking.services import (
    BATCH,
    NO_AUTHORITIES,
    SHOWN_SKIPPED,
    Actor,
    Resolver,
    ValueRow,
    ValueWriter,
    authority_lookup,
    group_save,
)
from goldenthread.benchmarking.tables import number, published_year
from goldenthread.core.audit import save_audited, snapshot
from goldenthread.imports import base
from goldenthread.imports.readers import Unreadable
from goldenthread.imports.registry import Problem, Progress, Report

SOURCE = "LGBF"
CLUB = "LGBF: all 32 Scottish councils"
FILES = ("indicator_information.csv", "family_groups.csv", "lgbf_values.csv")
POLARITY = {"Ascending": "lower", "Descending": "higher", "Goldilocks": "band"}
# LGBF names that mySociety's list spells too differently for name matching.
NAMES = {"Edinburgh City": "S12000036"}


def _read(path: Path) -> list[dict[str, str]]:
    return list(_stream(path))


# The columns each file must have: the rest of this module reads them by name.
COLUMNS = {
    "indicator_information.csv": (
        "Title",
        "Code",
        "MeasureType",
        "NumberFormat",
        "FamilyGrouping",
        "Ranking_Type",
    ),
    "family_groups.csv": ("Family_Group", "Local_Authority", "Type"),
    "lgbf_values.csv": (
        "Code",
        "LocalAuthority",
        "Year",
        "LA_IndicatorReal",
        "LA_Numerator_real",
        "LA_Den_Real",
        "FamilyGroup",
    ),
}


def _stream(path: Path) -> Iterator[dict[str, str]]:
    """The file's rows one at a time, so the values file is never all held at once. A row
    short of cells reads "" for the rest and cells past the header are dropped, so every row
    has every column as text; a file that is not UTF-8 CSV, or lacks a column, is refused
    naming the file (``Unreadable``), not left to fail on the first row that needs it."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, restval="")
            absent = [c for c in COLUMNS.get(path.name, ()) if c not in (reader.fieldnames or [])]
            if absent:
                raise Unreadable(
                    Problem(None, None, f"{path.name} has no column {', '.join(absent)}")
                )
            for row in reader:
                row.pop(None, None)
                yield row
    except UnicodeDecodeError as error:
        message = f"{path.name} is not UTF-8 text (byte {error.start + 1}): save it as CSV UTF-8"
        raise Unreadable(Problem(None, None, message)) from error
    except csv.Error as error:
        raise Unreadable(Problem(None, None, f"{path.name} is not CSV: {error}")) from error


def _value_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    for row_number, row in enumerate(_stream(path), start=2):
        if row.get("Code") or row.get("LocalAuthority"):
            yield row_number, row


def _decimals(number_format: str, percent: bool) -> int:
    """Places shown by an Excel number format: “0.0%” → 1, “'£ '0.00” → 2, “#,###” → 0."""
    head = number_format.split('"')[0]
    if "." not in head:
        return 0
    return len(head.split(".", 1)[1].rstrip("%").split(" ")[0].rstrip("'"))


@dataclass
class Definition:
    code: str
    title: str
    polarity: str
    midpoint: Decimal | None
    unit: str
    decimals: int
    factor: Decimal  # 100 for percentages published as fractions
    scale: Decimal  # value = Σ numerator ÷ Σ denominator × scale, after factor
    group_set: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Definition:
        percent = "%" in row["NumberFormat"]
        factor = Decimal(100) if percent else Decimal(1)
        numerator = number(row.get("Numerator_Multipier", "")) or Decimal(1)
        denominator = number(row.get("Denominator_Multiplier", "")) or Decimal(1)
        midpoint = number(row.get("Ranking_GoldilocksMidpoint", ""))
        return cls(
            code=row["Code"],
            title=row["Title"],
            polarity=POLARITY[row["Ranking_Type"]],
            midpoint=midpoint * factor if midpoint is not None else None,
            unit="%" if percent else row["MeasureType"],
            decimals=_decimals(row["NumberFormat"], percent),
            factor=factor,
            scale=(numerator / denominator * factor).quantize(Decimal("1e-10")),
            group_set=row["FamilyGrouping"],
        )


def lgbf_import(
    directory: Path,
    *,
    actor: Actor,
    dry_run: bool,
    progress: Progress | None = None,
    skip_unreadable: bool = False,
) -> Report:
    """Measures, family groups and values of the LGBF, all or nothing; then the check, whose
    lines are notes of every run (not only of a dry run)."""

    def check(directory: Path, report: Report) -> Callable[[], None] | None:
        return lgbf_check(
            directory,
            report,
            actor=actor,
            progress=progress,
            writing=not dry_run,
            skip_unreadable=skip_unreadable,
        )

    return base.run_checked(directory, kind="lgbf", check=check, dry_run=dry_run)


def lgbf_check(
    directory: Path,
    report: Report,
    *,
    actor: Actor,
    progress: Progress | None,
    writing: bool = False,
    skip_unreadable: bool = False,
) -> Callable[[], None] | None:
    """Every row of the three files checked, the measures and groups saved to check the values
    against, and the values checked and (when ``writing``) written a chunk at a time, all in
    ``run_checked``'s transaction, which a problem anywhere rolls back."""
    absent = [name for name in FILES if not (directory / name).is_file()]
    if absent:
        report.problems.append(Problem(None, None, f"{directory}: missing {', '.join(absent)}"))
        return None
    if not Authority.objects.exists():
        report.problems.append(Problem(None, None, NO_AUTHORITIES))
        return None
    info = _read(directory / "indicator_information.csv")
    families = _read(directory / "family_groups.csv")
    definitions: dict[str, Definition] = {}
    for row_number, row in enumerate(info, start=2):
        if row.get("Ranking_Type") not in POLARITY:
            report.problems.append(
                Problem(row_number, "Ranking_Type", f"“{row.get('Ranking_Type')}” is not known")
            )
            continue
        try:
            definitions[row["Code"]] = Definition.from_row(row)
        except (ValueError, ArithmeticError) as error:  # a multiplier or midpoint not a number
            report.problems.append(Problem(row_number, None, f"Indicator information: {error}"))
    lookup = authority_lookup()
    resolver = Resolver({}, lookup, authority_map=NAMES)
    councils: dict[str, int] = {}
    for row_number, row in enumerate(families, start=2):
        name = row["Local_Authority"]
        if (pk := resolver.authority(name)) is None:
            report.problems.append(
                Problem(row_number, "Local_Authority", f"“{name}” matches no authority")
            )
        else:
            councils[name] = pk
    values_file = directory / "lgbf_values.csv"
    report.rows = len(info) + len(families)
    for row_number, row in _value_rows(values_file):
        report.rows += 1
        if row["Code"] not in definitions:
            report.problems.append(Problem(row_number, "Code", f"“{row['Code']}” is not defined"))
        if row["LocalAuthority"] not in councils:
            report.problems.append(
                Problem(row_number, "LocalAuthority", f"“{row['LocalAuthority']}” is not a council")
            )
    if not report.ok:
        return None
    measures = _save_measures(definitions.values(), actor=actor, report=report)
    _save_groups(families, councils, actor=actor)
    resolver.measures = measures
    writer = ValueWriter(report=report, writing=writing, progress=progress)
    values = _ValueRows(definitions, measures, councils, report, skip_unreadable)
    rows = _value_rows(values_file)
    while chunk := list(itertools.islice(rows, BATCH)):
        checked = values.check(chunk)
        if report.ok:
            writer.add(checked)
    values.finish()
    if not report.ok:
        return None
    writer.finish(actor=actor)
    if reconcilable(values_file):
        report.notes.extend(reconcile(directory).lines())
    else:
        report.notes.append(
            "The Scotland and family-group figures were not checked: lgbf_values.csv has no "
            + " or ".join(PUBLISHED)
            + " column."
        )
    return lambda: None  # written chunk by chunk above


def _save_measures(
    definitions: Iterable[Definition], *, actor: Actor, report: Report
) -> dict[str, int]:
    existing = {m.code: m for m in Measure.objects.filter(source=SOURCE)}
    ids: dict[str, int] = {}
    for d in definitions:
        measure = existing.get(d.code) or Measure(source=SOURCE, code=d.code)
        before = snapshot(measure) if measure.pk else {}
        measure.title, measure.polarity, measure.midpoint = d.title, d.polarity, d.midpoint
        measure.unit, measure.decimals, measure.ratio_scale = d.unit, d.decimals, d.scale
        measure.group_set = d.group_set
        measure.definition = f"Local Government Benchmarking Framework indicator {d.code}."
        save_audited(actor=actor, instance=measure, before=before)
        ids[d.code] = measure.pk
    report.changes.append(f"{len(ids)} LGBF measures")
    return ids


def _save_groups(families: list[dict[str, str]], councils: dict[str, int], *, actor: Actor) -> None:
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in families:
        members[(row["Type"], row["Family_Group"])].append(councils[row["Local_Authority"]])
    for (group_set, family), pks in members.items():
        group_save(
            actor=actor,
            name=f"LGBF {family}: {group_set}",
            kind=ComparatorGroup.Kind.FAMILY,
            authorities=Authority.objects.filter(pk__in=pks),
            source="Improvement Service, LGBF family groups (OGL v3)",
            group_set=group_set,
        )
    group_save(
        actor=actor,
        name=CLUB,
        kind=ComparatorGroup.Kind.CLUB,
        authorities=Authority.objects.filter(pk__in=set(councils.values())),
        source="Improvement Service, Local Government Benchmarking Framework (OGL v3)",
    )


@dataclass
class _ValueRows:
    """The values file's rows checked a chunk at a time."""

    definitions: dict[str, Definition]
    measures: dict[str, int]
    councils: dict[str, int]
    report: Report
    skip_unreadable: bool
    missing: int = 0
    skipped: list[Problem] = field(default_factory=list)

    def check(self, rows: list[tuple[int, dict[str, str]]]) -> list[ValueRow]:
        checked: list[ValueRow] = []
        for row_number, row in rows:
            definition = self.definitions[row["Code"]]
            try:
                value = number(row["LA_IndicatorReal"])
                numerator = number(row["LA_Numerator_real"])
                denominator = number(row["LA_Den_Real"])
                year = published_year(row["Year"])
            except ValueError as error:
                problem = Problem(row_number, None, str(error))
                if self.skip_unreadable:
                    self.skipped.append(problem)
                else:
                    self.report.problems.append(problem)
                continue
            if value is None:
                self.missing += 1
                continue
            if numerator is None or denominator is None or denominator == 0:
                numerator = denominator = None
            checked.append(
                ValueRow(
                    self.measures[row["Code"]],
                    self.councils[row["LocalAuthority"]],
                    year.year,
                    row["Year"],
                    value * definition.factor,
                    numerator,
                    denominator,
                    year.span_start,
                    year.mark,
                )
            )
        return checked

    def finish(self) -> None:
        if self.missing:
            self.report.notes.append(
                f"{self.missing:,} rows have no council value (missing) and were skipped"
            )
        if self.skipped:
            self.report.skipped += len(self.skipped)
            shown = "; ".join(f"row {p.row}: {p.message}" for p in self.skipped[:SHOWN_SKIPPED])
            self.report.notes.append(
                f"{len(self.skipped):,} unreadable rows skipped (--skip-unreadable): {shown}"
            )


# ----------------------------------------------------------------------------- the check


LAST_PLACE = "differs in the last published place (rounding or deflator)"
CHECKABLE = frozenset({"match", LAST_PLACE, "differs by more than the last place"})


@dataclass
class Reconciliation:
    """How many published Scotland values and family-group averages we reproduce."""

    scotland: Counter[str] = field(default_factory=Counter)
    family: Counter[str] = field(default_factory=Counter)
    family_label_disagrees: int = 0

    def lines(self) -> list[str]:
        total_s, total_f = sum(self.scotland.values()), sum(self.family.values())
        # Only code-years where every council gives a numerator and a denominator can be
        # recomputed as Σ numerator ÷ Σ denominator; the rest are counted apart, not failed.
        checkable = sum(n for reason, n in self.scotland.items() if reason in CHECKABLE)
        last = self.scotland[LAST_PLACE]
        lines = [
            f"Scotland values: {self.scotland['match']:,} of {checkable:,} code-years where "
            f"every council gives a numerator and a denominator reproduce as Σ numerator ÷ "
            f"Σ denominator (to the published precision); {last:,} differ in the last place, "
            f"{self.scotland['differs by more than the last place']:,} by more; "
            f"{total_s - checkable:,} of {total_s:,} cannot be checked this way"
        ]
        lines += [f"  {reason}: {count:,}" for reason, count in sorted(self.scotland.items())]
        lines.append(
            f"Family-group averages: {self.family['match']:,} of {total_f:,} reproduced as the "
            "mean of the values of the councils the values file labels with that group"
        )
        lines += [f"  {reason}: {count:,}" for reason, count in sorted(self.family.items())]
        lines.append(
            f"Rows whose FamilyGroup label disagrees with family_groups.csv: "
            f"{self.family_label_disagrees:,}"
        )
        return lines


def _close(ours: float, theirs: float, decimals: int) -> bool:
    return abs(ours - theirs) <= 0.5 * 10 ** (-decimals) + 1e-9


def _grouped(
    rows: list[dict[str, str]], key: Callable[[dict[str, str]], str]
) -> dict[str, list[dict[str, str]]]:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _family_check(
    members: list[dict[str, str]],
    label: str,
    factor: float,
    places: int,
    f: Callable[[str], float | None],
) -> str:
    published = f(members[0]["FG_Avg_Indicator_Real"])
    values = [v for r in members if (v := f(r["LA_IndicatorReal"])) is not None]
    if published is None or not values or not label:
        return "no average published"
    if len({r["FG_Avg_Indicator_Real"] for r in members}) > 1:
        return "councils with one label show different averages"
    if _close(statistics.fmean(values) * factor, published * factor, places):
        return "match"
    if len(values) < len(members):
        return "differs: some councils have no value"
    return "differs by more than the last place"


# The published aggregates ``reconcile`` checks the councils' rows against.
PUBLISHED = ("Scotland_Indicator_Real", "FG_Avg_Indicator_Real")


def reconcilable(values_file: Path) -> bool:
    with values_file.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    return all(column in header for column in PUBLISHED)


def reconcile(directory: Path) -> Reconciliation:
    """Recompute the Scotland values and the family-group averages from the councils' rows."""
    definitions = {
        r["Code"]: Definition.from_row(r) for r in _read(directory / "indicator_information.csv")
    }
    family_of = {
        (r["Type"], r["Local_Authority"]): r["Family_Group"]
        for r in _read(directory / "family_groups.csv")
    }
    by_key: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in _read(directory / "lgbf_values.csv"):
        if row.get("Code"):
            by_key[(row["Code"], row["Year"])].append(row)
    result = Reconciliation()

    def f(text: str) -> float | None:
        try:
            return float(text) if text not in ("", "NA") else None
        except ValueError:
            return None

    labels: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (code, _), rows in by_key.items():
        d = definitions[code]
        for row in rows:
            labels[(d.group_set, family_of[(d.group_set, row["LocalAuthority"])])][
                row["FamilyGroup"]
            ] += 1
    usual_label = {key: counter.most_common(1)[0][0] for key, counter in labels.items()}

    for (code, _), rows in by_key.items():
        d = definitions[code]
        factor, places = float(d.factor), d.decimals
        published = f(rows[0]["Scotland_Indicator_Real"])
        pairs = [(f(r["LA_Numerator_real"]), f(r["LA_Den_Real"])) for r in rows]
        if published is None:
            result.scotland["no Scotland value published"] += 1
        elif all(n is None or dn is None for n, dn in pairs):
            values = [v for r in rows if (v := f(r["LA_IndicatorReal"])) is not None]
            mean = statistics.fmean(values) * factor if values else None
            if mean is not None and _close(mean, published * factor, places):
                result.scotland["no numerators; the mean of the councils' values matches"] += 1
            else:
                result.scotland["no numerators; not the mean of the councils' values"] += 1
        elif any(n is None or dn is None for n, dn in pairs):
            result.scotland["some councils give no numerator or denominator"] += 1
        else:
            total = sum(dn for _, dn in pairs if dn is not None)
            ours = sum(n for n, _ in pairs if n is not None) / total * float(d.scale)
            if _close(ours, published * factor, places):
                result.scotland["match"] += 1
            elif len(rows) < 32:
                result.scotland[f"differs: only {len(rows)} councils have a row"] += 1
            elif _close(ours, published * factor, places - 1):
                result.scotland[LAST_PLACE] += 1
            else:
                result.scotland["differs by more than the last place"] += 1

        for label, members in _grouped(rows, lambda r: r["FamilyGroup"]).items():
            result.family[_family_check(members, label, factor, places, f)] += 1
        for row in rows:
            usual = usual_label[(d.group_set, family_of[(d.group_set, row["LocalAuthority"])])]
            if row["FamilyGroup"] != usual:
                result.family_label_disagrees += 1
    return result
