"""Reads for "My work": everything a person owes, gathered from every part, by due date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest

from goldenthread import access
from goldenthread.core.clock import today as clock_today
from goldenthread.core.models import AuditEntry
from goldenthread.core.work import WorkItem
from goldenthread.mywork.sources import SOURCES, Source
from goldenthread.organisation.models import Person
from goldenthread.returns.selectors import RETURNS_TO_APPROVE


def _order(item: WorkItem) -> tuple[bool, date, str]:
    return (item.due is None, item.due or date.max, item.title)


def work_items(person: Person, today: date, sources: Iterable[Source] = SOURCES) -> list[WorkItem]:
    """Everything ``person`` owes, soonest due first (work with no date last): a fixed number
    of queries, the sum of the sources'."""
    items = [item for source in sources for item in source(person, today)]
    return sorted(items, key=_order)


@dataclass
class WorkGroup:
    kind: str
    items: list[WorkItem]

    def overdue(self, today: date) -> int:
        return sum(item.is_overdue(today) for item in self.items)


def grouped(items: Sequence[WorkItem]) -> list[WorkGroup]:
    """The items by kind, keeping their order; the kind with the soonest work first."""
    groups: dict[str, WorkGroup] = {}
    for item in items:  # already sorted: each group's first item is its soonest
        groups.setdefault(item.kind, WorkGroup(item.kind, [])).items.append(item)
    return list(groups.values())


_CACHE = "_goldenthread_work_items"


def for_request(request: HttpRequest) -> list[WorkItem]:
    """The signed-in person's work, worked out once per request (the page and the navigation
    counts share it)."""
    cached = getattr(request, _CACHE, None)
    if cached is None:
        person = access.person_of(request.user)
        cached = work_items(person, clock_today()) if person is not None else []
        setattr(request, _CACHE, cached)
    return list(cached)


@dataclass(frozen=True)
class NavCounts:
    total: int
    approvals: int


def _counts(items: Sequence[WorkItem]) -> NavCounts:
    return NavCounts(
        total=len(items), approvals=sum(item.kind == RETURNS_TO_APPROVE for item in items)
    )


# Counts kept at most this long even if nothing is written (a bound on any missed change).
COUNTS_SECONDS = 300


def nav_counts(request: HttpRequest) -> NavCounts:
    """The navigation's counts: one query on most pages. Every change to anyone's work is
    audited, so the counts are kept per person under the newest audit entry's id and today,
    and worked out again (``for_request``) when either has moved on. (An entry committed
    after a later-numbered one could be missed until the next write or ``COUNTS_SECONDS``;
    My work itself is always read afresh.)"""
    newest = AuditEntry.objects.aggregate(newest=Max("id"))["newest"]
    stamp = f"{newest}|{clock_today().isoformat()}"
    key = f"gt:work-counts:{request.user.pk}"
    kept = cache.get(key)
    if getattr(request, _CACHE, None) is None and kept is not None and kept[0] == stamp:
        return NavCounts(*kept[1])
    counts = _counts(for_request(request))
    cache.set(key, (stamp, (counts.total, counts.approvals)), COUNTS_SECONDS)
    return counts
