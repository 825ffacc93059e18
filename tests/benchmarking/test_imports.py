"""The importers on the real files (mySociety's authorities, the LGBF) and on bad input."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.benchmarking import lgbf, services
from goldenthread.benchmarking.models import (
    Authority,
    ComparatorGroup,
    ComparatorValue,
    Measure,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
AUTHORITIES = DATA / "uk_local_authorities.csv"
LGBF = DATA / "lgbf"


@pytest.fixture
def authorities() -> None:
    report = services.authorities_import(AUTHORITIES, actor=None, dry_run=False)
    assert report.ok, report.problems


def test_authorities_import_keeps_ended_authorities_marked_as_ended(authorities: None) -> None:
    assert Authority.objects.count() == 445  # 470 rows, 25 without a GSS code
    ended = Authority.objects.filter(end_date__isnull=False)
    assert ended.exists()
    adur = Authority.objects.get(gss_code="E07000223")
    assert (adur.kind, adur.region, adur.has_ended) == ("NMD", "South East", False)
    again = services.authorities_import(AUTHORITIES, actor=None, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 445)


def test_a_bad_authorities_file_writes_nothing_and_names_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "gss-code,official-name,nice-name,local-authority-type,start-date\n"
        "E07000223,Adur District Council,Adur,NMD,\n"
        "E0700022,Short Code Council,Short,NMD,\n"
        "E07000224,Arun District Council,Arun,NMD,yesterday\n"
    )
    report = services.authorities_import(path, actor=None, dry_run=False)
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "gss-code"),
        (4, "start-date"),
    ]
    assert not Authority.objects.exists()


def test_comparators_import_maps_names_and_reports_what_it_cannot_match(
    authorities: None, tmp_path: Path
) -> None:
    Measure.objects.create(source="LG Inform", code="RECYC", title="Recycling", polarity="higher")
    path = tmp_path / "values.csv"
    path.write_text(
        "measure,authority,year,value,numerator,denominator\n"
        "RECYC,Adur,2023/24,41.5,415,1000\n"
        "RECYC,E07000224,2023/24,x,,\n"
        "RECYC,Nowhere Borough,2023/24,30,,\n"
        "RECYC,Ashford Borough Council,2023-24,ten,,\n"
        "NOPE,Adur,2023,1,,\n"
    )
    report = services.comparators_import(path, actor=None, dry_run=False)
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {(4, "authority"), (5, "value"), (6, "measure"), (None, None)}
    assert any("--skip-unreadable" in p.message for p in report.problems)
    assert not ComparatorValue.objects.exists()

    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        "kind,source,ours\nauthority,Nowhere Borough,E07000225\nmeasure,NOPE,RECYC\n"
    )
    path.write_text(
        "measure,authority,year,value,numerator,denominator\n"
        "RECYC,Adur,2023/24,41.5,415,1000\n"
        "RECYC,E07000224,2023/24,x,,\n"
        "RECYC,Nowhere Borough,2023/24,30,,\n"
        "NOPE,Arun District Council,2022,40,,\n"
    )
    report = services.comparators_import(path, actor=None, dry_run=False, mapping=mapping)
    assert report.ok, report.problems
    assert report.created == 3
    assert set(ComparatorValue.objects.values_list("year", flat=True)) == {2022, 2023}


def test_lgbf_import_loads_every_indicator_and_council_and_reports_the_check(
    authorities: None,
) -> None:
    out = StringIO()
    call_command("import", "lgbf", str(LGBF), "--no-progress", stdout=out)
    assert Measure.objects.filter(source="LGBF").count() == 108
    councils = ComparatorValue.objects.values("authority").distinct().count()
    assert councils == 32
    club = ComparatorGroup.objects.get(name=lgbf.CLUB)
    assert club.memberships.count() == 32
    assert ComparatorGroup.objects.filter(kind="family").count() == 8
    assert ComparatorValue.objects.count() == 35_466  # every row with a council value
    waste = Measure.objects.get(source="LGBF", code="ENV01a")
    assert waste.polarity == "lower"  # Ascending: lower is better
    check = lgbf.reconcile(LGBF)
    assert check.scotland["match"] == 481
    assert check.family["match"] == 4510
    printed = out.getvalue()  # a real run, not a dry run, prints the check
    assert "Scotland values: 481 of 538 code-years where every council gives" in printed


def test_lgbf_refuses_a_directory_without_its_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command(
            "import", "lgbf", str(tmp_path), "--no-progress", stdout=StringIO(), stderr=StringIO()
        )


def test_windows_1252_csv_and_unreadable_files(tmp_path: Path) -> None:
    """The benchmarking importers read files with the shared readers: Excel's ANSI CSV
    works, and a file that is not a table is one clear problem, never an exception."""
    path = tmp_path / "authorities.csv"
    path.write_bytes(
        "gss-code,official-name,nice-name,local-authority-type,start-date,end-date\n"
        "W06000001,Isle of Anglesey County Council,Ynys Môn,UA,,\n".encode("cp1252")
    )
    report = services.authorities_import(path, actor=None, dry_run=False)
    assert report.ok, report.problems
    assert Authority.objects.get(gss_code="W06000001").name.startswith("Isle of Anglesey")
    junk = tmp_path / "values.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    for run in (services.authorities_import, services.groups_import):
        refused = run(junk, actor=None, dry_run=False)
        assert not refused.ok and refused.problems[0].row is None
    refused = services.comparators_import(junk, actor=None, dry_run=False, source="LG Inform")
    assert len(refused.problems) == 1 and "values.xlsx" in refused.problems[0].message
