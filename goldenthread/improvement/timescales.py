"""Read the date an action's timescale means from the words written, as in docs/sources.md#seed-003.

"30 January 2007" is that day; "March 2007" and "End February 2007" the month's last day;
"From 1 April 2007" and "Beginning May 2007" the day or month's first day; "during 2007" the
year's end. Where several dates are written ("by June 2007 ... by December 2007 ... from
1 April 2008", "September 2007 / October 2007") the last of them is the deadline. Words with
no date ("Ongoing", "Immediately", "At least monthly", "As for Recc. 1") give None: the action
has no due date and cannot be overdue.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?P<start>\b(?:from|beginning|start of|early)\s+)?"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?"
    rf"(?:(?P<month>{_MONTH})\.?,?\s+)?"
    rf"(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def due_from_timescale(text: str) -> date | None:
    """The latest date the timescale names, or None when it names none."""
    found: list[date] = []
    for match in _PATTERN.finditer(text or ""):
        year = int(match["year"])
        month_name = match["month"]
        starts = bool(match["start"])
        if month_name is None:
            if match["day"]:
                continue  # "18 2007" is not a date
            found.append(date(year, 1, 1) if starts else date(year, 12, 31))
            continue
        month = MONTHS[month_name.lower()]
        last = calendar.monthrange(year, month)[1]
        if match["day"]:
            day = int(match["day"])
            if not 1 <= day <= last:
                continue
            found.append(date(year, month, day))
        else:
            found.append(date(year, month, 1 if starts else last))
    return max(found) if found else None
