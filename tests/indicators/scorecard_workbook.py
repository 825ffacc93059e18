"""A council's scorecard workbook as councils keep one, built with openpyxl for the tests.

Title rows over the header (the title merged across), a section heading, "Q1 2024/25"
headers and a "Qtr 2" one whose year comes from the title, fill colours and RAG words, a
text target ("263.2 per 100,000"), a footnote mark ("18.5*"), "n/a" and "TBC" cells, a hidden
row and a blank separator row. ``DISAGREEMENTS`` are the cells whose colour our rules do not
give, each with the reason built into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill

RED, AMBER, GREEN = "FFC7CE", "FFEB9C", "C6EFCE"
HEADER = [
    "Ref",
    "Indicator",
    "Service",
    "Owner",
    "Good is",
    "Unit",
    "Annual target",
    "Quarterly target",
    "2023/24 outturn",
    "Q1 2024/25",
    "Qtr 2",
    "Q2 RAG",
    "Comments",
]
# (row values, {column letter: fill}) for each row under the header, from row 5.
ROWS: list[tuple[list[Any], dict[str, str]]] = [
    (["Place"], {}),  # a section heading, merged across
    (
        [
            "W1",
            "Household waste recycled",
            "waste",
            "performance",
            "Higher is better",
            "%",
            45,
            45,
            41,
            46,
            44,
            "Amber",
            "",
        ],
        {"J": GREEN},
    ),
    (
        [
            "W2",
            "Missed bins",
            "waste",
            "",
            "Low",
            "",
            "263.2 per 100,000",
            65,
            "n/a",
            60,
            70,
            "Amber",
            "Target in a text cell",
        ],
        {"J": GREEN},
    ),
    (
        ["W3", "A hidden indicator", "waste", "", "High", "", 1, 1, 1, 1, 1, "", ""],
        {},
    ),
    ([], {}),  # a blank separator row
    (
        [
            "C1",
            "Days to process benefit claims",
            "waste",
            "",
            "↓",
            "days",
            20,
            20,
            22,
            "18.5*",
            25,
            "Green",
            "Footnote: provisional",
        ],
        {"J": GREEN},
    ),
    (
        [
            "C2",
            "Complaints answered in time",
            "waste",
            "",
            "↑",
            "%",
            90,
            90,
            "TBC",
            92,
            0,
            "Amber",
            "",
        ],
        {"J": GREEN},
    ),
    (
        [
            "E1",
            "Business rates collected",
            "waste",
            "",
            "Higher",
            "£",
            None,
            None,
            1000,
            1200,
            1300,
            "",
            "",
        ],
        {"J": GREEN},
    ),
]
HIDDEN_ROW = 8
# (cell, code, the workbook's RAG, ours, the reason's first word)
DISAGREEMENTS = [
    ("Scorecard!K7", "W2", "amber", "red", "Tolerance"),
    ("Scorecard!K10", "C1", "green", "red", "Polarity"),
    ("Scorecard!K11", "C2", "amber", "red", "A zero"),
    ("Scorecard!J12", "E1", "green", "not_rated", "No target"),
]


def build(
    path: Path,
    *,
    rows: list[tuple[list[Any], dict[str, str]]] | None = None,
    header: list[str] | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Scorecard"
    sheet["A1"] = "Corporate Performance Scorecard 2024/25"
    sheet.merge_cells("A1:M1")
    sheet["A2"] = "Quarter 2 report to Cabinet"
    sheet.append([])
    sheet.append(header or HEADER)
    for number, (values, fills) in enumerate(rows if rows is not None else ROWS, start=5):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
        for name, colour in fills.items():
            sheet[f"{name}{number}"].fill = PatternFill("solid", fgColor=colour)
    if rows is None:
        sheet.merge_cells("A5:M5")
        sheet.row_dimensions[HIDDEN_ROW].hidden = True
    workbook.save(path)
    return path
