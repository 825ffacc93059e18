"""The Import page: who may use it, dry run then confirm, problems as a table, templates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import Council, Person

PASSWORD = "pw-for-tests-1"


def upload(client: Client, content: bytes, *, dry_run: bool = True, kind: str = "values") -> Any:
    data: dict[str, Any] = {"kind": kind, "file": SimpleUploadedFile("q1.csv", content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/import/", data)


def test_a_dry_run_shows_the_changes_and_confirming_imports_them(
    client: Client, performance_user: User, days: Indicator
) -> None:
    client.force_login(performance_user)
    response = upload(client, b"indicator,period,value\nBV 8,2025-26-Q1,9.5\n")
    assert response.status_code == 200
    assert "BV 8 Q1 2025/26: new, 9.5" in response.content.decode()
    assert "Import these changes" in response.content.decode()
    assert not Actual.objects.exists()
    response = client.post("/import/confirm/")
    assert response.status_code == 200
    assert "Import complete" in response.content.decode()
    assert Actual.objects.get().value == 9.5
    assert AuditEntry.objects.filter(reason="import values q1.csv").count() == 1
    # The file is used once: confirming again finds nothing pending.
    assert client.post("/import/confirm/").status_code == 302


def test_problems_are_listed_with_row_and_column_and_nothing_is_written(
    client: Client, performance_user: User, days: Indicator
) -> None:
    client.force_login(performance_user)
    response = upload(
        client, b"indicator,period,value\nBV 8,2025-26-Q1,9.5\nBV 8,2025-26-Q2,x\n", dry_run=False
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert '<td class="govuk-table__cell">3</td>' in page
    assert "“x” is not a number" in page
    assert not Actual.objects.exists()


def test_a_missing_file_is_a_form_error(client: Client, performance_user: User) -> None:
    client.force_login(performance_user)
    response = client.post("/import/", {"kind": "values"})
    assert response.status_code == 400
    assert "Select a CSV or XLSX file" in response.content.decode()


def test_councillors_cannot_import_and_owners_only_values(
    client: Client, council: Council, performance_user: User, days: Indicator
) -> None:
    councillor = User.objects.create_user("cllr", password=PASSWORD)
    Person.objects.create(user=councillor, council=council, role=Person.Role.COUNCILLOR)
    client.force_login(councillor)
    assert client.get("/import/").status_code == 403
    owner = User.objects.create_user("owner", password=PASSWORD)
    days.owner = Person.objects.create(user=owner, council=council, role=Person.Role.OWNER)
    days.save()
    client.force_login(owner)
    page = client.get("/import/").content.decode()
    assert 'value="values"' in page and 'value="targets"' not in page
    assert upload(client, b"code,title\nX,Y\n", kind="indicators").status_code == 400


def test_templates_download_as_csv_and_xlsx(
    client: Client, performance_user: User, days: Indicator
) -> None:
    client.force_login(performance_user)
    response = client.get(
        "/import/template/", {"kind": "values", "service": "waste", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="values-waste.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfindicator,title,period")
    response = client.get(
        "/import/template/", {"kind": "targets", "period": "2025-26-Q2", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert (
        client.get(
            "/import/template/", {"kind": "values", "period": "nope", "format": "csv"}
        ).status_code
        == 400
    )
