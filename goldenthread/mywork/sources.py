"""Where "My work" finds each person's work: one selector per part, each
``work_items(person, today) -> list[WorkItem]`` (``goldenthread.core.work``) reading a fixed
number of queries. Adding a part's work to the page is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from goldenthread.core.work import WorkItem
from goldenthread.improvement import selectors as improvement
from goldenthread.indicators import selectors as indicators
from goldenthread.organisation.models import Person
from goldenthread.plans import selectors as plans
from goldenthread.queries import selectors as queries
from goldenthread.returns import selectors as returns

Source = Callable[[Person, date], list[WorkItem]]

SOURCES: tuple[Source, ...] = (
    returns.work_items,  # returns to enter, to approve, and late returns (the team)
    queries.work_items,  # queries to answer
    plans.appraisal_work_items,  # appraisals to record
    plans.work_items,  # milestones due soon or overdue
    improvement.work_items,  # action progress due, overdue actions, new dates to decide
    improvement.risk_work_items,  # risk reviews due or overdue
    indicators.work_items,  # proposals to decide (the team), and decisions on one's own
)
