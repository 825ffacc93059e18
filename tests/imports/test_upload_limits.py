"""Defect 4: an XLSX decompression bomb, or a sheet claiming 16,384 columns, is refused in
under a second for every role that may upload, nothing is written and no upload is left."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.imports import views
from goldenthread.imports.readers import read_table
from goldenthread.indicators.models import Actual, Family, Indicator
from goldenthread.organisation.models import Council, Person
from tests.imports.bombs import decompression_bomb, false_dimension


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return decompression_bomb(tmp_path_factory.mktemp("bombs") / "bomb.xlsx")


@pytest.fixture(scope="session")
def claims_xfd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return false_dimension(tmp_path_factory.mktemp("bombs") / "dimension.xlsx")


@pytest.fixture
def uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "uploads"
    monkeypatch.setattr(views, "UPLOADS", folder)
    return folder


def _owner(council: Council, indicator: Indicator, role: str) -> User:
    user = User.objects.create_user(role)
    indicator.owner = Person.objects.create(user=user, council=council, role=role)
    if role == Person.Role.PARTNER:
        indicator.family = Family.PARTNERSHIP
    indicator.save()
    return user


@pytest.fixture(params=["performance", "owner", "partner"])
def uploader(
    request: pytest.FixtureRequest, council: Council, performance_user: User, days: Indicator
) -> User:
    if request.param == "performance":
        return performance_user
    return _owner(council, days, request.param)


def _upload(client: Client, path: Path, *, dry_run: bool) -> Any:
    data: dict[str, Any] = {
        "kind": "values",
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/import/", data)


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("hostile", ["bomb", "claims_xfd"])
def test_xlsx_bombs_are_refused_in_under_a_second_for_every_uploader(
    client: Client,
    uploader: User,
    uploads: Path,
    hostile: str,
    dry_run: bool,
    request: pytest.FixtureRequest,
) -> None:
    path: Path = request.getfixturevalue(hostile)
    client.force_login(uploader)
    # Warm: the first request of a process loads the URLs, templates and openpyxl.
    assert client.get("/import/").status_code == 200
    audited = AuditEntry.objects.count()
    started = time.monotonic()
    response = _upload(client, path, dry_run=dry_run)
    elapsed = time.monotonic() - started
    assert elapsed < 1, f"{hostile} took {elapsed:.1f}s"
    assert response.status_code in (413, 422)
    # The bomb is refused as a file; the false claim is read as its real two rows, whose
    # unknown indicator is refused on row 2.
    page = response.content.decode()
    assert f"{path.name} unpacks to more than" in page if hostile == "bomb" else "NO SUCH" in page
    assert not Actual.objects.exists()
    assert AuditEntry.objects.count() == audited
    assert list(uploads.iterdir()) == []


def test_the_bomb_is_refused_by_its_declared_size_before_openpyxl_opens_it(bomb: Path) -> None:
    problem = read_table(bomb)
    assert "unpacks to more than" in str(problem) or "compressed more than" in str(problem)


def test_a_false_dimension_claim_is_ignored_and_the_real_rows_read(claims_xfd: Path) -> None:
    table = read_table(claims_xfd)
    assert not isinstance(table, type(None))
    assert getattr(table, "header", None) == ["indicator", "period", "value"]
    assert [row.cells for row in getattr(table, "rows", [])] == [["NO SUCH", "2025-26-Q1", 9.5]]


def test_an_upload_over_the_size_limit_is_refused_before_it_is_saved(
    client: Client, performance_user: User, days: Indicator, uploads: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(performance_user)
    content = b"indicator,period,value\n" + b"BV 8,2025-26-Q1,9.5\n" * 60_000
    data = {"kind": "values", "file": SimpleUploadedFile("big.csv", content)}
    response = client.post("/import/", data)
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_too_many_rows_or_columns_name_the_row(
    write_csv: Callable[..., Path], settings: Any, tmp_path: Path, db: None
) -> None:
    settings.IMPORT_MAX_COLUMNS = 5
    settings.IMPORT_MAX_ROWS = 3
    wide = write_csv([["indicator", "period", "value"], ["BV 8", "2025-26-Q1", *"123456"]])
    report = views.REGISTRY["values"].run(wide, actor=None, dry_run=True, progress=None, options={})
    assert "Row 2:" in str(report.problems[0]) and "more than 5 columns" in str(report.problems[0])
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number in range(6):
        sheet.append(["BV 8", "2025-26-Q1", number])
    book.save(tmp_path / "long.xlsx")
    assert "Row 4:" in str(read_table(tmp_path / "long.xlsx"))


def test_an_import_that_fails_still_removes_the_upload(
    client: Client,
    performance_user: User,
    days: Indicator,
    uploads: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the import went wrong")

    monkeypatch.setattr(views, "_run", crash)
    client.raise_request_exception = False
    client.force_login(performance_user)
    data = {"kind": "values", "file": SimpleUploadedFile("q1.csv", b"indicator,period,value\n")}
    assert client.post("/import/", data).status_code == 500
    assert list(uploads.iterdir()) == []


def test_uploads_older_than_a_day_are_swept(uploads: Path) -> None:
    uploads.mkdir()
    stale, fresh = uploads / "stale.xlsx", uploads / "fresh.csv"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    day_and_more = time.time() - views.STALE_AFTER - 60
    os.utime(stale, (day_and_more, day_and_more))
    views._sweep(uploads)
    assert list(uploads.iterdir()) == [fresh]
