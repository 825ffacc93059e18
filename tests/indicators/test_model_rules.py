"""The lock rules on the models: when a period is signed off, and when a return is locked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from goldenthread.indicators.models import Actual, Indicator, Period
from tests.conftest import period

SIGNED_OFF_AT = datetime(2025, 7, 1, tzinfo=UTC)


def test_a_period_is_signed_off_once_it_has_a_lock_time() -> None:
    assert Period(locked_at=SIGNED_OFF_AT).is_signed_off
    assert not Period(locked_at=None).is_signed_off


@pytest.mark.parametrize(
    ("state", "signed_off"),
    [
        (Actual.State.DRAFT, False),
        (Actual.State.SUBMITTED, False),
        (Actual.State.RETURNED, False),
        (Actual.State.APPROVED, True),
        (Actual.State.PUBLISHED, True),
    ],
)
def test_an_actual_is_signed_off_once_approved_or_published(state: str, signed_off: bool) -> None:
    assert Actual(state=state).is_signed_off is signed_off


@pytest.mark.parametrize("state", list(Actual.State))
def test_every_actual_in_a_signed_off_period_is_locked(state: str) -> None:
    assert Actual(state=state, period=Period(locked_at=SIGNED_OFF_AT)).is_locked


@pytest.mark.parametrize("state", list(Actual.State))
def test_an_actual_in_an_open_period_is_locked_only_once_signed_off(state: str) -> None:
    actual = Actual(state=state, period=Period(locked_at=None))
    assert actual.is_locked is actual.is_signed_off


def test_is_locked_reads_the_period_without_a_query_when_fetched_through_the_period(
    periods: None,
    make_indicator: Callable[..., Indicator],
    django_assert_num_queries: Any,
) -> None:
    indicator = make_indicator()
    quarter = period("2025-26-Q1")
    Actual.objects.create(indicator=indicator, period=quarter, value=1, state="draft")
    with django_assert_num_queries(1):
        actual = quarter.actuals.get(indicator=indicator)
        assert not actual.is_locked


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("19.000000"), "19"), (Decimal("12.500000"), "12.5")]
)
def test_a_return_is_named_with_its_figure_as_people_write_it(value: Decimal, text: str) -> None:
    """The history heads each entry with this: never "19.000000" read back from the database."""
    indicator, quarter = Indicator(code="C1"), Period(label="Q3 2024/25")
    assert str(Actual(indicator=indicator, period=quarter, value=value)) == f"C1 Q3 2024/25: {text}"
    assert str(Actual(indicator=indicator, period=quarter)) == "C1 Q3 2024/25: None"
