"""The page at /import/scorecard/: upload, correct the guessed columns, check, import, and
our RAG beside the workbook's."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import OrgUnit, Person
from tests.indicators import scorecard_workbook as wb

pytestmark = pytest.mark.django_db
URL = "/import/scorecard/"


@pytest.fixture
def officer(client: Client, performance_user: User, service_unit: OrgUnit, periods: None) -> Client:
    client.force_login(performance_user)
    return client


def upload(client: Client, path: Path, mapping: bytes | None = None) -> Any:
    data: dict[str, Any] = {
        "step": "upload",
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
    }
    if mapping is not None:
        data["mapping"] = SimpleUploadedFile("mapping.json", mapping)
    return client.post(URL, data)


def fields_of(html: str) -> dict[str, str]:
    """The mapping form's values as the page shows them (what a browser would post)."""
    values = dict(
        re.findall(r'<input type="(?:text|number)" name="([a-z_A-Z]+)" value="([^"]*)"', html)
    )
    for name, options in re.findall(r'<select name="([a-z_A-Z]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen[1] if chosen else ""
    return values


def test_the_page_guesses_checks_imports_and_compares(officer: Client, tmp_path: Path) -> None:
    page = upload(officer, wb.build(tmp_path / "scorecard.xlsx"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Row 4 is read as the column headers" in html
    posted = fields_of(html)
    assert posted["meaning_A"] == "code"
    assert posted["meaning_K"] == "value"
    assert posted["period_K"] == "Q2 2024/25"
    # The officer maps the comments column to the title too: refused, by column.
    posted["meaning_M"] = "title"
    refused = officer.post(URL, {**posted, "step": "check"})
    assert refused.status_code == 422
    assert "Columns B and M are both mapped to “Title”" in refused.content.decode()
    assert not Indicator.objects.exists()
    posted["meaning_M"] = "ignore"
    checked = officer.post(URL, {**posted, "step": "check"})
    assert checked.status_code == 200
    text = checked.content.decode()
    assert (
        "The workbook passed every check. Importing it makes 5 indicators, 12 targets and "
        "13 approved figures." in text
    )
    assert "Scorecard!J10: “18.5*” read as 18.5" in text
    assert not Indicator.objects.exists()
    mapping = json.loads(officer.get(URL + "mapping.json").content)
    assert mapping["columns"]["A"]["meaning"] == "code"
    imported = officer.post(URL, {**posted, "step": "import"})
    assert imported.status_code == 200
    result = imported.content.decode()
    assert "5 indicators, 12 targets and 13 approved figures" in result
    assert Indicator.objects.count() == 5
    assert Actual.objects.filter(state="approved").count() == 13
    rows = re.findall(
        r"<td class=\"govuk-table__cell\">(Scorecard![A-Z]+\d+)</td>",
        result.split('id="comparison"')[0],
    )
    assert rows == [ref for ref, *_ in wb.DISAGREEMENTS]
    assert "Tolerance: within a tolerance of 5% of the target this figure is red" in result
    # The same form posted again (a second click) imports nothing more.
    again = officer.post(URL, {**posted, "step": "import"})
    assert again.status_code == 302
    assert Indicator.objects.count() == 5


def test_a_saved_mapping_is_used_for_the_next_workbook(officer: Client, tmp_path: Path) -> None:
    path = wb.build(tmp_path / "scorecard.xlsx")
    guessed = fields_of(upload(officer, path).content.decode())
    saved = officer.get(URL + "mapping.json").content
    data = json.loads(saved)
    data["columns"]["M"] = {"meaning": "ignore", "period": "", "header": ""}
    data["columns"]["L"] = {"meaning": "ignore", "period": "", "header": ""}
    page = upload(officer, path, json.dumps(data).encode()).content.decode()
    posted = fields_of(page)
    assert posted["meaning_L"] == "ignore"
    column_l = ("meaning_L", "period_L")
    assert {k: v for k, v in posted.items() if k not in column_l} == {
        k: v for k, v in guessed.items() if k not in column_l
    }


def test_a_mapping_that_is_not_one_is_a_field_error(officer: Client, tmp_path: Path) -> None:
    response = upload(officer, wb.build(tmp_path / "s.xlsx"), b"not json")
    assert response.status_code == 400
    assert "The mapping cannot be used: the mapping is not JSON" in response.content.decode()


def test_a_file_that_is_not_a_workbook_is_a_field_error(officer: Client) -> None:
    response = officer.post(
        URL, {"step": "upload", "file": SimpleUploadedFile("s.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 400
    assert "The workbook must be an Excel XLSX file" in response.content.decode()
    broken = officer.post(
        URL, {"step": "upload", "file": SimpleUploadedFile("s.xlsx", b"not a zip")}
    )
    assert broken.status_code == 422
    assert "not an Excel workbook" in broken.content.decode()


def test_owners_may_not_use_the_page(client: Client, service_unit: OrgUnit) -> None:
    owner = User.objects.create_user("owner")
    Person.objects.create(user=owner, council=service_unit.council, role=Person.Role.OWNER)
    client.force_login(owner)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "mapping.json").status_code == 403


def test_another_header_row_is_guessed_afresh(officer: Client, tmp_path: Path) -> None:
    posted = fields_of(upload(officer, wb.build(tmp_path / "s.xlsx")).content.decode())
    posted["header_row"] = "2"  # the sub-title row: nothing there looks like a header
    page = officer.post(URL, {**posted, "step": "check"})
    assert page.status_code == 200
    again = fields_of(page.content.decode())
    assert again["header_row"] == "2"
    # Only the sub-title, "Quarter 2 report to Cabinet", looks like anything: a period.
    assert (again["meaning_A"], again["period_A"]) == ("value", "Q2 2024/25")
    assert {again[f"meaning_{name}"] for name in "BCDEFGHIJKLM"} == {"ignore"}
    refused = officer.post(URL, {**again, "step": "check"})
    assert refused.status_code == 422
    assert "No column is mapped to “Code”" in refused.content.decode()
    assert not Indicator.objects.exists()
