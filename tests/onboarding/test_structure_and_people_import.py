"""``goldenthread import structure`` and ``import people``: every bad input refused with its
row and reason and nothing written; a good file written once, audited; the same file again
changes nothing; new people are invited by email."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from goldenthread.core.models import AuditEntry
from goldenthread.onboarding.importers import PeopleImport, run_checked_then_written
from goldenthread.organisation.models import Council, Invitation, OrgUnit, Person
from tests.imports.conftest import problem_texts, run_import
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

STRUCTURE = [
    ["code", "name", "kind", "parent", "head"],
    ["place", "Place", "Directorate", "", ""],
    ["people-dir", "People", "directorate", "", ""],
    ["waste", "Waste and Recycling", "Service", "place", ""],
    ["parks", "Parks", "service", "place", ""],
    ["rounds", "Collection rounds", "Team", "waste", ""],
    ["care", "Adult Social Care", "service", "people-dir", ""],
]
PEOPLE = [
    ["name", "email", "job title", "unit", "role", "manager"],
    ["Ann Director", "ann@council.gov.uk", "Director of Place", "place", "Director", ""],
    [
        "Bob Head",
        "Bob@Council.gov.uk",
        "Head of Waste",
        "waste",
        "head_of_service",
        "ann@council.gov.uk",
    ],
    [
        "Cat Owner",
        "cat@council.gov.uk",
        "Waste officer",
        "Waste and Recycling",
        "Data owner",
        "bob@council.gov.uk",
    ],
    ["Dan Councillor", "dan@council.gov.uk", "", "", "Councillor", ""],
]


def written() -> tuple[int, int, int, int, int]:
    return (
        OrgUnit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Invitation.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def structure(council: Council, write_csv: Callable[..., Path]) -> None:
    report = run_import("structure", write_csv(STRUCTURE))
    # Two teams of one name, in different services: a people file must name them by code.
    for code, parent in (("support-waste", "waste"), ("support-care", "care")):
        OrgUnit.objects.create(
            council=council,
            code=code,
            name="Business support",
            kind="section",
            parent=OrgUnit.objects.get(code=parent),
        )
    assert report.ok, problem_texts(report)


def test_a_structure_file_makes_the_units_parents_first_and_audits_each(
    council: Council, write_csv: Callable[..., Path]
) -> None:
    # Children before their parents in the file: the import orders them itself.
    rows = [STRUCTURE[0], *reversed(STRUCTURE[1:])]
    report = run_import("structure", write_csv(rows))
    assert report.ok, problem_texts(report)
    assert report.created == 6
    rounds = OrgUnit.objects.get(code="rounds")
    assert rounds.kind == "section" and rounds.parent is not None
    assert rounds.parent.code == "waste" and rounds.parent.parent.code == "place"  # type: ignore[union-attr]
    assert AuditEntry.objects.filter(model="organisation.orgunit", action="create").count() == 6


def test_the_same_structure_file_again_changes_nothing(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    before = written()
    report = run_import("structure", write_csv(STRUCTURE))
    assert report.ok and report.created == 0 and report.updated == 0 and report.unchanged == 6
    assert written() == before


def test_a_changed_row_updates_the_unit(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    rows = [*STRUCTURE[:4], ["parks", "Parks and Open Spaces", "service", "people-dir", ""]]
    report = run_import("structure", write_csv(rows))
    assert report.ok and report.updated == 1 and report.unchanged == 3
    parks = OrgUnit.objects.get(code="parks")
    assert parks.name == "Parks and Open Spaces" and parks.parent.code == "people-dir"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["waste", "Waste", "service", "nowhere", ""]],
            "Row 2, column “parent”: there is no unit with the code “nowhere” in the file",
        ),
        (
            [
                ["place", "Place", "directorate", "", ""],
                ["place", "Place again", "directorate", "", ""],
            ],
            "Row 3, column “code”: the code “place” is also on row 2",
        ),
        (
            [
                ["place", "Place", "directorate", "", ""],
                ["a", "A", "service", "b", ""],
                ["b", "B", "service", "a", ""],
            ],
            "Row 3, column “parent”: the parents go round in a circle (a → b → a)",
        ),
        (
            [["place", "Place", "directorate", "", "nobody@council.gov.uk"]],
            "Row 2, column “head”: nobody with the email “nobody@council.gov.uk”",
        ),
        (
            [["place", "Place", "division", "", ""]],
            "Row 2, column “kind”: “division” is not a kind",
        ),
        (
            [["waste", "Waste", "service", "", ""]],
            "Row 2, column “parent”: a service needs a parent",
        ),
        (
            [["my place", "Place", "directorate", "", ""]],
            "Row 2, column “code”: “my place” is not a code",
        ),
    ],
    ids=[
        "unknown-parent",
        "duplicate-code",
        "cycle",
        "unknown-head",
        "kind",
        "no-parent",
        "bad-code",
    ],
)
def test_a_bad_structure_file_names_the_row_and_writes_nothing(
    council: Council, write_csv: Callable[..., Path], rows: list[list[str]], expected: str
) -> None:
    before = written()
    report = run_import("structure", write_csv([STRUCTURE[0], *rows]))
    assert not report.ok
    assert any(text.startswith(expected) for text in problem_texts(report)), problem_texts(report)
    assert written() == before


def test_a_cycle_through_stored_units_is_refused(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    # "place" is stored as the top; making it a service under its own child is a circle.
    rows = [STRUCTURE[0], ["place", "Place", "service", "waste", ""]]
    before = written()
    report = run_import("structure", write_csv(rows))
    assert any("go round in a circle (place → waste → place)" in t for t in problem_texts(report))
    assert written() == before


def test_a_people_file_makes_accounts_invites_each_by_email_and_audits(
    council: Council,
    structure: None,
    write_csv: Callable[..., Path],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("people", write_csv(PEOPLE))
    assert report.ok, problem_texts(report)
    assert report.created == 4
    bob = Person.objects.select_related("user", "scope", "manager__user").get(
        user__email="bob@council.gov.uk"
    )
    assert bob.user.username == "bob@council.gov.uk"  # what single sign-on matches
    assert (bob.user.first_name, bob.user.last_name) == ("Bob", "Head")
    assert bob.role == "head_of_service" and bob.scope.code == "waste"  # type: ignore[union-attr]
    assert bob.manager is not None and bob.manager.user.email == "ann@council.gov.uk"
    cat = Person.objects.get(user__email="cat@council.gov.uk")
    assert cat.role == "owner" and cat.scope == OrgUnit.objects.get(code="waste")
    assert Person.objects.get(user__email="dan@council.gov.uk").scope is None
    assert not bob.user.has_usable_password()
    assert Invitation.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p[1].lower() for p in PEOPLE[1:])
    assert all("/invitation/" in m.body for m in mail.outbox)
    invitation = Invitation.objects.get(person=bob)
    assert invitation.token_hash not in mail.outbox[0].body  # only the token is sent
    assert AuditEntry.objects.filter(model="organisation.person", action="create").count() == 4
    assert AuditEntry.objects.filter(model="organisation.invitation").count() == 4


def test_the_same_people_file_again_changes_nothing_and_sends_nothing(
    council: Council,
    structure: None,
    write_csv: Callable[..., Path],
    django_capture_on_commit_callbacks: Any,
) -> None:
    path = write_csv(PEOPLE)
    run_import("people", path)
    before = written()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("people", path)
    assert report.ok and report.created == 0 and report.updated == 0 and report.unchanged == 4
    assert written() == before
    assert mail.outbox == []


def test_a_changed_row_updates_the_person_without_inviting_again(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    run_import("people", write_csv(PEOPLE))
    rows = [PEOPLE[0], ["Cat Owner", "cat@council.gov.uk", "Team leader", "parks", "owner", ""]]
    report = run_import("people", write_csv(rows))
    assert report.ok and report.updated == 1
    cat = Person.objects.get(user__email="cat@council.gov.uk")
    assert cat.job_title == "Team leader" and cat.scope.code == "parks" and cat.manager is None  # type: ignore[union-attr]
    assert Invitation.objects.count() == 4


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [PEOPLE[1], ["Ann Again", "ANN@council.gov.uk", "", "place", "director", ""]],
            "Row 3, column “email”: “ann@council.gov.uk” is also on row 2",
        ),
        (
            [["Ann", "ann@council.gov.uk", "", "nowhere", "director", ""]],
            "Row 2, column “unit”: there is no unit “nowhere”",
        ),
        (
            [["Ann", "ann@council.gov.uk", "", "place", "boss", ""]],
            "Row 2, column “role”: “boss” is not a role",
        ),
        (
            [["Ann", "ann@council.gov.uk", "", "place", "director", "zed@council.gov.uk"]],
            "Row 2, column “manager”: the manager “zed@council.gov.uk” is neither in this file",
        ),
        (
            [["Ann", "not-an-email", "", "place", "director", ""]],
            "Row 2, column “email”: “not-an-email” is not an email address",
        ),
        (
            [["Ann", "ann@council.gov.uk", "", "Business support", "staff", ""]],
            "Row 2, column “unit”: more than one unit is called “Business support”",
        ),
    ],
    ids=[
        "duplicate-email",
        "unknown-unit",
        "unknown-role",
        "unknown-manager",
        "bad-email",
        "ambiguous-unit",
    ],
)
def test_a_bad_people_file_names_the_row_and_writes_nothing(
    council: Council,
    structure: None,
    write_csv: Callable[..., Path],
    django_capture_on_commit_callbacks: Any,
    rows: list[list[str]],
    expected: str,
) -> None:
    before = written()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import("people", write_csv([PEOPLE[0], *rows]))
    assert not report.ok
    assert any(text.startswith(expected) for text in problem_texts(report)), problem_texts(report)
    assert written() == before
    assert mail.outbox == []


def test_a_manager_already_in_the_database_is_accepted(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    run_import("people", write_csv(PEOPLE[:2]))
    report = run_import(
        "people",
        write_csv(
            [PEOPLE[0], ["Eve", "eve@council.gov.uk", "", "parks", "staff", "ann@council.gov.uk"]]
        ),
    )
    assert report.ok, problem_texts(report)
    manager = Person.objects.get(user__email="eve@council.gov.uk").manager
    assert manager is not None and manager.user.email == "ann@council.gov.uk"


def test_an_xlsx_people_file_and_heads_in_the_structure(
    council: Council, structure: None, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in PEOPLE:
        sheet.append(row)
    path = tmp_path / "people.xlsx"
    book.save(path)
    report = run_import("people", path)
    assert report.ok and report.created == 4, problem_texts(report)
    rows = [STRUCTURE[0], ["place", "Place", "directorate", "", "ann@council.gov.uk"]]
    report = run_import("structure", write_csv(rows))
    assert report.ok and report.updated == 1
    head = OrgUnit.objects.get(code="place").head
    assert head is not None and head.user.email == "ann@council.gov.uk"


def test_a_dry_run_writes_nothing(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    before = written()
    report = run_import("people", write_csv(PEOPLE), dry_run=True)
    assert report.ok and report.created == 4
    assert written() == before


@pytest.mark.parametrize("kind", ["structure", "people"])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_downloaded_template_imports_back_unchanged(
    council: Council,
    structure: None,
    write_csv: Callable[..., Path],
    performance_user: User,
    tmp_path: Path,
    kind: str,
    form: str,
) -> None:
    assert run_import("people", write_csv(PEOPLE)).ok
    run_import("structure", write_csv([STRUCTURE[0], [*STRUCTURE[1][:4], "ann@council.gov.uk"]]))
    client = SignedInClient()
    client.force_login(performance_user)
    response = client.get("/import/template/", {"kind": kind, "format": form})
    assert response.status_code == 200, response.content[:500]
    path = tmp_path / f"template.{form}"
    path.write_bytes(response.content)
    before = written()
    report = run_import(kind, path, actor=performance_user)
    assert report.ok, problem_texts(report)
    assert report.rows == (8 if kind == "structure" else 4)  # the fixture adds two teams
    assert report.created == report.updated == 0
    assert written() == before


def test_the_command_imports_and_a_bad_file_fails_with_its_problems(
    council: Council, write_csv: Callable[..., Path]
) -> None:
    out = StringIO()
    call_command("import", "structure", str(write_csv(STRUCTURE)), "--no-progress", stdout=out)
    assert "Created 6" in out.getvalue()
    err = StringIO()
    bad = write_csv([STRUCTURE[0], ["x", "X", "service", "nowhere", ""]])
    with pytest.raises(CommandError) as raised:
        call_command("import", "structure", str(bad), "--no-progress", stderr=err, stdout=out)
    assert raised.value.returncode == 1
    assert "Row 2, column “parent”: there is no unit with the code “nowhere”" in err.getvalue()
    assert OrgUnit.objects.count() == 6


def test_only_an_administrator_gives_or_takes_away_the_administrator_role(
    council: Council,
    structure: None,
    write_csv: Callable[..., Path],
    performance_user: User,
) -> None:
    chief = User.objects.create_user("chief", password="pw-for-tests-1")
    Person.objects.create(user=chief, council=council, role=Person.Role.ADMIN)
    rows = [PEOPLE[0], ["Mal Admin", "mal@council.gov.uk", "", "", "Administrator", ""]]
    before = written()
    report = run_import("people", write_csv(rows), actor=performance_user)
    assert problem_texts(report) == [
        "Row 2, column “role”: only an administrator may give the administrator role: ask one "
        "to import this row"
    ]
    assert written() == before
    assert run_import("people", write_csv(rows), actor=chief).ok
    demote = [PEOPLE[0], ["Mal Admin", "mal@council.gov.uk", "", "", "staff", ""]]
    report = run_import("people", write_csv(demote), actor=performance_user)
    assert "only an administrator may change an administrator's role" in problem_texts(report)[0]
    assert Person.objects.get(user__email="mal@council.gov.uk").role == Person.Role.ADMIN


def test_a_person_saved_while_the_file_was_checked_stops_the_import(
    council: Council, structure: None, write_csv: Callable[..., Path]
) -> None:
    assert run_import("people", write_csv(PEOPLE)).ok
    rows = [PEOPLE[0], ["Cat Owner", "cat@council.gov.uk", "Team leader", "parks", "owner", ""]]
    check = PeopleImport(actor=None, name="people.csv")

    def checked_then_saved_meanwhile(path: Path, report: Any) -> Any:
        writer = check(path, report)
        cat = Person.objects.get(user__email="cat@council.gov.uk")
        cat.job_title = "Saved meanwhile"
        cat.save()
        return writer

    before = written()
    report = run_checked_then_written(
        write_csv(rows), kind="people", check=checked_then_saved_meanwhile, dry_run=False
    )
    assert problem_texts(report) == [
        "Someone else changed the council's structure or people while the file was being "
        "checked, so nothing was imported. Import the file again."
    ]
    assert report.updated == 0
    cat = Person.objects.get(user__email="cat@council.gov.uk")
    assert cat.job_title == "Saved meanwhile" and cat.scope.code == "waste"  # type: ignore[union-attr]
    assert written() == before
