"""Every change is audited, and a stale edit is refused instead of overwriting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from goldenthread.core.models import AuditEntry
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db


def test_recording_an_actual_audits_who_changed_what(
    make_indicator: Callable[..., Indicator], periods: None, performance_user: User
) -> None:
    indicator = make_indicator()
    q1 = period("2025-26-Q1")
    services.actual_record(actor=performance_user, indicator=indicator, period=q1, value=dec(12))
    services.actual_record(
        actor=performance_user, indicator=indicator, period=q1, value=dec(11), expected_version=1
    )
    entries = AuditEntry.objects.filter(model="indicators.actual").order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].actor == performance_user
    assert entries[1].changes["value"] == ["12", "11"]
    assert entries[1].changes["version"] == [1, 2]


def test_a_save_from_a_stale_version_is_refused_and_keeps_the_other_change(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator()
    q1 = period("2025-26-Q1")
    services.actual_record(actor=None, indicator=indicator, period=q1, value=dec(12))
    services.actual_record(
        actor=None, indicator=indicator, period=q1, value=dec(13), expected_version=1
    )
    with pytest.raises(services.StaleEdit):
        services.actual_record(
            actor=None, indicator=indicator, period=q1, value=dec(99), expected_version=1
        )
    actual = Actual.objects.get()
    assert actual.value == dec(13) and actual.version == 2


def test_a_refused_save_writes_no_audit_entry(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(aggregation="ratio", unit="percent", polarity="higher")
    with pytest.raises(ValidationError):
        services.actual_record(
            actor=None,
            indicator=indicator,
            period=period("2025-26-Q1"),
            numerator=dec(3),
            denominator=dec(0),
        )
    assert not AuditEntry.objects.filter(model="indicators.actual").exists()


def test_changing_an_indicator_audits_the_fields_before_and_after_and_a_no_op_audits_nothing(
    make_indicator: Callable[..., Indicator], performance_user: User
) -> None:
    indicator = make_indicator(title="Average days to process new claims")
    services.indicator_update(
        actor=performance_user, indicator=indicator, title="Days to process claims"
    )
    services.indicator_update(
        actor=performance_user, indicator=indicator, title="Days to process claims"
    )
    updates = AuditEntry.objects.filter(model="indicators.indicator", action="update")
    assert [entry.changes for entry in updates] == [
        {"title": ["Average days to process new claims", "Days to process claims"]}
    ]
