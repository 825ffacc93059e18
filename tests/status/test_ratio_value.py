"""ratio_value: a single period's ratio, and a plain error for a zero denominator."""

from decimal import Decimal

import pytest

from goldenthread.status import ratio_value


def test_a_ratio_is_numerator_over_denominator_times_scale() -> None:
    assert ratio_value(Decimal(45), Decimal(60), Decimal(100)) == Decimal(75)


def test_a_rate_per_thousand_uses_its_scale() -> None:
    assert ratio_value(Decimal(3), Decimal(1500), Decimal(1000)) == Decimal(2)


def test_a_zero_denominator_is_a_value_error_not_a_division_error() -> None:
    with pytest.raises(ValueError, match="denominator is zero"):
        ratio_value(Decimal(1), Decimal(0), Decimal(100))
