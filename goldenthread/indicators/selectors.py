"""Reads of indicators that the apps above them share: which figures count as signed off,
who a page is for, periods indexed for finding the previous and last year's, and the audit
trail. The scorecard and indicator pages themselves are ``goldenthread.scorecard``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator, Period

# The scorecard and the indicator page show only figures someone has checked: approved or
# published returns (docs/adr/0005-data-collection.md). Drafts and submissions wait in
# the returns pages until they are approved.
SIGNED_OFF = tuple(Actual.LOCKED_STATES)


@dataclass(frozen=True)
class Audience:
    """Who a scorecard or indicator page is for: which indicators and which figures it shows.

    Staff see the signed-off figures of key indicators; the public (``goldenthread.public``)
    only the published figures of indicators flagged public. Approved is not enough for the
    public: a figure is published when its period is signed off.
    """

    states: tuple[str, ...]
    indicators: Q
    # The figures that decide which quarter the scorecard opens on (a filter on actuals).
    dated_by: Q
    benchmarks: bool = True


STAFF = Audience(SIGNED_OFF, Q(is_key=True), dated_by=Q())
PUBLIC = Audience(
    (Actual.State.PUBLISHED,),
    Q(is_public=True),
    dated_by=Q(indicator__is_public=True),
    benchmarks=False,
)


class PeriodIndex:
    """All periods, indexed by kind, for finding previous, last-year and trailing periods."""

    def __init__(self, all_periods: Iterable[Period]):
        self.by_kind: dict[str, list[Period]] = defaultdict(list)
        self.by_key: dict[tuple[str, int, int], Period] = {}
        for period in all_periods:
            self.by_kind[period.kind].append(period)
            self.by_key[(period.kind, period.reporting_year, period.sequence)] = period
        for kind_periods in self.by_kind.values():
            kind_periods.sort(key=lambda p: p.start)
        self.position = {
            p.pk: i for kind_periods in self.by_kind.values() for i, p in enumerate(kind_periods)
        }

    def latest_ending_by(self, kind: str, end: date) -> Period | None:
        """The latest period of ``kind`` that has ended by ``end``."""
        candidates = [p for p in self.by_kind.get(kind, []) if p.end <= end]
        return candidates[-1] if candidates else None

    def trailing(self, period: Period, count: int) -> list[Period]:
        """``count`` periods of the same kind ending with ``period``."""
        index = self.position[period.pk]
        return self.by_kind[period.kind][max(0, index - count + 1) : index + 1]

    def previous(self, period: Period) -> Period | None:
        index = self.position[period.pk]
        return self.by_kind[period.kind][index - 1] if index > 0 else None

    def last_year(self, period: Period) -> Period | None:
        return self.by_key.get((period.kind, period.reporting_year - 1, period.sequence))


def latest_quarter_with_data(index: PeriodIndex, audience: Audience = STAFF) -> Period | None:
    """The latest quarter that has ended by the last period with a figure the audience sees."""
    shown = Actual.objects.filter(audience.dated_by, state__in=audience.states)
    last_end = shown.aggregate(last=Max("period__end"))["last"]
    if last_end is None:
        return None
    return index.latest_ending_by("quarter", last_end)


HISTORY_ON_PAGE = 50


ACTUAL_MODEL = Actual._meta.label_lower


def history(
    *, indicator: Indicator, limit: int | None = None, unchecked: bool = True
) -> list[AuditEntry]:
    """The audit trail of an indicator's definition, targets and values, newest first: one
    query. Each entry's actor comes with it.

    ``unchecked=False`` (``access.sees_unchecked`` says who) leaves out every change to a
    return that left it unchecked — a draft, a submission, a return sent back, a refused
    save — so only what happened once it was approved or published is shown.
    """
    entries = AuditEntry.objects.filter(scope=indicator.audit_scope).select_related("actor")
    if unchecked:
        return list(entries[:limit] if limit else entries)
    shown = checked_only(entries.order_by("at", "id"))
    shown.reverse()
    return shown[:limit] if limit else shown


def checked_only(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries (oldest first) that leave their return approved or published, and every
    entry that is not about a return. A return's state after an entry is the last state
    change seen, so the entries must come oldest first and include all of the return's."""
    state_of: dict[str, str] = {}
    shown = []
    for entry in entries:
        if entry.model != ACTUAL_MODEL:
            shown.append(entry)
            continue
        change = (entry.changes or {}).get("state")
        if (
            isinstance(change, list)
            and len(change) == 2
            and entry.action != AuditEntry.Action.REFUSED
        ):
            state_of[entry.object_id] = change[1]
        if (
            entry.action != AuditEntry.Action.REFUSED
            and state_of.get(entry.object_id) in SIGNED_OFF
        ):
            shown.append(entry)
    return shown
