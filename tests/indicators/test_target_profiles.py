"""Annual targets profiled to quarters and months, compared like with like."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator, Target
from tests.conftest import dec


def targets_by_code(indicator: Indicator) -> dict[str, Decimal | None]:
    return {
        t.period.code: t.value
        for t in Target.objects.filter(indicator=indicator).select_related("period")
    }


@pytest.mark.django_db
def test_a_summed_count_is_shared_across_quarters_and_adds_up_to_the_annual_target(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    homes = make_indicator(aggregation="sum", polarity="higher", unit="number", decimals=0)
    services.targets_profile(actor=None, indicator=homes, financial_year=2025, value=dec(250))
    assert targets_by_code(homes) == {
        "FY2025-26": dec(250),
        "2025-26-Q1": dec(63),
        "2025-26-Q2": dec(62),
        "2025-26-Q3": dec(63),
        "2025-26-Q4": dec(62),
    }


@pytest.mark.django_db
def test_a_cumulative_count_gets_running_totals_by_seasonal_weights(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    homes = make_indicator(aggregation="sum", cumulative=True, polarity="higher", unit="number")
    services.targets_profile(
        actor=None,
        indicator=homes,
        financial_year=2025,
        value=dec(100),
        weights=[dec(1), dec(2), dec(3), dec(4)],
    )
    targets = targets_by_code(homes)
    assert [targets[f"2025-26-Q{q}"] for q in (1, 2, 3, 4)] == [dec(10), dec(30), dec(60), dec(100)]


@pytest.mark.django_db
def test_a_rate_keeps_the_annual_target_in_every_month(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    invoices = make_indicator(
        aggregation="ratio", polarity="higher", unit="percent", frequency="month"
    )
    services.targets_profile(actor=None, indicator=invoices, financial_year=2025, value=dec(95))
    targets = targets_by_code(invoices)
    assert len(targets) == 13  # the year and its twelve months
    assert set(targets.values()) == {dec(95)}


@pytest.mark.django_db
def test_weights_that_do_not_fit_the_periods_are_refused_naming_them(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    homes = make_indicator(aggregation="sum", polarity="higher", unit="number")
    with pytest.raises(ValidationError) as refused:
        services.targets_profile(
            actor=None, indicator=homes, financial_year=2025, value=dec(100), weights=[dec(1)] * 3
        )
    assert "weights" in refused.value.message_dict
    assert not Target.objects.exists()


@given(
    annual=st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    weights=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=12).filter(any),
    decimals=st.integers(min_value=0, max_value=3),
)
def test_profiled_shares_always_add_up_to_the_annual_target(
    annual: Decimal, weights: list[int], decimals: int
) -> None:
    shares = services.profile_shares(
        annual, [Decimal(w) for w in weights], cumulative=False, decimals=decimals
    )
    stated = annual.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert sum(shares) == stated
    assert all(share >= 0 for share in shares)
    running = services.profile_shares(
        annual, [Decimal(w) for w in weights], cumulative=True, decimals=decimals
    )
    assert running[-1] == stated
    assert running == sorted(running)
