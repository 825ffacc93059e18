"""The one status of an action, worked out from its progress, due date and completion.

Pure Python (no Django, no I/O): every page, export and document that shows an action's
status asks ``action_status``, so an action can never show two statuses at once (the old
pages showed the lead's last reported "On track" beside a separate "Overdue" tag).

The rule, first match wins:

1. closed without being done (cancelled, merged into another action) → **Cancelled**;
2. done (a completion date, or the lead reported it complete) → **Complete**;
3. past its due date → **Overdue**, whatever the lead last reported;
4. the lead's latest report of **At risk** or **Delayed** stands;
5. nothing reported and nothing done yet (no progress, 0% complete) → **Not started**;
6. otherwise → **On track**.

Progress is due monthly (docs/sources.md#seed-003: "progress reported monthly"):
``progress_due`` is the date the next update is owed.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

__all__ = [
    "PROGRESS_EVERY_MONTHS",
    "Shown",
    "action_status",
    "next_progress_due",
]

# Leads report progress monthly.
PROGRESS_EVERY_MONTHS = 1


class Shown(StrEnum):
    """The status shown for an action: exactly one of these."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DELAYED = "delayed"
    OVERDUE = "overdue"
    COMPLETE = "complete"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def tag(self) -> str:
        """The GOV.UK tag class for the status colour."""
        return _TAGS[self]

    @property
    def closed(self) -> bool:
        return self in (Shown.COMPLETE, Shown.CANCELLED)


_LABELS = {
    Shown.NOT_STARTED: "Not started",
    Shown.ON_TRACK: "On track",
    Shown.AT_RISK: "At risk",
    Shown.DELAYED: "Delayed",
    Shown.OVERDUE: "Overdue",
    Shown.COMPLETE: "Complete",
    Shown.CANCELLED: "Cancelled",
}
_TAGS = {
    Shown.NOT_STARTED: "govuk-tag--grey",
    Shown.ON_TRACK: "govuk-tag--green",
    Shown.AT_RISK: "govuk-tag--yellow",
    Shown.DELAYED: "govuk-tag--orange",
    Shown.OVERDUE: "govuk-tag--red",
    Shown.COMPLETE: "govuk-tag--blue",
    Shown.CANCELLED: "govuk-tag--grey",
}


def action_status(
    *,
    reported: str,
    due: date | None,
    today: date,
    completed_on: date | None = None,
    cancelled: bool = False,
    percent_complete: int = 0,
) -> Shown:
    """The action's one status on ``today`` (see the module's rule)."""
    if cancelled or reported == Shown.CANCELLED:
        return Shown.CANCELLED
    if completed_on is not None or reported == Shown.COMPLETE:
        return Shown.COMPLETE
    if due is not None and due < today:
        return Shown.OVERDUE
    if reported in (Shown.AT_RISK, Shown.DELAYED):
        return Shown(reported)
    if reported in ("", Shown.NOT_STARTED) and percent_complete <= 0:
        return Shown.NOT_STARTED
    return Shown.ON_TRACK


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_progress_due(*, last_progress: date | None, started: date | None) -> date | None:
    """When the lead's next monthly update is owed: a month after the latest update, else a
    month after the action started; None when neither is known."""
    base = last_progress or started
    return None if base is None else _add_months(base, PROGRESS_EVERY_MONTHS)
