"""The open data: CSV that validates against its published Table Schema and Data Package,
JSON with the same rows, safe from spreadsheet formulas, with the right headers."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from frictionless import Package

from goldenthread.core.csvfiles import spreadsheet_cell
from goldenthread.indicators.models import Actual, Indicator, Period, Target
from goldenthread.organisation.models import Council, OrgUnit
from tests.public.fixtures import QUARTERS, figure, indicator, sign_off

pytestmark = pytest.mark.django_db
PUBLISHED = Actual.State.PUBLISHED


def fetch(client: Client, name: str) -> str:
    response = client.get(f"/open-data/{name}")
    assert response.status_code == 200, name
    return response.getvalue().decode()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def published(council: Council, service: OrgUnit, periods: None) -> list[Indicator]:
    """Two public indicators with published figures, one a band, one a ratio with a tricky
    title; an internal indicator and an unpublished figure to be left out."""
    quarters = [Period.objects.get(code=code) for code in QUARTERS]
    plain = indicator(council, service, "LPI 1", public=True, title="Bins £ collected, café")
    for q, period in enumerate(quarters[:3]):
        figure(plain, period, 100 + q * 5, PUBLISHED)
        sign_off(period)
    figure(plain, quarters[3], 999, Actual.State.APPROVED)
    tricky = indicator(council, service, "=cmd", public=True, title='=HYPERLINK("http://x")')
    tricky.polarity, tricky.unit, tricky.aggregation, tricky.decimals = (
        "band",
        "percent",
        "ratio",
        1,
    )
    tricky.definition = "-2+3 is a formula to a spreadsheet"
    tricky.save()
    actual = figure(tricky, quarters[0], 50, PUBLISHED, note="\nsecond line, with a comma")
    actual.numerator, actual.denominator = Decimal(1), Decimal(2)
    actual.save()
    Target.objects.filter(indicator=tricky).update(
        value=None, lower=Decimal(40), upper=Decimal("60.5")
    )
    hidden = indicator(council, service, "LPI 9", public=False)
    figure(hidden, quarters[0], 12345, PUBLISHED)
    return [plain, tricky]


def test_the_csv_files_validate_against_their_schemas_and_the_data_package(
    client: Client, published: list[Indicator], tmp_path: Path
) -> None:
    for name in [
        "datapackage.json",
        "indicators.csv",
        "values.csv",
        "indicators.schema.json",
        "values.schema.json",
    ]:
        (tmp_path / name).write_text(fetch(client, name), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.stats["rows"] for task in report.tasks] == [2, 4]


def test_a_row_that_breaks_the_schema_is_caught_by_the_validation(
    client: Client, published: list[Indicator], tmp_path: Path
) -> None:
    """The check above can fail: a status outside the schema's list is reported."""
    for name in [
        "datapackage.json",
        "indicators.csv",
        "indicators.schema.json",
        "values.schema.json",
    ]:
        (tmp_path / name).write_text(fetch(client, name), encoding="utf-8")
    (tmp_path / "values.csv").write_text(
        fetch(client, "values.csv").replace(",green,", ",purple,", 1), encoding="utf-8"
    )
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert "constraint-error" in {error[0] for error in report.flatten(["type"])}


def _same(csv_cell: str, json_value: Any) -> bool:
    if json_value is None:
        return csv_cell == ""
    if isinstance(json_value, bool):
        return csv_cell == ("true" if json_value else "false")
    if isinstance(json_value, int | float):
        return Decimal(csv_cell) == Decimal(str(json_value))
    return csv_cell == spreadsheet_cell(json_value)


@pytest.mark.parametrize("dataset", ["indicators", "values"])
def test_the_json_has_the_same_rows_as_the_csv(
    client: Client, published: list[Indicator], dataset: str
) -> None:
    from_csv = rows_of(fetch(client, f"{dataset}.csv"))
    from_json = json.loads(fetch(client, f"{dataset}.json"))
    assert len(from_csv) == len(from_json) > 0
    for csv_row, json_row in zip(from_csv, from_json, strict=True):
        assert list(csv_row) == list(json_row)
        for name, cell in csv_row.items():
            assert _same(cell, json_row[name]), (name, cell, json_row[name])


def test_cells_a_spreadsheet_would_run_are_kept_as_text(
    client: Client, published: list[Indicator]
) -> None:
    definitions = {row["code"]: row for row in rows_of(fetch(client, "indicators.csv"))}
    assert definitions["'=cmd"]["title"] == '\'=HYPERLINK("http://x")'
    assert definitions["'=cmd"]["definition"] == "'-2+3 is a formula to a spreadsheet"
    assert definitions["LPI 1"]["title"] == "Bins £ collected, café"
    figures = json.loads(fetch(client, "values.json"))
    assert {row["indicator_code"] for row in figures} == {"=cmd", "LPI 1"}


def test_values_carry_targets_status_direction_and_the_day_they_were_published(
    client: Client, published: list[Indicator]
) -> None:
    rows = rows_of(fetch(client, "values.csv"))
    plain = [row for row in rows if row["indicator_code"] == "LPI 1"]
    assert [row["value"] for row in plain] == ["100", "105", "110"]
    assert [row["target"] for row in plain] == ["97", "102", "107"]
    assert [row["rag_status"] for row in plain] == ["green"] * 3
    assert [row["direction"] for row in plain] == ["not_comparable", "improving", "improving"]
    assert plain[0]["period_start"] == "2024-10-01" and plain[0]["period_end"] == "2024-12-31"
    locked = Period.objects.get(code=QUARTERS[0]).locked_at
    assert locked is not None
    assert plain[0]["published"] == timezone.localdate(locked).isoformat()
    band = next(row for row in rows if row["indicator_code"] == "'=cmd")
    assert (band["target"], band["target_lower"], band["target_upper"]) == ("", "40", "60.5")
    assert (band["numerator"], band["denominator"]) == ("1", "2")
    assert band["commentary"].endswith("second line, with a comma")


def test_direction_is_judged_against_the_previous_published_figure_only(
    client: Client, council: Council, service: OrgUnit, periods: None
) -> None:
    quarters = [Period.objects.get(code=code) for code in QUARTERS]
    made = indicator(council, service, "LPI 5", public=True)
    figure(made, quarters[0], 500, Actual.State.APPROVED)  # not published: must not count
    figure(made, quarters[1], 100, PUBLISHED)
    [row] = rows_of(fetch(client, "values.csv"))
    assert row["direction"] == "not_comparable"


def test_downloads_are_utf8_attachments_with_their_content_types(
    client: Client, published: list[Indicator]
) -> None:
    csv_response = client.get("/open-data/values.csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="values.csv"'
    json_response = client.get("/open-data/indicators.json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert json_response["Content-Disposition"] == 'attachment; filename="indicators.json"'
    assert "café" in json_response.content.decode("utf-8")
    assert client.get("/open-data/values.schema.json")["Content-Type"].startswith(
        "application/json"
    )


def test_unknown_datasets_and_formats_are_not_found(client: Client, council: Council) -> None:
    for url in ["/open-data/people.csv", "/open-data/values.xlsx", "/open-data/people.schema.json"]:
        assert client.get(url).status_code == 404


def test_the_data_package_names_both_resources_and_their_schemas(
    client: Client, council: Council
) -> None:
    package = json.loads(fetch(client, "datapackage.json"))
    assert [(r["name"], r["path"], r["schema"]) for r in package["resources"]] == [
        ("indicators", "indicators.csv", "indicators.schema.json"),
        ("values", "values.csv", "values.schema.json"),
    ]
    assert reverse("public:open_data") in package["homepage"]
