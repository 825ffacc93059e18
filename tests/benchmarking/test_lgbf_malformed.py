"""The LGBF import read its three files assuming they were the Improvement Service's own: a
file that was not UTF-8, that lacked a column, or had a row short of cells raised (found by
tests/imports/test_fuzz.py). Now each is a problem naming the file or the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenthread.benchmarking import lgbf
from goldenthread.benchmarking.models import Authority, Measure
from goldenthread.imports.registry import REGISTRY, Report

pytestmark = pytest.mark.django_db

INFO = (
    "Title,Code,ReportingPeriod,MeasureType,NumberFormat,FamilyGrouping,Ranking_Type\n"
    "Net cost of waste,ENV01a,Annual,Cost,'£ '0,Environment,Ascending\n"
)
FAMILIES = "Family_Group,Local_Authority,Type\nFamily Group 1,Aberdeen City,Environment\n"
VALUES = (
    ",Code,LocalAuthority,Year,LA_IndicatorReal,LA_Numerator_real,LA_Den_Real,FamilyGroup\n"
    "0,ENV01a,Aberdeen City,2023-24,41.5,415,10,Family Group 1\n"
)


@pytest.fixture(autouse=True)
def aberdeen() -> None:
    Authority.objects.create(
        gss_code="S12000033", name="Aberdeen City", short_name="Aberdeen", kind="SCO"
    )


def run(folder: Path, **files: bytes) -> Report:
    texts = {
        "indicator_information.csv": INFO.encode(),
        "family_groups.csv": FAMILIES.encode(),
        "lgbf_values.csv": VALUES.encode(),
    }
    for name, data in {**texts, **{k.replace("_csv", ".csv"): v for k, v in files.items()}}.items():
        (folder / name).write_bytes(data)
    return REGISTRY["lgbf"].run(folder, actor=None, dry_run=True, progress=None, options={})


def test_files_without_the_published_aggregates_are_read_and_not_reconciled(
    tmp_path: Path,
) -> None:
    report = run(tmp_path)
    assert report.ok, [str(p) for p in report.problems]
    assert any("were not checked" in note for note in report.notes)


def test_a_file_that_is_not_utf8_is_one_problem_naming_it(tmp_path: Path) -> None:
    report = run(tmp_path, lgbf_values_csv=b"\x80\x81" + VALUES.encode())
    assert [str(p) for p in report.problems] == [
        "lgbf_values.csv is not UTF-8 text (byte 1): save it as CSV UTF-8"
    ]
    assert not Measure.objects.exists()


def test_a_file_without_a_column_is_one_problem_naming_it_and_the_column(tmp_path: Path) -> None:
    report = run(tmp_path, family_groups_csv=b"Family_Group,Type\nFamily Group 1,Environment\n")
    assert [str(p) for p in report.problems] == ["family_groups.csv has no column Local_Authority"]


def test_a_row_short_of_cells_is_a_row_problem_not_an_exception(tmp_path: Path) -> None:
    report = run(tmp_path, family_groups_csv=b"Family_Group,Local_Authority,Type\nFamily Group 1\n")
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "Local_Authority"),
        (2, "LocalAuthority"),  # the values row's council is then not one of the families'
    ]


def test_a_multiplier_that_is_not_a_number_is_a_row_problem(tmp_path: Path) -> None:
    info = INFO.replace("Ranking_Type\n", "Ranking_Type,Numerator_Multipier\n").replace(
        "Ascending\n", "Ascending,yes\n"
    )
    report = run(tmp_path, indicator_information_csv=info.encode())
    assert [(p.row, p.message) for p in report.problems][:1] == [
        (2, "Indicator information: “yes” is not a number")
    ]


def test_the_columns_checked_are_the_ones_the_import_reads() -> None:
    assert set(lgbf.COLUMNS) == set(lgbf.FILES)
