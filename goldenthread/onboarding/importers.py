"""The structure and people import kinds: a council's chart and its staff list.

``goldenthread import structure FILE``: one row per directorate, service or section (code,
name, kind, parent, head). ``goldenthread import people FILE``: one row per person (name,
email, job title, unit, role, manager); each new person gets an account named by their email
address and an invitation by email (``onboarding.invitations``). Both are all or nothing:
every row is checked against the file and the database first, and a file with any problem
writes nothing. Importing the same file again changes nothing. Imported by
``OnboardingConfig.ready()``; the ``register`` lines are the kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import DatabaseError, transaction
from django.utils import timezone

from goldenthread import access
from goldenthread.core import datacache
from goldenthread.core.audit import Actor, audited_changes, entry_fields, snapshot, user_of
from goldenthread.core.models import AuditEntry
from goldenthread.imports import base, fastwrite
from goldenthread.imports.cells import Column, Columns, match_columns, text
from goldenthread.imports.readers import Row, Unreadable, read_table
from goldenthread.imports.registry import (
    Kind,
    Problem,
    Progress,
    Report,
    Template,
    TemplateChoices,
    TemplateTable,
    register,
)
from goldenthread.onboarding import invitations
from goldenthread.organisation.models import Council, OrgUnit, Person

STRUCTURE_COLUMNS = (
    Column("code", ("unit code",), required=True),
    Column("name", ("unit", "title"), required=True),
    Column("kind", ("type", "level"), required=True),
    Column("parent", ("parent code", "reports to")),
    Column("head", ("head email", "head's email")),
)
PEOPLE_COLUMNS = (
    Column("name", ("full name",), required=True),
    Column("email", ("email address", "e-mail"), required=True),
    Column("job title", ("title", "post")),
    Column("unit", ("service", "team", "directorate")),
    Column("role", required=True),
    Column("manager", ("manager email", "line manager")),
)
# What a structure file may call each kind of unit.
KIND_WORDS = {
    **{kind.value: kind.value for kind in OrgUnit.Kind},
    **{kind.label.casefold(): kind.value for kind in OrgUnit.Kind},
    "team": OrgUnit.Kind.SECTION.value,
    "directorates": OrgUnit.Kind.DIRECTORATE.value,
    "services": OrgUnit.Kind.SERVICE.value,
}
ROLE_WORDS = {
    **{role.value: role.value for role in Person.Role},
    **{role.label.casefold(): role.value for role in Person.Role},
    "head of service": Person.Role.HEAD_OF_SERVICE.value,
    "owner": Person.Role.OWNER.value,
    "performance": Person.Role.PERFORMANCE.value,
}
ROLES_ACCEPTED = ", ".join(f"“{role.label}”" for role in Person.Role)


def _blank(row: Row) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row.cells)


def _read(
    path: Path, name: str, report: Report, spec: tuple[Column, ...]
) -> tuple[list[Row], Columns] | None:
    """The file's rows with anything in them, and its columns; None (with the problems in
    ``report``) if the file or its header cannot be used."""
    table = read_table(path, name)
    if isinstance(table, Problem):
        report.problems.append(table)
        return None
    columns, problems = match_columns(table, spec)
    if columns.extra:
        report.notes.append("Columns ignored: " + ", ".join(f"“{c}”" for c in columns.extra))
    if problems:
        report.problems.extend(problems)
        return None
    rows = [row for row in table.rows if not _blank(row)]
    report.rows = len(rows)
    report.skipped = len(table.rows) - len(rows)
    return rows, columns


def _council(actor: Actor, report: Report) -> Council | None:
    council = base.council_of(actor)
    if council is None:
        report.problems.append(
            Problem(None, None, "There is no council yet: run “goldenthread setup” first.")
        )
    return council


def _audit(
    actor: Actor, instance: Any, before: dict[str, Any], reason: str, name: str
) -> dict[str, Any]:
    return entry_fields(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        instance=instance,
        changes=audited_changes(before, instance),
        reason=reason,
        object_repr=name,
    )


# --- structure ---------------------------------------------------------------------------


@dataclass
class UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent: str
    head: str


def _units_in(rows: list[Row], columns: Columns, report: Report) -> list[UnitRow]:
    """Each row's cells, checked on their own; problems noted in ``report``."""
    found = []
    for row in rows:
        problems = base.RowProblems(report, columns, row)
        code = problems.read("code", lambda c: text(c, limit=40), "")
        name = problems.read("name", lambda c: text(c, limit=200), "")
        kind_text = problems.read("kind", text, "")
        parent = problems.read("parent", lambda c: text(c, limit=40), "")
        head = problems.read("head", lambda c: text(c, limit=254), "").casefold()
        if not code:
            problems.add("code", "is empty: give each unit a short code, e.g. “waste”")
        else:
            try:
                validate_slug(code)
            except ValidationError:
                problems.add(
                    "code",
                    f"“{code}” is not a code: use letters, numbers, hyphens or underscores only",
                )
        if not name:
            problems.add("name", "is empty: give the unit's name")
        kind = KIND_WORDS.get(kind_text.casefold(), "")
        if not kind:
            problems.add(
                "kind", f"“{kind_text}” is not a kind of unit: write directorate, service or team"
            )
        if kind == OrgUnit.Kind.DIRECTORATE and parent:
            problems.add("parent", "a directorate is at the top: leave its parent empty")
        if kind and kind != OrgUnit.Kind.DIRECTORATE and not parent:
            problems.add("parent", f"a {kind_text.casefold()} needs a parent: give its code")
        if problems.count == 0:
            found.append(UnitRow(row.number, code, name, kind, parent, head))
    return found


