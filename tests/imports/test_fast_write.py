"""The import's fast write path: its rows and audit entries are the ones the services write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.core.models import AuditEntry
from goldenthread.imports import fastwrite
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator
from tests.conftest import dec, period
from tests.imports.conftest import problem_texts, run_import

Write = Callable[..., Path]
HEADER = ["indicator", "period", "value", "numerator", "denominator", "commentary", "estimated"]
# What an entry says besides its reason (which names the file, or the service's own reason).
SAID = ("action", "model", "object_id", "object_repr", "scope", "actor_id", "changes")


def said(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in SAID}


def entry_for(actual: Actual) -> AuditEntry:
    entry = AuditEntry.objects.filter(model="indicators.actual", object_id=str(actual.pk)).first()
    assert entry is not None
    return entry


def test_an_imported_new_value_is_audited_exactly_as_recording_it_by_hand(
    days: Indicator, recycling: Indicator, write_csv: Write, performance_user: User
) -> None:
    rows = [
        ["BV 8", "2025-26-Q1", "12.5", "", "", "Paid on time", "yes"],
        ["NI 192", "2025-05", "", "430", "1000", "", "no"],
    ]
    report = run_import("values", write_csv([HEADER, *rows]), actor=performance_user)
    assert report.ok and report.created == 2, problem_texts(report)
    imported = {a.indicator_id: said(entry_for(a)) for a in Actual.objects.all()}
    Actual.objects.all().delete()  # the audit entries stay, as they always do

    by_hand = [
        services.actual_record(
            actor=performance_user,
            indicator=days,
            period=period("2025-26-Q1"),
            value=dec("12.5"),
            commentary="Paid on time",
            is_estimated=True,
        ),
        services.actual_record(
            actor=performance_user,
            indicator=recycling,
            period=period("2025-05"),
            numerator=dec(430),
            denominator=dec(1000),
        ),
    ]
    for actual in by_hand:
        expected = said(entry_for(actual))
        got = imported[actual.indicator_id]
        # The one difference: each row's own id.
        assert got["changes"].pop("id")[0] is None
        assert expected["changes"].pop("id") == [None, actual.pk]
        got["object_id"] = expected["object_id"]
        assert got == expected
    assert len(imported[days.pk]["changes"]) > 10  # every field the new row has


def test_an_imported_change_is_audited_exactly_as_recording_it_by_hand(
    days: Indicator, submitted: Actual, write_csv: Write, performance_user: User
) -> None:
    stored = Actual.objects.values().get()
    rows = [["BV 8", "2025-26-Q1", "10", "", "", "Second", "no"]]
    report = run_import("values", write_csv([HEADER, *rows]), actor=performance_user)
    assert report.ok and report.updated == 1, problem_texts(report)
    actual = Actual.objects.get()
    imported = said(entry_for(actual))

    Actual.objects.filter(pk=actual.pk).update(**stored)  # back to the submitted figure
    services.actual_record(
        actor=performance_user,
        indicator=days,
        period=period("2025-26-Q1"),
        value=dec(10),
        commentary="Second",
        expected_version=1,
    )
    assert imported == said(entry_for(actual))
    assert set(imported["changes"]) == {"value", "commentary", "state", "version"}


def test_new_rows_get_ids_that_rows_saved_later_do_not_take(
    days: Indicator, write_csv: Write
) -> None:
    services.actual_record(actor=None, indicator=days, period=period("2024-25-Q1"), value=dec(1))
    rows = [["BV 8", f"2024-25-Q{n}", str(n), "", "", "", ""] for n in (2, 3, 4)]
    assert run_import("values", write_csv([HEADER, *rows])).created == 3
    later = services.actual_record(
        actor=None, indicator=days, period=period("2025-26-Q1"), value=dec(5)
    )
    ids = sorted(Actual.objects.values_list("pk", flat=True))
    assert len(set(ids)) == 5 and ids[-1] == later.pk
    audited = AuditEntry.objects.filter(model="indicators.actual", action="create")
    assert sorted(int(e.object_id) for e in audited) == ids
    assert all(e.changes["id"] == [None, int(e.object_id)] for e in audited)


@pytest.mark.django_db
def test_an_unsaved_row_holds_what_the_model_would_give_it() -> None:
    given: dict[str, Any] = {"indicator_id": 7, "period_id": 9, "value": dec(3), "version": 1}
    fast, model = fastwrite.unsaved(Actual, **given), Actual(**given)
    fields = [f.attname for f in Actual._meta.concrete_fields]
    assert [getattr(fast, name) for name in fields] == [getattr(model, name) for name in fields]
    assert fast._state.adding and fast.pk is None


def test_an_unsaved_row_refuses_a_field_the_model_does_not_have() -> None:
    with pytest.raises(TypeError, match="indicator"):
        fastwrite.unsaved(Actual, indicator=7)  # the attribute name is indicator_id
