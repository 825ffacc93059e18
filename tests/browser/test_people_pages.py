"""An administrator imports a structure file and a people file on the Import page; an invited
person opens the link from their email, chooses a password and lands signed in; the
administrator's invitations page lists them. axe on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import Page, expect

from goldenthread.organisation.models import Council, Invitation, OrgUnit, Person
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
STRUCTURE = (
    "code,name,kind,parent,head\n"
    "place,Place,directorate,,\n"
    "waste,Waste and Recycling,service,place,\n"
    "rounds,Collection rounds,team,waste,\n"
)
PEOPLE = (
    "name,email,job title,unit,role,manager\n"
    "Ann Head,ann@council.gov.uk,Head of Waste,waste,Head of service,\n"
    "Cat Owner,cat@council.gov.uk,Waste officer,rounds,Data owner,ann@council.gov.uk\n"
)


def upload(page: Page, label: str, path: Path) -> None:
    page.get_by_label(label).check()
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check the changes")).to_be_visible()
    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()


def test_import_structure_and_people_then_the_invited_person_signs_in(
    page: Page, live_server: object, tmp_path: Path
) -> None:
    council = Council.objects.create(name="Test Borough Council")
    chief = User.objects.create_user("chief", password=PASSWORD, is_staff=True, is_superuser=True)
    Person.objects.create(user=chief, council=council, role=Person.Role.ADMIN)
    base = str(live_server)
    sign_in(page, base, "chief", PASSWORD)
    page.goto(f"{base}/import/")
    structure, people = tmp_path / "structure.csv", tmp_path / "people.csv"
    structure.write_text(STRUCTURE)
    people.write_text(PEOPLE)

    bad = tmp_path / "bad-people.csv"
    bad.write_text(PEOPLE + "Dup,ann@council.gov.uk,,nowhere,boss,\n")
    page.get_by_label("People: staff and councillors, invited by email").check()
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#problems tbody tr")).to_have_count(
        5
    )  # units unknown (no structure yet); row 4 also
    assert_accessible(page, "people-import-problems")
    assert not Invitation.objects.exists()

    upload(page, "Structure: directorates, services and teams", structure)
    assert_accessible(page, "structure-import-done")
    assert OrgUnit.objects.count() == 3
    upload(page, "People: staff and councillors, invited by email", people)
    assert Person.objects.count() == 3 and Invitation.objects.count() == 2

    page.goto(f"{base}/people/invitations/")
    expect(page.get_by_role("heading", name="Invitations")).to_be_visible()
    expect(page.locator("#invitations tbody tr")).to_have_count(2)
    assert_accessible(page, "invitations")

    message = next(m for m in mail.outbox if m.to == ["cat@council.gov.uk"])
    found = re.search(r"http://[^/]+(/invitation/[^/\s]+/)", str(message.body))
    assert found, message.body
    visitor = page.context.browser.new_context()  # type: ignore[union-attr]
    tab = visitor.new_page()
    tab.goto(base + found.group(1))
    expect(tab.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(tab, "invitation")
    tab.get_by_label("New password", exact=True).fill("a-Long-pass-phrase-7")
    tab.get_by_label("New password confirmation").fill("a-Long-pass-phrase-7")
    tab.get_by_role("button", name="Save password and sign in").click()
    expect(tab.get_by_text("Your password is saved and you are signed in.")).to_be_visible()
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    assert User.objects.get(email="cat@council.gov.uk").check_password("a-Long-pass-phrase-7")

    tab.goto(base + found.group(1))
    expect(tab.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(tab, "invitation-used")
    visitor.close()
