"""Issue 16, "Done when": from an empty database to a council's first published quarter, using
only the service's own pages and ``goldenthread`` commands — no admin site, no demo, no model
written by the test.

1. The first administrator answers the ``/setup/`` page (council, ONS code, first year,
   password): the council and its periods are made.
2. The administrator imports a structure of 3 directorates and 10 services, then 30 people, on
   the Import page; each person is invited by email.
3. Every invitation link (read from the locmem ``mail.outbox``) is opened and a password set,
   which signs the person in: the performance officer, the head of Waste and the Waste data
   owner in the browser (axe on the page), the other 27 through the same link with Django's
   test ``Client`` (30 browser sign-ins would take minutes).
4. The performance officer (who must set up an authenticator app on the service's own page;
   the test plays the app, computing the code from the key the page shows) uploads a
   scorecard workbook in a council's own layout, built here with openpyxl, corrects a guess,
   downloads the mapping, uploads the workbook again with that saved mapping and imports it;
   the RAG comparison lists exactly the disagreements built into the workbook.
5. The owner enters and submits the next quarter's return (Q3 2024/25), the head of service
   approves it, the performance officer signs the quarter off through the warning page, and
   the staff and public scorecards show the figure as published.

"Today" is fixed (``GOLDENTHREAD_TODAY``) so the quarters are predictable.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council, OrgUnit, Person
from tests.browser.conftest import assert_accessible
from tests.indicators import scorecard_workbook as wb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = "2025-01-20"  # Q3 2024/25 has ended; its returns are due
Q3 = "2024-25-Q3"
ADMIN_PASSWORD = "an-Admin-pass-phrase-1"
PASSWORD = "a-Long-pass-phrase-7"
DOMAIN = "example-council.gov.uk"

DIRECTORATES = {
    "place": ("Place", ["waste", "highways", "planning", "housing"]),
    "people": ("People", ["adults", "children", "libraries"]),
    "resources": ("Resources", ["finance", "revenues", "hr"]),
}
SERVICE_NAMES = {
    "waste": "Waste and Recycling",
    "highways": "Highways",
    "planning": "Planning",
    "housing": "Housing",
    "adults": "Adult Social Care",
    "children": "Children's Services",
    "libraries": "Libraries",
    "finance": "Finance",
    "revenues": "Revenues and Benefits",
    "hr": "Human Resources",
}
OWNER = f"owen.owner@{DOMAIN}"
HEAD = f"head.waste@{DOMAIN}"
PERFORMANCE = f"pat.performance@{DOMAIN}"
IN_THE_BROWSER = (PERFORMANCE, HEAD, OWNER)


def structure_csv() -> str:
    lines = ["code,name,kind,parent,head"]
    for code, (name, services) in DIRECTORATES.items():
        lines.append(f"{code},{name},directorate,,")
        lines += [f"{s},{SERVICE_NAMES[s]},service,{code}," for s in services]
    return "\n".join(lines) + "\n"


def people_csv() -> tuple[str, list[str]]:
    """1 performance officer, 3 directors, 10 heads of service and 16 data owners: 30."""
    rows = [f"Pat Performance,{PERFORMANCE},Performance officer,,Performance officer,"]
    for code, (name, services) in DIRECTORATES.items():
        director = f"director.{code}@{DOMAIN}"
        rows.append(f"Dee {name},{director},Director of {name},{code},Director,")
        for service in services:
            head = f"head.{service}@{DOMAIN}"
            rows.append(
                f"Hal {service.title()},{head},Head of service,{service},Head of service,{director}"
            )
    owners = [("waste", OWNER)] + [
        (service, f"owner{number}@{DOMAIN}")
        for number, service in enumerate(
            [*SERVICE_NAMES, "waste", "highways", "planning", "adults", "finance"][:15]
        )
    ]
    for service, email in owners:
        first = "Owen" if email == OWNER else "Ola"
        rows.append(
            f"{first} Owner{len(rows)},{email},Data officer,{service},Data owner,head.{service}@{DOMAIN}"
        )
    emails = [row.split(",")[1] for row in rows]
    return "name,email,job title,unit,role,manager\n" + "\n".join(rows) + "\n", emails


def council_workbook(path: Path) -> Path:
    """The tests' council-layout scorecard (title merged across, a merged section heading,
    "Q1 2024/25" and "Qtr 2" headers, fill colours and RAG words, the text target
    "263.2 per 100,000", the footnote marks "45.2*" and "18.5*", "n/a" and "TBC", a hidden row, a blank
    row), its Service and Owner columns naming this council's service and data owner."""
    wb.build(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Scorecard"]
    sheet["D4"] = "Contact"  # not a heading the guess knows: the officer maps it to Owner
    sheet["J6"] = "45.2*"  # W1's Q1 figure with a footnote mark (still green against 45)
    for row in range(6, sheet.max_row + 1):
        if sheet[f"A{row}"].value:
            sheet[f"C{row}"] = "Waste and Recycling"
            sheet[f"D{row}"] = OWNER
    book.save(path)
    return path


def key_of(page: Page) -> bytes:
    secret = "".join(page.locator("#totp-secret").inner_text().split())
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def through_two_factor_set_up(page: Page, *, check: bool = False) -> None:
    """Play the authenticator app on the service's own set-up page."""
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    if check:
        assert_accessible(page, "journey-two-factor-set-up")
    code = f"{totp(key_of(page)):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def link_path(email: str) -> str:
    message = next(m for m in mail.outbox if m.to == [email])
    found = re.search(r"http://[^/]+(/invitation/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def accept_in_browser(browser: Browser, base: str, email: str, *, check: bool) -> Page:
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(base + link_path(email))
    expect(tab.get_by_role("heading", name="Choose your password")).to_be_visible()
    if check:
        assert_accessible(tab, "journey-invitation")
    tab.get_by_label("New password", exact=True).fill(PASSWORD)
    tab.get_by_label("New password confirmation").fill(PASSWORD)
    tab.get_by_role("button", name="Save password and sign in").click()
    if "/two-factor/set-up/" in tab.url:
        through_two_factor_set_up(tab)
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    return tab


def accept_with_client(email: str) -> None:
    client = Client()
    path = link_path(email)
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert b"Sign out" in response.content, email
    used = client.get(path)
    assert used.status_code == 410 and b"This link does not work" in used.content


def import_file(page: Page, kind: str, path: Path, name: str) -> None:
    page.get_by_label(kind).check()
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check the changes")).to_be_visible()
    assert_accessible(page, f"journey-{name}-check")
    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page, f"journey-{name}-done")


def test_from_an_empty_install_to_the_first_published_quarter(
    page: Page, browser: Browser, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY
    base = live_server.url
    assert not (Council.objects.exists() or OrgUnit.objects.exists() or Person.objects.exists())

    # 1. Set up: the first-run page, asked of the first administrator.
    page.goto(f"{base}/setup/")
    expect(page.get_by_role("heading", name="Set up Golden Thread")).to_be_visible()
    assert_accessible(page, "journey-setup")
    page.get_by_label("Your council's ONS code").fill("E07000223")
    page.get_by_label("First financial year").fill("2023")
    page.get_by_label("Your email address").fill(f"admin@{DOMAIN}")
    page.get_by_label("Choose a password").fill(ADMIN_PASSWORD)
    page.get_by_label("Enter the password again").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Set up").click()
    expect(page.get_by_role("heading", name="Golden Thread is set up")).to_be_visible()
    assert_accessible(page, "journey-setup-done")
    # Every period from the first year to two years ahead of "today" (2024/25): 2023/24 to 2026/27.
    years = Period.objects.filter(kind="financial_year").values_list("code", flat=True)
    assert sorted(years) == ["FY2023-24", "FY2024-25", "FY2025-26", "FY2026-27"]
    assert Period.objects.filter(code=Q3).exists()

    page.goto(f"{base}/login/")
    assert_accessible(page, "journey-login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    through_two_factor_set_up(page, check=True)
    assert_accessible(page, "journey-my-work")

    # 2. Structure and people on the Import page.
    page.goto(f"{base}/import/")
    assert_accessible(page, "journey-import")
    structure = tmp_path / "structure.csv"
    structure.write_text(structure_csv())
    text, emails = people_csv()
    assert len(emails) == 30 and len(set(emails)) == 30
    people = tmp_path / "people.csv"
    people.write_text(text)
    import_file(page, "Structure: directorates, services and teams", structure, "structure")
    kinds = sorted(OrgUnit.objects.values_list("kind", flat=True))
    assert kinds == ["directorate"] * 3 + ["service"] * 10
    import_file(page, "People: staff and councillors, invited by email", people, "people")
    page.goto(f"{base}/people/invitations/")
    expect(page.locator("#invitations tbody tr")).to_have_count(30)
    assert_accessible(page, "journey-invitations")
    assert sorted(m.to[0] for m in mail.outbox if "/invitation/" in str(m.body)) == sorted(emails)

    # 3. Everyone opens their link and chooses a password.
    tabs = {
        email: accept_in_browser(browser, base, email, check=number == 0)
        for number, email in enumerate(IN_THE_BROWSER)
    }
    for email in emails:
        if email not in tabs:
            accept_with_client(email)
    page.goto(f"{base}/people/invitations/")
    expect(page.locator("#invitations tbody tr").filter(has_text="Accepted")).to_have_count(30)

    # 4. The council's own scorecard workbook, with a mapping saved and used again.
    performance = tabs[PERFORMANCE]
    workbook = council_workbook(tmp_path / "Corporate scorecard 2024-25.xlsx")
    performance.goto(f"{base}/import/scorecard/")
    expect(
        performance.get_by_role("heading", name="Import your scorecard workbook")
    ).to_be_visible()
    assert_accessible(performance, "journey-scorecard-upload")
    performance.get_by_label("Upload your scorecard workbook").set_input_files(str(workbook))
    performance.get_by_role("button", name="Upload and show the columns").click()
    expect(performance.get_by_role("heading", name="Map the columns")).to_be_visible()
    expect(performance.get_by_label("Period of column J")).to_have_value("Q1 2024/25")
    expect(performance.get_by_label("Meaning of column D")).to_have_value("ignore")
    assert_accessible(performance, "journey-scorecard-mapping")
    performance.get_by_label("Meaning of column D").select_option("owner")
    performance.get_by_role("button", name="Check the workbook").click()
    expect(performance.locator("#import-summary")).to_contain_text("passed every check")
    assert_accessible(performance, "journey-scorecard-checked")
    with performance.expect_download() as download:
        performance.get_by_role("link", name="Download this mapping").first.click()
    saved = tmp_path / "scorecard-mapping.json"
    download.value.save_as(saved)
    assert '"D": {\n      "meaning": "owner"' in saved.read_text()

    performance.goto(f"{base}/import/scorecard/")
    performance.get_by_label("Upload your scorecard workbook").set_input_files(str(workbook))
    performance.get_by_label("A mapping saved before (optional)").set_input_files(str(saved))
    performance.get_by_role("button", name="Upload and show the columns").click()
    expect(performance.get_by_label("Meaning of column D")).to_have_value("owner")
    performance.get_by_role("button", name="Check the workbook").click()
    expect(performance.locator("#import-summary")).to_contain_text("passed every check")
    performance.get_by_role("button", name="Import the workbook").click()
    expect(performance.get_by_role("heading", name="Scorecard imported")).to_be_visible()
    # Exactly the disagreements built into the workbook, each with its reason.
    rows = performance.locator("#disagreements tbody tr")
    expect(rows.locator("td:first-child")).to_have_text([ref for ref, *_ in wb.DISAGREEMENTS])
    for number, (_, code, theirs, ours, reason) in enumerate(wb.DISAGREEMENTS):
        cells = rows.nth(number).locator("td")
        expect(cells.nth(1)).to_contain_text(code)
        expect(cells.nth(4)).to_have_text(theirs.replace("_", " ").capitalize())
        expect(cells.nth(5)).to_have_text(ours.replace("_", " ").capitalize())
        expect(cells.nth(6)).to_contain_text(reason)
    # The footnote mark is read as the figure, which agrees with the workbook's green.
    expect(
        performance.locator("#comparison tbody tr").filter(has_text="Scorecard!J6")
    ).to_contain_text("45.2%")
    assert_accessible(performance, "journey-scorecard-results")

    # 5. The owner's return for the next quarter, its approval, sign-off and publication.
    owner = tabs[OWNER]
    owner.get_by_role("link", name="My returns").click()
    assert_accessible(owner, "journey-my-returns")
    row = owner.get_by_role("row").filter(has_text="C1").filter(has_text="Q3 2024/25")
    row.get_by_role("link").click()
    expect(owner.get_by_text("C1 · Q3 2024/25")).to_be_visible()
    assert_accessible(owner, "journey-return")
    owner.get_by_label("Value").fill("19")
    owner.get_by_label("What the figure means").fill("Claims processed faster after training.")
    owner.get_by_role("button", name="Submit for approval").click()
    expect(owner.get_by_text("C1 Q3 2024/25 submitted for approval (19")).to_be_visible()

    head = tabs[HEAD]
    head.get_by_role("link", name="Approvals").click()
    assert_accessible(head, "journey-approvals")
    head.get_by_role("link", name="Review C1").click()
    assert_accessible(head, "journey-review")
    head.get_by_role("button", name="Approve", exact=True).click()
    expect(head.get_by_text("Approved C1 Q3 2024/25.")).to_be_visible()

    performance.goto(f"{base}/returns/periods/")
    assert_accessible(performance, "journey-periods")
    performance.get_by_role("link", name="Sign off Q3 2024/25").click()
    expect(performance.get_by_role("heading", name="Sign off Q3 2024/25")).to_be_visible()
    assert_accessible(performance, "journey-sign-off")
    performance.get_by_label("Locked as missing").check()
    performance.get_by_label("Why are you signing off with returns still open?").fill(
        "Only C1 was reported this quarter"
    )
    performance.get_by_label("I have checked the returns still open").check()
    performance.get_by_role("button", name="Sign off Q3 2024/25").click()
    expect(
        performance.get_by_text("Q3 2024/25 signed off and locked; 1 returns published.")
    ).to_be_visible()

    performance.goto(f"{base}/scorecard/?period={Q3}")
    c1 = performance.get_by_role("row").filter(has_text="C1")
    expect(c1).to_contain_text("19")
    assert_accessible(performance, "journey-scorecard")
    c1.get_by_role("link").first.click()
    expect(performance.get_by_role("row", name="Q3 2024/25 19.0 days")).to_be_visible()
    expect(performance.get_by_text("Published by Pat Performance")).to_be_visible()
    history = performance.locator("table").filter(has_text="Published when Q3 2024/25")
    expect(history).to_contain_text("Updated Return: C1 Q3 2024/25: 19")
    expect(history).not_to_contain_text("19.000000")  # never a raw Decimal
    assert_accessible(performance, "journey-indicator")

    # The council chooses which indicators the public sees; then the public scorecard has it.
    performance.get_by_role("link", name="Edit the definition").click()
    assert_accessible(performance, "journey-edit-definition")
    performance.get_by_label("Published to the public").check()
    performance.get_by_role("button", name="Save").click()
    expect(performance.get_by_text("The definition has been saved.")).to_be_visible()
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/public/?period={Q3}")
    row = visitor.get_by_role("row").filter(has_text="Days to process benefit claims")
    expect(row).to_contain_text("19")
    assert_accessible(visitor, "journey-public-scorecard")
    for tab in (*tabs.values(), visitor):
        tab.context.close()
