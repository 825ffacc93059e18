"""Comparator files as councils download them: revision marks and multi-year spans, rows of
England and regions, a row that cannot be read, a fresh install, and figures to 12 places."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from goldenthread.benchmarking import lgbf, services
from goldenthread.benchmarking.models import Authority, ComparatorValue, Measure
from goldenthread.benchmarking.tables import PublishedYear, published_year

pytestmark = pytest.mark.django_db

HEADER = "measure,authority,year,value,numerator,denominator\n"
LGBF = Path("/work/shared/data/lgbf")


@pytest.fixture
def adur_and_arun() -> None:
    for gss, name in (("E07000223", "Adur"), ("E07000224", "Arun")):
        Authority.objects.create(gss_code=gss, name=f"{name} District Council", short_name=name)
    Measure.objects.create(source="LG Inform", code="RECYC", title="Recycling", polarity="higher")


def _import(tmp_path: Path, text: str, **options: object) -> services.Report:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + text)
    return services.comparators_import(path, actor=None, dry_run=False, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "read"),
    [
        ("2025 (Rev)", PublishedYear(2025, None, "Rev")),
        ("2025 (prov)", PublishedYear(2025, None, "prov")),
        ("2024-25 (r)", PublishedYear(2024, None, "r")),
        ("2020-22", PublishedYear(2021, 2020, "")),
        ("2021/22-23/24", PublishedYear(2023, 2021, "")),
        ("2019-23", PublishedYear(2022, 2019, "")),
        ("2023/24", PublishedYear(2023, None, "")),
    ],
)
def test_year_labels_as_published_are_read_with_their_mark_and_span(
    label: str, read: PublishedYear
) -> None:
    assert published_year(label) == read


def test_a_marked_year_and_a_span_are_stored_with_the_published_label(
    adur_and_arun: None, tmp_path: Path
) -> None:
    report = _import(tmp_path, "RECYC,Adur,2025 (Rev),41.5,,\nRECYC,Arun,2021/22-23/24,40,,\n")
    assert report.ok, report.problems
    rows = ComparatorValue.objects.order_by("authority__short_name")
    assert [(v.year, v.span_start, v.mark, v.period_label) for v in rows] == [
        (2025, None, "Rev", "2025 (Rev)"),
        (2023, 2021, "", "2021/22-23/24"),
    ]


def test_the_mapping_skips_england_and_regions_and_maps_names_to_codes(
    adur_and_arun: None, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        "kind,source,ours\n"
        "authority,England,skip\nauthority,South East,SKIP\nauthority,Adur DC,E07000223\n"
    )
    report = _import(
        tmp_path,
        "RECYC,England,2023,44,,\nRECYC,South East,2023,45,,\nRECYC,Adur DC,2023,41,,\n",
        mapping=mapping,
    )
    assert report.ok, report.problems
    assert report.created == 1
    assert "2 rows skipped by the mapping: England (1), South East (1)" in report.notes


def test_skip_unreadable_leaves_out_the_rows_it_lists_and_imports_the_rest(
    adur_and_arun: None, tmp_path: Path
) -> None:
    text = "RECYC,Adur,2019 Q3,41,,\nRECYC,Arun,2023,ten,,\nRECYC,Adur,2023,41,,\n"
    refused = _import(tmp_path, text)
    assert not refused.ok and not ComparatorValue.objects.exists()
    assert any("--skip-unreadable" in p.message for p in refused.problems)
    report = _import(tmp_path, text, skip_unreadable=True)
    assert report.ok, report.problems
    assert (report.created, report.skipped) == (1, 2)
    listed = "\n".join(report.notes)
    assert "row 2 year: “2019 Q3” is not a year" in listed
    assert "row 3 value: “ten” is not a number" in listed


def test_a_fresh_install_is_told_once_to_import_authorities_first(tmp_path: Path) -> None:
    for report in (
        _import(tmp_path, "RECYC,Adur,2023,41,,\nRECYC,Arun,2023,40,,\n"),
        lgbf.lgbf_import(LGBF, actor=None, dry_run=False),
    ):
        assert [p.message for p in report.problems] == [services.NO_AUTHORITIES]
        assert "goldenthread import authorities FILE" in services.NO_AUTHORITIES


def test_reimporting_values_to_12_places_changes_nothing(
    adur_and_arun: None, tmp_path: Path
) -> None:
    text = (
        "RECYC,Adur,2023,41.123456789012,830.123456789012,1922292.123456789\n"
        "RECYC,Arun,2023 (prov),0.000000000001,1,3\n"
    )
    first = _import(tmp_path, text)
    assert first.ok and first.created == 2
    assert ComparatorValue.objects.get(authority__short_name="Adur").value == Decimal(
        "41.123456789012"
    )
    again = _import(tmp_path, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_reimporting_the_lgbf_changes_nothing_and_prints_the_check_each_time(
    tmp_path: Path,
) -> None:
    services.authorities_import(
        Path("/work/shared/data/uk_local_authorities.csv"), actor=None, dry_run=False
    )
    call_command("import", "lgbf", str(LGBF), "--no-progress", stdout=StringIO())
    out = StringIO()
    call_command("import", "lgbf", str(LGBF), "--no-progress", stdout=out)
    assert "Created 0, updated 0, unchanged 35,466" in out.getvalue()
    assert "Scotland values: 481 of 538 code-years" in out.getvalue()
