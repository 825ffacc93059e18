"""Import indicator definitions: one row per indicator, matched on its code.

Columns: ``code`` (required); for a new indicator also ``title``, ``polarity``, ``service`` and
``first year``. Optional: ``definition``, ``family``, ``unit``, ``decimals``, ``frequency``,
``aggregation``, ``cumulative``, ``owner`` (username or email), ``data source``,
``tolerance kind``, ``tolerance amount``, ``baseline``, ``baseline year``, ``key``,
``public``, ``last year``. Choices take the stored value or the label people see
("higher" or "Higher is better"; "percent" or "%"). ``service`` is an organisation unit's code
or name. A column left out leaves that field as it is for an existing indicator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from goldenthread.core.audit import snapshot
from goldenthread.imports import base
from goldenthread.imports.cells import Bad, Column, Columns, number, text, yes_no
from goldenthread.imports.permissions import import_permission
from goldenthread.imports.readers import Cell, Table
from goldenthread.imports.registry import Problem, Progress, Report, Template, TemplateTable
from goldenthread.indicators.importers.templates import (
    definition_rows,
    figure,
    no_choices,
    yes,
)
from goldenthread.indicators.models import (
    AGGREGATION_CHOICES,
    FREQUENCY_CHOICES,
    POLARITY_CHOICES,
    TOLERANCE_CHOICES,
    Family,
    Indicator,
    Unit,
)
from goldenthread.organisation.models import Council, OrgUnit, Person

# (column, model field, how the cell is read); ``_readers`` turns the last into a function.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "title", "text"),
    ("definition", "definition", "text"),
    ("family", "family", "choice"),
    ("unit", "unit", "choice"),
    ("polarity", "polarity", "choice"),
    ("decimals", "decimals", "whole"),
    ("frequency", "frequency", "choice"),
    ("aggregation", "aggregation", "choice"),
    ("cumulative", "cumulative", "yes_no"),
    ("owner", "owner", "owner"),
    ("service", "service", "service"),
    ("data source", "data_source", "text"),
    ("tolerance kind", "tolerance_kind", "choice"),
    ("tolerance amount", "tolerance_amount", "number"),
    ("valid min", "valid_min", "number"),
    ("valid max", "valid_max", "number"),
    ("baseline", "baseline", "number"),
    ("baseline year", "baseline_year", "whole"),
    ("key", "is_key", "yes_no"),
    ("public", "is_public", "yes_no"),
    ("first year", "first_year", "whole"),
    ("last year", "last_year", "whole"),
)
COLUMNS = (
    Column("code", ("indicator", "indicator code", "pi code"), required=True),
    Column("title", ("name", "indicator title")),
    Column("definition", ("description",)),
    Column("family"),
    Column("unit"),
    Column("polarity", ("direction", "good is")),
    Column("decimals", ("decimal places",)),
    Column("frequency", ("collection frequency",)),
    Column("aggregation"),
    Column("cumulative"),
    Column("owner", ("data owner", "responsible officer")),
    Column("service", ("org unit", "service code")),
    Column("data source", ("source",)),
    Column("tolerance kind", ("tolerance type",)),
    Column("tolerance amount", ("tolerance",)),
    Column("valid min", ("lowest valid value",)),
    Column("valid max", ("highest valid value",)),
    Column("baseline"),
    Column("baseline year"),
    Column("key", ("key indicator", "is key")),
    Column("public", ("published to the public", "is public")),
    Column("first year"),
    Column("last year"),
)
# Fields an empty cell clears; for the rest an empty cell keeps the default or current value.
NULLABLE = frozenset(
    {
        "owner",
        "tolerance_amount",
        "valid_min",
        "valid_max",
        "baseline",
        "baseline_year",
        "last_year",
    }
)
NEEDED_FOR_NEW = ("title", "polarity", "service", "first year")
CHOICES: dict[str, list[tuple[str, str]]] = {
    "family": list(Family.choices),
    "unit": list(Unit.choices),
    "polarity": POLARITY_CHOICES,
    "frequency": FREQUENCY_CHOICES,
    "aggregation": AGGREGATION_CHOICES,
    "tolerance_kind": TOLERANCE_CHOICES,
}
COLUMN_OF = {field: column for column, field, _ in FIELDS}
FIELD_OF = {column: field for column, field, _ in FIELDS}


def _choice(field: str) -> Callable[[Cell], str | None]:
    options = {str(label).lower(): value for value, label in CHOICES[field]}
    options.update({value.lower(): value for value, _ in CHOICES[field]})

    def read(cell: Cell) -> str | None:
        written = text(cell)
        if not written:
            # An empty tolerance type means "the council's default"; other choices keep
            # their default (a new indicator) or their current value.
            return "" if field == "tolerance_kind" else None
        found = options.get(written.lower())
        if found is None:
            allowed = ", ".join(value for value, _ in CHOICES[field])
            raise Bad(f"“{written[:40]}” is not one of: {allowed}")
        return found

    return read


def _whole(cell: Cell) -> int | None:
    value = number(cell, places=0, precision_of="it must be a whole number")
    if value is None:
        return None
    if not 0 <= value <= 32767:
        raise Bad(f"{value} is out of range")
    return int(value)


class DefinitionsPlanner:
    def __init__(
        self, *, actor: User | None, progress: Progress | None, options: dict[str, Any]
    ) -> None:
        self.actor = actor
        self.progress = progress

    def __call__(
        self, table: Table, columns: Columns, report: Report
    ) -> base.Plan[Indicator] | None:
        if not import_permission(self.actor, "indicators").allowed:
            report.problems.append(
                Problem(None, None, "Only the performance team may import indicator definitions.")
            )
            return None
        council = base.council_of(self.actor)
        if council is None:
            report.problems.append(Problem(None, None, "Set up the council first."))
            return None
        existing = {i.code: i for i in Indicator.objects.filter(council=council)}
        units = list(OrgUnit.objects.filter(council=council))
        self.services = {u.code.lower(): u for u in units} | {u.name.lower(): u for u in units}
        people = list(Person.objects.filter(council=council).select_related("user"))
        self.people = {p.user.username.lower(): p for p in people}
        self.people.update({p.user.email.lower(): p for p in people if p.user.email})
        readers = self._readers()
        plan = base.Plan(
            model=Indicator,
            fields=[f for _, f, _ in FIELDS] + ["modified_by"],
            describe=str,
        )
        seen: dict[str, int] = {}
        for row in base.with_progress(table.rows, self.progress):
            problems = base.RowProblems(report, columns, row)
            code = problems.read("code", lambda c: text(c, limit=30), "")
            if not code:
                if not problems.count:
                    problems.add("code", "enter the indicator's code")
                continue
            if code in seen:
                problems.add("code", f"“{code}” is already in row {seen[code]}")
                continue
            seen[code] = row.number
            given = {
                field: problems.read(column, readers[field])
                for column, field, _ in FIELDS
                if columns.has(column)
            }
            given = {k: v for k, v in given.items() if v is not None or k in NULLABLE}
            indicator = existing.get(code)
            if indicator is None:
                for column in NEEDED_FOR_NEW:
                    if given.get(FIELD_OF[column]) in (None, "") and column not in problems.named:
                        problems.add(column, f"a new indicator needs its {column}")
            if problems.count:
                continue
            before = snapshot(indicator) if indicator else {}
            if indicator is None:
                indicator = Indicator(council=council, code=code, created_by=self.actor)
            for field, value in given.items():
                setattr(indicator, field, value)
            indicator.modified_by = self.actor
            if not self._valid(problems, indicator):
                continue
            after = snapshot(indicator)
            after.pop("modified_by_id")
            changed = sorted(k for k, v in after.items() if before.get(k) != v)
            if before and not changed:
                report.unchanged += 1
            elif before:
                plan.updates.append((indicator, before))
                names = ", ".join(COLUMN_OF.get(k.removesuffix("_id"), k) for k in changed)
                base.note_change(report, f"{code}: changes {names}")
            else:
                plan.creates.append(indicator)
                base.note_change(report, f"{code}: new indicator “{indicator.title}”")
        return plan

    def _readers(self) -> dict[str, Callable[[Cell], Any]]:
        def owner(cell: Cell) -> Person | None:
            name = text(cell)
            if not name:
                return None
            person = self.people.get(name.lower())
            if person is None:
                raise Bad(f"nobody in the council has the username or email “{name[:60]}”")
            return person

        def service(cell: Cell) -> OrgUnit:
            name = text(cell)
            unit = self.services.get(name.lower())
            if unit is None:
                raise Bad(f"there is no service with the code or name “{name[:60]}”")
            return unit

        by_kind: dict[str, Callable[[Cell], Any]] = {
            "text": lambda c: text(c, limit=5000),
            "number": number,
            "whole": _whole,
            "yes_no": yes_no,
            "owner": owner,
            "service": service,
        }
        return {
            field: _choice(field) if kind == "choice" else by_kind[kind]
            for _, field, kind in FIELDS
        }

    def _valid(self, problems: base.RowProblems, indicator: Indicator) -> bool:
        """The model's field checks and ``clean()`` rules, without a query per row: foreign
        keys come from the lookups above, and the code is checked against the file and the
        council's indicators already, so ``clean()``'s own code-clash query is skipped by
        leaving the council unset while it runs."""
        try:
            indicator.clean_fields(
                exclude=["council", "owner", "service", "created_by", "modified_by"]
            )
            council_id, indicator.council_id = indicator.council_id, None  # type: ignore[assignment]
            try:
                indicator.clean()
            finally:
                indicator.council_id = council_id
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = COLUMN_OF.get(field, "code" if field == "code" else None)
                for message in messages:
                    problems.add(column, message.rstrip("."))
            return False
        return True


def definitions_table(indicators: Iterable[Indicator]) -> TemplateTable:
    header = ["code", *(column for column, _, _ in FIELDS)]
    body = []
    for indicator in indicators:
        line: list[Any] = [indicator.code]
        for _, field, kind in FIELDS:
            value = getattr(indicator, field)
            if kind == "owner":
                value = value.user.username if value else ""
            elif kind == "service":
                value = value.code
            elif kind == "yes_no":
                value = yes(value)
            elif isinstance(value, Decimal):
                value = figure(value)
            line.append(value)
        body.append(line)
    return header, body


def definitions_template(*, council: Council, **_: Any) -> TemplateTable:
    """Every definition: the form's service, owner and period do not narrow it."""
    return definitions_table(definition_rows(council=council))


KIND = base.make_kind(
    name="indicators",
    label="Indicator definitions",
    on_page=True,
    template=Template(choices=no_choices, table=definitions_template),
    spec=COLUMNS,
    planner=DefinitionsPlanner,
    help="indicator definitions: code, title, polarity, unit, frequency, service, owner …",
)
