"""Bad input is refused with a message naming the field, by validation and by the database."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction

from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator, Target
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db


def test_duplicate_indicator_code_is_refused_naming_the_code(
    make_indicator: Callable[..., Indicator],
) -> None:
    make_indicator(code="BV 12")
    with pytest.raises(ValidationError) as refused:
        make_indicator(code="BV 12")
    assert "code" in refused.value.message_dict
    assert "BV 12" in refused.value.message_dict["code"][0]


def test_duplicate_indicator_code_is_refused_by_the_database(
    make_indicator: Callable[..., Indicator],
) -> None:
    first = make_indicator(code="BV 12")
    second = make_indicator(code="BV 13")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=second.pk).update(code=first.code)


def test_band_with_lower_above_upper_is_refused_naming_the_bound(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="band", unit="percent")
    with pytest.raises(ValidationError) as refused:
        services.target_set(
            actor=None,
            indicator=indicator,
            period=period("2024-25-Q1"),
            lower=dec(95),
            upper=dec(90),
        )
    assert "lower" in refused.value.message_dict
    assert not Target.objects.exists()


def test_band_with_lower_above_upper_is_refused_by_the_database(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="band", unit="percent")
    target = services.target_set(
        actor=None, indicator=indicator, period=period("2024-25-Q1"), lower=dec(90), upper=dec(95)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(lower=Decimal(99))


@pytest.mark.parametrize(
    ("numerator", "denominator", "field"),
    [(dec(5), dec(0), "denominator"), (dec(5), None, "denominator"), (None, dec(10), "numerator")],
)
def test_ratio_value_without_a_usable_denominator_is_refused(
    make_indicator: Callable[..., Indicator],
    periods: None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    field: str,
) -> None:
    indicator = make_indicator(polarity="higher", unit="percent", aggregation="ratio")
    with pytest.raises(ValidationError) as refused:
        services.actual_record(
            actor=None,
            indicator=indicator,
            period=period("2024-25-Q1"),
            numerator=numerator,
            denominator=denominator,
        )
    assert field in refused.value.message_dict
    assert not Actual.objects.exists()


def test_zero_denominator_is_refused_by_the_database(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="higher", unit="percent", aggregation="ratio")
    actual = services.actual_record(
        actor=None,
        indicator=indicator,
        period=period("2024-25-Q1"),
        numerator=dec(9),
        denominator=dec(10),
    )
    assert actual.value == Decimal("90")
    with pytest.raises(IntegrityError), transaction.atomic():
        Actual.objects.filter(pk=actual.pk).update(denominator=Decimal(0))


def test_text_where_a_number_belongs_is_refused_naming_the_field(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator()
    with pytest.raises(ValidationError) as refused:
        services.actual_record(
            actor=None,
            indicator=indicator,
            period=period("2024-25-Q1"),
            value="twelve",  # type: ignore[arg-type]
        )
    assert "value" in refused.value.message_dict


def test_text_where_a_number_belongs_is_refused_by_the_database(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator()
    actual = services.actual_record(
        actor=None, indicator=indicator, period=period("2024-25-Q1"), value=dec(12)
    )
    table = Actual._meta.db_table
    # SQLite refuses through the check constraint (IntegrityError); PostgreSQL through the
    # numeric type (DataError).
    with (
        pytest.raises((IntegrityError, DataError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET value = %s WHERE id = %s", ["twelve", actual.pk])
    actual.refresh_from_db()
    assert actual.value == Decimal(12)