class StructureImport:
    """Checks a structure file against itself and the council's units, then writes it."""

    def __init__(self, *, actor: Actor, name: str) -> None:
        self.actor, self.name = actor, name

    def __call__(self, path: Path, report: Report) -> Callable[[], None] | None:
        read = _read(path, self.name, report, STRUCTURE_COLUMNS)
        council = _council(self.actor, report)
        if read is None or council is None:
            return None
        rows, columns = read
        units = _units_in(rows, columns, report)
        stored = {u.code: u for u in OrgUnit.objects.filter(council=council)}
        people = {
            email: person
            for email, person in (
                (p.user.email.casefold(), p)
                for p in Person.objects.filter(council=council).select_related("user")
            )
            if email
        }
        first_row: dict[str, int] = {}
        in_file: dict[str, UnitRow] = {}
        for unit in units:
            if unit.code in first_row:
                report.problems.append(
                    Problem(
                        unit.number,
                        columns.header("code"),
                        f"the code “{unit.code}” is also on row {first_row[unit.code]}: "
                        "each unit once, with its own code",
                    )
                )
                continue
            first_row[unit.code] = unit.number
            in_file[unit.code] = unit
        # Each unit's parent as it will be: the file's, else what is stored.
        parent_of = {code: (u.parent.code if u.parent else "") for code, u in stored.items()}
        parent_of.update({code: unit.parent for code, unit in in_file.items()})
        kind_of = {code: u.kind for code, u in stored.items()}
        kind_of.update({code: unit.kind for code, unit in in_file.items()})
        for unit in in_file.values():
            if unit.parent and unit.parent not in parent_of:
                report.problems.append(
                    Problem(
                        unit.number,
                        columns.header("parent"),
                        f"there is no unit with the code “{unit.parent}” in the file or the "
                        "council's structure: add it as a row, or correct the code",
                    )
                )
            elif unit.parent and kind_of[unit.parent] == OrgUnit.Kind.SECTION:
                report.problems.append(
                    Problem(
                        unit.number,
                        columns.header("parent"),
                        f"“{unit.parent}” is a team: a unit's parent is a directorate or a service",
                    )
                )
            elif cycle := _cycle(unit.code, parent_of):
                report.problems.append(
                    Problem(
                        unit.number,
                        columns.header("parent"),
                        "the parents go round in a circle (" + " → ".join(cycle) + "): one of "
                        "them must be under a directorate",
                    )
                )
            if unit.head and unit.head not in people:
                report.problems.append(
                    Problem(
                        unit.number,
                        columns.header("head"),
                        f"nobody with the email “{unit.head}” is in the council's people: "
                        "import the people file first, or leave the head empty for now",
                    )
                )
        if report.problems:
            report.problems.sort(key=lambda problem: problem.row or 0)
            return None
        ordered = _parents_first(in_file, stored)
        creates: list[UnitRow] = []
        updates: list[tuple[OrgUnit, UnitRow]] = []
        for unit in ordered:
            existing = stored.get(unit.code)
            head = people.get(unit.head) if unit.head else None
            if existing is None:
                creates.append(unit)
                base.note_change(report, f"New {unit.kind} “{unit.name}” ({unit.code})")
            elif (
                existing.name != unit.name
                or existing.kind != unit.kind
                or parent_of_stored(existing) != unit.parent
                or existing.head_id != (head.pk if head else None)
            ):
                updates.append((existing, unit))
                base.note_change(report, f"Changed {unit.kind} “{unit.name}” ({unit.code})")
            else:
                report.unchanged += 1
        report.created, report.updated = len(creates), len(updates)

        def write() -> None:
            _check_unchanged(OrgUnit, [existing for existing, _ in updates])
            user = user_of(self.actor)
            reason = f"import structure {self.name}"
            now = timezone.now()
            units = dict(stored)
            changing = {unit.code for _, unit in updates}
            entries = []
            # Parents first, so each new unit's parent has its id when it is saved.
            for unit in ordered:
                head = people.get(unit.head) if unit.head else None
                parent = units[unit.parent] if unit.parent else None
                existing = stored.get(unit.code)
                if existing is None:
                    made = OrgUnit(
                        council=council,
                        code=unit.code,
                        name=unit.name,
                        kind=unit.kind,
                        parent=parent,
                        head=head,
                        created_by=user,
                        modified_by=user,
                    )
                    made.save()
                    units[unit.code] = made
                    entries.append(_audit(user, made, {}, reason, made.name))
                elif unit.code in changing:
                    before = snapshot(existing)
                    existing.name, existing.kind = unit.name, unit.kind
                    existing.parent, existing.head, existing.modified_by = parent, head, user
                    existing.save()
                    entries.append(_audit(user, existing, before, reason, existing.name))
            fastwrite.insert(AuditEntry, iter(entries), now=now)
            datacache.advance()

        return write if creates or updates else None


