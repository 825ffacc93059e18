"""Reading CSV and XLSX: encodings, separators, formulas' saved values, dates, blank rows."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from goldenthread.imports.readers import CellError, Table, read_table
from goldenthread.imports.registry import Problem
from tests.imports.conftest import csv_bytes, write_xlsx

ROWS = [["Indicator", "Period", "Commentary"], ["BV 8", "2025-26-Q1", "£12 – up"]]


def table(path: Path) -> Table:
    result = read_table(path)
    assert isinstance(result, Table), result
    return result


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_reads_utf8_with_or_without_bom_and_windows_1252(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(ROWS, encoding=encoding))
    read = table(path)
    assert read.header == ["Indicator", "Period", "Commentary"]
    assert read.rows[0].cells == ["BV 8", "2025-26-Q1", "£12 – up"]
    assert read.rows[0].number == 2


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_separator_is_taken_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(ROWS, delimiter=delimiter))
    assert table(path).rows[0].cells[2] == "£12 – up"


def test_csv_blank_rows_are_skipped_but_keep_their_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([ROWS[0], ["", " ", ""], [], ROWS[1]]))
    read = table(path)
    assert [row.number for row in read.rows] == [4]


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"Indicator,Period\r\nBV 8,\x81\x8d\x90\r\n")
    result = read_table(path)
    assert isinstance(result, Problem)
    assert "not readable text" in result.message


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("in.csv", b"\x00\x01\x02binary", "binary data"),
        ("in.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        ("in.xlsx", b"PK\x03\x04 truncated", "not a valid XLSX"),
        ("in.pdf", b"%PDF-1.4", "not a CSV or XLSX"),
        ("in.csv", b"", "is empty"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_one_problem(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = read_table(path)
    assert isinstance(result, Problem)
    assert reason in result.message
    assert result.row is None


def test_a_zip_that_is_not_a_workbook_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    result = read_table(path)
    assert isinstance(result, Problem)
    assert "could not be read as an XLSX file" in result.message


def test_xlsx_formulas_give_their_saved_values(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "in.xlsx",
        [["indicator", "value", "double"], ["BV 8", 12.5, "=B2*2"], ["BV 9", 1, "=1/0"]],
        cached={"C2": "25", "C3": "#DIV/0!"},
    )
    read = table(path)
    assert read.rows[0].cells == ["BV 8", 12.5, 25]
    error = read.rows[1].cells[2]
    assert isinstance(error, CellError)
    assert "#DIV/0!" in error.message


def test_a_formula_with_no_saved_value_is_a_cell_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "in.xlsx", [["indicator", "value"], ["BV 8", "=SUM(1,2)"]])
    cell = table(path).rows[0].cells[1]
    assert isinstance(cell, CellError)
    assert "has no saved value" in cell.message


def test_xlsx_dates_percentages_blank_rows_and_extra_columns(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "Period", "Value", "Notes to self"])
    sheet.append(["BV 8", date(2025, 5, 1), 0.93, "x"])
    sheet["C2"].number_format = "0%"
    sheet.append([])
    sheet.append([None, None, None])
    sheet.append(["BV 8", 45870, 12, None])  # a date pasted as a number
    workbook.save(tmp_path / "in.xlsx")
    read = table(tmp_path / "in.xlsx")
    assert read.header == ["Indicator", "Period", "Value", "Notes to self"]
    assert [row.number for row in read.rows] == [2, 5]
    assert read.rows[0].cells[1] == datetime(2025, 5, 1)
    assert read.rows[0].cells[2] == Decimal("93")
    assert read.rows[1].cells[1] == 45870
