"""One item of a person's own work, as each part reports it for the "My work" page.

Each part that gives people work (returns, actions, milestones, risk reviews, appraisals,
queries, proposals) offers a selector ``work_items(person, today) -> list[WorkItem]`` reading a
fixed number of queries; the "My work" page gathers them and sorts them by due date. The type
lives here, at the bottom of the layers, so every part can build items without importing the
page that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WorkItem:
    kind: str  # what sort of work, as a heading: "Returns to enter", "Risk reviews due"
    title: str  # what it is: the indicator, action, risk or milestone's name
    url: str  # where the person does it
    due: date | None  # when it is due; None for work with no date (sorted last)
    state: str = ""  # a few words: "Overdue 3 days", "Due in 5 days", "Returned"
    detail: str = ""  # optional context: the period, the plan, the register

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today