def parent_of_stored(unit: OrgUnit) -> str:
    return unit.parent.code if unit.parent else ""


def _cycle(code: str, parent_of: dict[str, str]) -> list[str]:
    """The codes round the loop, if following ``code``'s parents comes back to it."""
    seen = [code]
    current = parent_of.get(code, "")
    while current:
        if current == code:
            return [*seen, code]
        if current in seen or len(seen) > len(parent_of):
            return []  # a loop further up: reported on its own rows
        seen.append(current)
        current = parent_of.get(current, "")
    return []


def _parents_first(in_file: dict[str, UnitRow], stored: dict[str, OrgUnit]) -> list[UnitRow]:
    ordered: list[UnitRow] = []
    placed: set[str] = set(stored) - set(in_file)

    def place(unit: UnitRow) -> None:
        if unit.code in placed:
            return
        if unit.parent in in_file and unit.parent not in placed:
            place(in_file[unit.parent])
        placed.add(unit.code)
        ordered.append(unit)

    for unit in in_file.values():
        place(unit)
    return ordered


def structure_template(*, council: Council, **_: Any) -> TemplateTable:
    """The council's structure as it stands, directorates first, in one query."""
    units = (
        OrgUnit.objects.filter(council=council)
        .select_related("parent", "head__user")
        .order_by("kind", "code")
    )
    rank: dict[str, int] = {
        OrgUnit.Kind.DIRECTORATE: 0,
        OrgUnit.Kind.SERVICE: 1,
        OrgUnit.Kind.SECTION: 2,
    }
    body = [
        [
            unit.code,
            unit.name,
            unit.get_kind_display(),
            unit.parent.code if unit.parent else "",
            unit.head.user.email if unit.head else "",
        ]
        for unit in sorted(units, key=lambda u: (rank.get(u.kind, 3), u.code))
    ]
    return [column.name for column in STRUCTURE_COLUMNS], body


# --- people ------------------------------------------------------------------------------


