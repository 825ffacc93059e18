"""How the restart test decides an acknowledged save was lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from goldenthread.bench.faults import Writes, lost_writes
from goldenthread.bench.load import Target
from goldenthread.core.models import AuditEntry
from goldenthread.demo.builder import build_council
from goldenthread.indicators.models import Actual
from tests.conftest import TODAY, sqlite_only

# One engine: how lost saves are worked out from the audit trail is plain Python over rows.
pytestmark = sqlite_only("deciding which saves were lost does not depend on the engine")


@pytest.fixture
def actual(db: None) -> Iterator[Actual]:
    build_council(today=TODAY, password="demo", indicators=4, years=1)
    yield Actual.objects.select_related("period").order_by("pk").first()  # type: ignore[misc]


def saved(actual: Actual, commentary: str) -> None:
    """What a save leaves: the row's commentary and an audit entry for the change."""
    AuditEntry.objects.create(
        action="update",
        model="indicators.actual",
        object_id=str(actual.pk),
        changes={"commentary": [actual.commentary, commentary]},
    )
    Actual.objects.filter(pk=actual.pk).update(commentary=commentary)
    actual.commentary = commentary


def test_saves_in_the_audit_trail_ending_with_the_last_are_not_lost(actual: Actual) -> None:
    target = Target("owner", actual.indicator_id, actual.period.code, "1")
    saved(actual, "first")
    saved(actual, "second")
    writes = Writes([(target, "first", 1), (target, "second", 2)], [])
    assert lost_writes(writes) == []


def test_a_save_missing_from_the_audit_trail_is_lost(actual: Actual) -> None:
    target = Target("owner", actual.indicator_id, actual.period.code, "1")
    saved(actual, "first")
    writes = Writes([(target, "first", 1), (target, "never written", 2)], [])
    assert lost_writes(writes) == [(target, "never written", 2)]


def test_the_last_save_overwritten_by_an_older_one_is_lost(actual: Actual) -> None:
    target = Target("owner", actual.indicator_id, actual.period.code, "1")
    saved(actual, "second")
    saved(actual, "first")  # an older value came back: the acknowledged "second" is gone
    writes = Writes([(target, "first", 1), (target, "second", 2)], [])
    assert lost_writes(writes) == [(target, "second", 2)]
    # A later save that was sent without an answer may have replaced it: not a loss.
    saved(actual, "third")
    writes.unanswered.append((target, "third", 3))
    assert lost_writes(writes) == []
