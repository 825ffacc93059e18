"""A constructed action plan in the shape of docs/sources.md#seed-003: 14 recommendations, 50
actions."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from goldenthread.documents import Sheet, write_xlsx
from goldenthread.improvement.transfer import COLUMNS

# The order docs/sources.md#seed-003 lists them in, and how many actions each has (50 in all).
ORDER = [5, 1, 6, 8, 2, 3, 4, 7, 9, 10, 11, 12, 13, 14]
ACTIONS = {5: 2, 1: 9, 6: 3, 8: 2, 2: 5, 3: 6, 4: 4, 7: 1, 9: 3, 10: 5, 11: 1, 12: 5, 13: 2, 14: 2}
TIMESCALES = [
    "30 January 2007",
    "End February 2007",
    "Ongoing",
    "Discussions to be completed by June 2007 and the detailed implementation plan in place "
    "by December 2007, with a view to the new arrangements operating from 1 April 2008",
    "From 1 April 2007",
    "September 2007 / October 2007",
    "At least monthly",
    "As for Recc. 1",
    "Before end March 2007",
    "To be discussed with the Head of Communications during 2007",
]
LEADS = [
    "JJ, TG",
    "NP",
    "JJ, TG, SR, DP, transformation board chairs, heads of service",
    "",
    "DJ, directors and heads of services",
    "TG, RB, SMT",
    "Directors and the Head of HR",
    "AMc",
]
STATUSES = ["Not started", "On track", "At risk", "Delayed", "Complete", "Cancelled"]
KEY = [
    ("AMc", "Alan Mclaughlin", "Head of Legal & Democratic Services"),
    ("DJ", "David Johnson", "Head of Human Resources"),
    ("DP", "David Powell", "Head of Financial Services"),
    ("JJ", "Jane Jones", "Director of Corporate and Customer Services"),
    ("NP", "Neil Pringle", "Chief Executive"),
    ("RB", "Robert Blower", "Head of Communications"),
    ("SMT", "Senior Management Team", ""),
    ("SR", "Sonia Rees", "Director of Resources"),
    ("TG", "Tony Geeson", "Head of Policy and Performance"),
]


def row(**values: Any) -> list[Any]:
    return [values.get(c.lower(), "") for c in COLUMNS]


def plan_rows(ref: str = "audit-2007") -> list[list[Any]]:
    rows = [list(COLUMNS)]
    rows.append(
        row(
            record="plan",
            reference=ref,
            kind="Inspection or audit response",
            text="Managing performance management: action plan to respond to the Audit Commission",
            detail="Approved January 2007 Audit & Corporate Governance Committee",
        )
    )
    rows += [row(record="key", reference=i, text=n, detail=r) for i, n, r in KEY]
    counter = 0
    for number in ORDER:
        rows.append(
            row(
                record="recommendation",
                recommendation=number,
                text=f"Recommendation {number}: ensure performance is managed, part {number}",
                detail=f"a) The council accepts recommendation {number}.\n"
                f"b) It will act through the Transformation Programme (response {number}).",
            )
        )
        for index in range(ACTIONS[number]):
            letter = "" if ACTIONS[number] == 1 else "abcdefghij"[index]
            rows.append(
                row(
                    record="action",
                    recommendation=number,
                    action=letter,
                    text=f"Action {number}{letter or '-'}: carry out step {index + 1} "
                    f"(with “quotes”, commas, and a second line)\nsecond line {counter}",
                    timescale=TIMESCALES[counter % len(TIMESCALES)],
                    leads=LEADS[counter % len(LEADS)],
                    status=STATUSES[counter % len(STATUSES)],
                )
            )
            counter += 1
        rows.append(
            row(
                record="progress",
                recommendation=number,
                text=f"Overall progress with R{number}: discussed at CMB.",
                date="2007-06-15",
                by="TG",
            )
        )
        rows.append(
            row(
                record="progress",
                recommendation=number,
                action="" if ACTIONS[number] == 1 else "a",
                text=f"Done for R{number}; next step agreed.",
                status="On track",
                date="2007-06-20",
                by="Policy and Performance",
            )
        )
    return rows


def write_plan(path: Path, rows: list[list[Any]] | None = None) -> Path:
    rows = plan_rows() if rows is None else rows
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        write_xlsx([Sheet("Action plan", rows, {0})], path)
    return path