@dataclass
class PersonRow:
    number: int
    name: str
    email: str
    job_title: str
    unit: str
    role: str
    manager: str
    values: dict[str, Any] = field(default_factory=dict)


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first[:150], last.strip()[:150]


class PeopleImport:
    """Checks a people file against itself and the council, then writes it and invites the
    new people. Only an administrator (or the command line) may give or take away the
    administrator role: a performance officer may import people, but not make an
    administrator's account for an address of their choosing."""

    def __init__(self, *, actor: Actor, name: str) -> None:
        self.actor, self.name = actor, name
        self.may_make_administrators = actor is None or access.can(actor, "people.invitations")

    def __call__(self, path: Path, report: Report) -> Callable[[], None] | None:
        read = _read(path, self.name, report, PEOPLE_COLUMNS)
        council = _council(self.actor, report)
        if read is None or council is None:
            return None
        rows, columns = read
        units: dict[str, OrgUnit] = {}
        stored_units = list(OrgUnit.objects.filter(council=council))
        named: dict[str, int] = {}
        for unit in stored_units:
            units.setdefault(unit.name.casefold(), unit)
            named[unit.name.casefold()] = named.get(unit.name.casefold(), 0) + 1
        codes = {unit.code.casefold() for unit in stored_units}
        for unit in stored_units:
            units[unit.code.casefold()] = unit  # a code wins over a name
        stored = list(
            Person.objects.filter(council=council).select_related("user", "manager__user")
        )
        people = {p.user.email.casefold(): p for p in stored if p.user.email}
        users: dict[str, list[User]] = {}
        for user in User.objects.exclude(email=""):
            users.setdefault(user.email.casefold(), []).append(user)
        first_row: dict[str, int] = {}
        found: dict[str, PersonRow] = {}
        for row in rows:
            problems = base.RowProblems(report, columns, row)
            name = problems.read("name", lambda c: text(c, limit=300), "")
            email = problems.read("email", lambda c: text(c, limit=254), "").casefold()
            job_title = problems.read("job title", lambda c: text(c, limit=200), "")
            unit = problems.read("unit", text, "")
            role_text = problems.read("role", text, "")
            manager = problems.read("manager", lambda c: text(c, limit=254), "").casefold()
            if not name:
                problems.add("name", "is empty: give the person's name")
            if not email:
                problems.add("email", "is empty: each person needs an email address to be invited")
            else:
                try:
                    validate_email(email)
                except ValidationError:
                    problems.add("email", f"“{email}” is not an email address")
                if email in first_row:
                    problems.add(
                        "email",
                        f"“{email}” is also on row {first_row[email]}: each person once",
                    )
                elif len(users.get(email, [])) > 1:
                    problems.add(
                        "email",
                        f"more than one account has the email “{email}”: an administrator "
                        "must merge them before this person is imported",
                    )
            if unit and unit.casefold() not in units:
                problems.add(
                    "unit",
                    f"there is no unit “{unit}”: give the code or name of a directorate, "
                    "service or team (import the structure file first)",
                )
            elif unit and unit.casefold() not in codes and named.get(unit.casefold(), 0) > 1:
                problems.add(
                    "unit", f"more than one unit is called “{unit}”: give its code instead"
                )
            role = ROLE_WORDS.get(role_text.casefold(), "")
            if not role:
                problems.add("role", f"“{role_text}” is not a role: write one of {ROLES_ACCEPTED}")
            if role == Person.Role.ADMIN and not self.may_make_administrators:
                problems.add(
                    "role",
                    "only an administrator may give the administrator role: ask one to import "
                    "this row",
                )
            elif (
                email in people
                and people[email].role == Person.Role.ADMIN
                and role != Person.Role.ADMIN
                and not self.may_make_administrators
            ):
                problems.add("role", "only an administrator may change an administrator's role")
            if manager and manager == email:
                problems.add("manager", "a person cannot be their own manager")
            if problems.count == 0:
                first_row[email] = row.number
                found[email] = PersonRow(row.number, name, email, job_title, unit, role, manager)
            elif email and email not in first_row:
                first_row[email] = row.number
        for each in found.values():
            if each.manager and each.manager not in first_row and each.manager not in people:
                report.problems.append(
                    Problem(
                        each.number,
                        columns.header("manager"),
                        f"the manager “{each.manager}” is neither in this file nor one of the "
                        "council's people: add them as a row, or correct the email",
                    )
                )
        if report.problems:
            report.problems.sort(key=lambda problem: problem.row or 0)
            return None
        creates: list[PersonRow] = []
        updates: list[tuple[Person, PersonRow]] = []
        for each in found.values():
            first, last = _split(each.name)
            scope = units[each.unit.casefold()] if each.unit else None
            each.values = {
                "role": each.role,
                "scope_id": scope.pk if scope else None,
                "job_title": each.job_title,
            }
            person = people.get(each.email)
            if person is None:
                creates.append(each)
                base.note_change(report, f"New person {each.name} ({each.email}), invited")
                continue
            manager = people.get(each.manager) if each.manager else None
            user = person.user
            if (
                any(getattr(person, k) != v for k, v in each.values.items())
                or (user.first_name, user.last_name) != (first, last)
                or (each.manager and (manager is None or person.manager_id != manager.pk))
                or (not each.manager and person.manager_id is not None)
            ):
                updates.append((person, each))
                base.note_change(report, f"Changed {each.name} ({each.email})")
            else:
                report.unchanged += 1
        report.created, report.updated = len(creates), len(updates)
        if creates:
            report.notes.append(
                "Each new person is sent an email inviting them to choose a password. "
                "Administrators can resend or revoke invitations on the Invitations page "
                "(/people/invitations/)."
            )
        if not creates and not updates:
            return None

        def write() -> None:
            _check_unchanged(Person, [person for person, _ in updates])
            self._write(council, creates, updates, people, users)

        return write

    def _write(
        self,
        council: Council,
        creates: list[PersonRow],
        updates: list[tuple[Person, PersonRow]],
        people: dict[str, Person],
        users: dict[str, list[User]],
    ) -> None:
        actor = user_of(self.actor)
        reason = f"import people {self.name}"
        now = timezone.now()
        new_users: list[User] = []
        new_people: list[Person] = []
        for each in creates:
            first, last = _split(each.name)
            user = next(iter(users.get(each.email, [])), None)
            if user is None:
                user = User(username=each.email, email=each.email, first_name=first, last_name=last)
                user.set_unusable_password()  # until they follow the invitation's link
                new_users.append(user)
            person = Person(
                user=user, council=council, created_by=actor, modified_by=actor, **each.values
            )
            new_people.append(person)
            people[each.email] = person
        fastwrite.save_new(new_users, now=now)
        for person in new_people:
            person.user = person.user  # its id, now it has one (and the user kept, unqueried)
        fastwrite.save_new(new_people, now=now)
        # Managers, once everyone in the file has an id: one update per manager.
        reports: dict[int, list[int]] = {}
        for each in creates:
            if each.manager:
                person = people[each.email]
                person.manager_id = people[each.manager].pk
                reports.setdefault(person.manager_id, []).append(person.pk)
        for manager_id, pks in reports.items():
            for start in range(0, len(pks), base.BATCH // 2):
                chunk = pks[start : start + base.BATCH // 2]
                Person.objects.filter(pk__in=chunk).update(manager_id=manager_id)
        entries = [_audit(actor, p, {}, reason, p.user.email) for p in new_people]
        changed: list[Person] = []
        for person, each in updates:
            before = snapshot(person)
            first, last = _split(each.name)
            user = person.user
            if (user.first_name, user.last_name) != (first, last):
                user.first_name, user.last_name = first, last
                user.save(update_fields=["first_name", "last_name"])
            for key, value in each.values.items():
                setattr(person, key, value)
            person.manager_id = people[each.manager].pk if each.manager else None
            person.modified_by, person.modified_on = actor, now
            changed.append(person)
            entries.append(_audit(actor, person, before, reason, user.email))
        Person.objects.bulk_update(
            changed,
            ["role", "scope", "job_title", "manager", "modified_by", "modified_on"],
            batch_size=base.BATCH // 2,
        )
        fastwrite.insert(AuditEntry, iter(entries), now=now)
        invited = [p for p in new_people if not p.user.has_usable_password()]
        invitations.invitations_create(actor=actor, people=invited, reason=reason)
        datacache.advance()


def people_template(*, council: Council, **_: Any) -> TemplateTable:
    """The council's people as they stand, in one query: those with an email address, which
    is what a people file matches them on (accounts made in the admin may have none)."""
    people = (
        Person.objects.filter(council=council)
        .exclude(user__email="")
        .select_related("user", "scope", "manager__user")
        .order_by("user__email")
    )
    body = [
        [
            f"{p.user.first_name} {p.user.last_name}".strip(),
            p.user.email,
            p.job_title,
            p.scope.code if p.scope else "",
            p.get_role_display(),
            p.manager.user.email if p.manager else "",
        ]
        for p in people
    ]
    return [column.name for column in PEOPLE_COLUMNS], body


# --- the kinds ----------------------------------------------------------------------------


def no_choices(council: Council, today: date) -> TemplateChoices:
    return TemplateChoices()


class ChangedMeanwhile(Exception):
    """A row the import would change was saved by someone else after the file was checked."""


def _check_unchanged(model: type[OrgUnit] | type[Person], rows: list[Any]) -> None:
    """Inside the writing transaction: refuse if any of ``rows`` (as read when the file was
    checked) has been saved since, rather than write over that change."""
    read = {row.pk: row.modified_on for row in rows}
    keys = list(read)
    for start in range(0, len(keys), base.BATCH):
        chunk = keys[start : start + base.BATCH]
        for pk, modified_on in model.objects.filter(pk__in=chunk).values_list("pk", "modified_on"):
            if modified_on != read[pk]:
                raise ChangedMeanwhile


def run_checked_then_written(path: Path, *, kind: str, check: base.Check, dry_run: bool) -> Report:
    """Check the whole file with no transaction open, then write it in one short one.

    On SQLite a transaction holds the database's one write lock, so checking a large people
    file inside it would keep everyone else's saves waiting (docs/adr/0020). A row changed
    between the check and the write stops the import (the writers call ``_check_unchanged``);
    a row added meanwhile with the same key is refused by the database's unique constraints.
    Either way nothing is written and the report says to import the file again."""
    report = Report(kind=kind, dry_run=dry_run)
    try:
        writer = check(path, report)
    except Unreadable as unreadable:
        return Report(kind=kind, dry_run=dry_run, problems=[unreadable.problem])
    if writer is None or not report.ok or dry_run:
        return report
    try:
        with transaction.atomic():
            writer()
    except (ChangedMeanwhile, DatabaseError) as error:
        detail = (
            "" if isinstance(error, ChangedMeanwhile) else f" ({str(error).splitlines()[0][:200]})"
        )
        report.created = report.updated = report.unchanged = 0
        report.problems.append(
            Problem(
                None,
                None,
                "Someone else changed the council's structure or people while the file was "
                f"being checked, so nothing was imported{detail}. Import the file again.",
            )
        )
    return report


def _runner(check: type[StructureImport] | type[PeopleImport], kind: str) -> Any:
    def run(
        path: Path,
        *,
        actor: User | None,
        dry_run: bool,
        progress: Progress | None,
        options: dict[str, Any],
    ) -> Report:
        name = options.get("name") or path.name
        report = run_checked_then_written(
            path, kind=kind, check=check(actor=actor, name=name), dry_run=dry_run
        )
        if progress:
            progress(report.rows, report.rows)
        return report

    return run


STRUCTURE = register(
    Kind(
        name="structure",
        help="the council's structure: code, name, kind (directorate, service, team), parent, head",
        run=_runner(StructureImport, "structure"),
        label="Structure: directorates, services and teams",
        on_page=True,
        template=Template(choices=no_choices, table=structure_template),
    )
)
PEOPLE = register(
    Kind(
        name="people",
        help="the council's people: name, email, job title, unit, role, manager; new people "
        "are invited by email",
        run=_runner(PeopleImport, "people"),
        label="People: staff and councillors, invited by email",
        on_page=True,
        template=Template(choices=no_choices, table=people_template),
    )
)

__all__ = ["PEOPLE", "STRUCTURE"]
