"""The corporate scorecard: statuses through the whole stack, filters and a fixed query count."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.periods import PeriodKind
from goldenthread.scorecard import selectors
from goldenthread.status import Direction, Rag
from tests.conftest import TODAY, approve, dec, page_queries, period

pytestmark = pytest.mark.django_db


def record(indicator: Indicator, code: str, value: str, target: str | None = None) -> None:
    if target is not None:
        services.target_set(actor=None, indicator=indicator, period=period(code), value=dec(target))
    approve(indicator, code, value)


@pytest.mark.parametrize(
    ("actual", "expected"), [("9.9", Rag.GREEN), ("10.4", Rag.AMBER), ("10.6", Rag.RED)]
)
def test_lower_is_better_target_10_days_with_5_percent_tolerance(
    council: Council,
    make_indicator: Callable[..., Indicator],
    periods: None,
    actual: str,
    expected: Rag,
) -> None:
    indicator = make_indicator(polarity="lower", tolerance_kind="percent", tolerance_amount=dec(5))
    record(indicator, "2025-26-Q1", actual, target="10")
    card = selectors.scorecard(council=council, today=TODAY, period_code="2025-26-Q1")
    assert [row.status.rag for row in card.rows] == [expected]


@pytest.mark.parametrize("polarity", ["higher", "lower"])
def test_a_value_equal_to_its_target_is_green_under_either_polarity(
    council: Council, make_indicator: Callable[..., Indicator], periods: None, polarity: str
) -> None:
    indicator = make_indicator(polarity=polarity)
    record(indicator, "2025-26-Q1", "42.0", target="42")
    card = selectors.scorecard(council=council, today=TODAY, period_code="2025-26-Q1")
    assert card.rows[0].status.rag == Rag.GREEN


def test_ratio_year_to_date_is_sum_of_numerators_over_sum_of_denominators(
    make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="higher", unit="percent", aggregation="ratio")
    for code, numerator, denominator in [("2025-26-Q1", 90, 100), ("2025-26-Q2", 10, 50)]:
        services.actual_record(
            state="approved",
            actor=None,
            indicator=indicator,
            period=period(code),
            numerator=dec(numerator),
            denominator=dec(denominator),
        )
    detail = selectors.indicator_detail(indicator=indicator, today=TODAY)
    year = detail.years[0]
    assert year.label == "2025/26"
    assert year.outturn is not None
    assert round(year.outturn, 1) == Decimal("66.7")  # 100/150, not the 55 % mean of 90 % and 20 %


def test_direction_compares_with_the_previous_quarter_and_the_same_quarter_last_year(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(polarity="lower")
    record(indicator, "2024-25-Q2", "12.0")
    record(indicator, "2025-26-Q1", "9.0")
    record(indicator, "2025-26-Q2", "10.0", target="11")
    row = selectors.scorecard(council=council, today=TODAY, period_code="2025-26-Q2").rows[0]
    assert row.status.against_previous == Direction.WORSENING  # 9 → 10 days, lower is better
    assert row.status.against_last_year == Direction.IMPROVING  # 12 → 10 days


def test_no_value_after_the_deadline_is_missing_and_before_it_not_yet_due(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator()
    services.target_set(actor=None, indicator=indicator, period=period("2025-26-Q2"), value=dec(10))
    q2 = period("2025-26-Q2")
    before = selectors.scorecard(council=council, today=q2.deadline, period_code=q2.code)
    after = selectors.scorecard(council=council, today=TODAY, period_code=q2.code)
    assert before.rows[0].status.rag == Rag.NOT_DUE
    assert after.rows[0].status.rag == Rag.MISSING


def test_monthly_indicator_shows_the_last_month_of_the_chosen_quarter(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = make_indicator(frequency="month")
    record(indicator, "2025-09", "8")
    row = selectors.scorecard(council=council, today=TODAY, period_code="2025-26-Q2").rows[0]
    assert row.period.code == "2025-09"
    assert row.actual is not None and row.actual.value == Decimal(8)


def test_status_filter_narrows_rows_but_not_the_counts(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    green, red = make_indicator(), make_indicator()
    record(green, "2025-26-Q1", "5", target="10")
    record(red, "2025-26-Q1", "50", target="10")
    card = selectors.scorecard(
        council=council,
        today=TODAY,
        period_code="2025-26-Q1",
        filters=selectors.ScorecardFilters(rag="red"),
    )
    assert [row.indicator.pk for row in card.rows] == [red.pk]
    assert card.counts[Rag.GREEN] == 1 and card.counts[Rag.RED] == 1


def test_only_key_indicators_are_on_the_corporate_scorecard(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    key, other = make_indicator(is_key=True), make_indicator(is_key=False)
    record(key, "2025-26-Q1", "5")
    record(other, "2025-26-Q1", "5")
    card = selectors.scorecard(council=council, today=TODAY)
    assert [row.indicator.pk for row in card.rows] == [key.pk]


def build(make_indicator: Callable[..., Indicator], count: int) -> None:
    for n in range(count):
        indicator = make_indicator(frequency="month" if n % 2 else "quarter")
        codes = ["2025-26-Q1", "2025-26-Q2"] if n % 2 == 0 else ["2025-07", "2025-08", "2025-09"]
        for code in codes:
            record(indicator, code, str(n), target=str(n + 1))


def test_scorecard_page_runs_the_same_number_of_queries_for_10_and_200_indicators(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    client.force_login(performance_user)
    build(make_indicator, 10)
    small = page_queries(client, "/scorecard/")
    small_cached = page_queries(client, "/scorecard/", cached=True)
    build(make_indicator, 190)
    large = page_queries(client, "/scorecard/")
    assert small == large
    # 10, plus benchmarking: settings, group members, comparator values; plus the two-factor
    # device that verified this session (django-otp checks it still exists on each request);
    # plus the data version the cached content is keyed on (core.datacache); plus the
    # navigation's "My work" and "Approvals" counts worked out afresh (mywork.selectors: the
    # newest audit entry, and up to twelve reads of the officer's work, one or two per part).
    assert large <= 15 + 13
    # From the cache: the session, the user with their person, the device, the data version,
    # the newest audit entry the navigation's counts are kept under.
    assert page_queries(client, "/scorecard/", cached=True) == small_cached == 5


def test_indicator_page_runs_the_same_number_of_queries_for_a_short_and_a_long_history(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    client.force_login(performance_user)
    indicator = make_indicator(frequency="month")
    record(indicator, "2025-04", "3", target="4")
    url = f"/indicators/{indicator.pk}/"
    short, short_cached = page_queries(client, url), page_queries(client, url, cached=True)
    for year in (2022, 2023, 2024):
        for month in range(1, 13):
            code = f"{year + (month < 4)}-{month:02d}"
            services.actual_record(
                state="approved",
                actor=performance_user,
                indicator=indicator,
                period=period(code),
                value=dec(month),
                commentary=f"Commentary for {code}",
            )
    assert page_queries(client, url) == short
    # From the cache: session, user, device, the indicator, the data and history versions,
    # the newest audit entry (the navigation's counts).
    assert page_queries(client, url, cached=True) == short_cached == 6


def test_termly_year_to_date_runs_over_the_academic_year_not_the_financial_year(
    make_indicator: Callable[..., Indicator],
) -> None:
    services.periods_ensure(kinds=[PeriodKind.TERM], first_year=2024, last_year=2025)
    indicator = make_indicator(
        frequency="term", aggregation="sum", polarity="higher", unit="number"
    )
    # Autumn and spring terms fall in financial year 2024/25, summer in 2025/26.
    for code, value in [
        ("AY2024-25-autumn", 10),
        ("AY2024-25-spring", 20),
        ("AY2024-25-summer", 30),
    ]:
        services.actual_record(
            state="approved", actor=None, indicator=indicator, period=period(code), value=dec(value)
        )
    detail = selectors.indicator_detail(indicator=indicator, today=TODAY)
    assert [(year.label, year.outturn) for year in detail.years] == [
        ("Academic year 2024/25", Decimal(60))
    ]
    assert [line.period.code for line in detail.current_year] == [
        "AY2024-25-autumn",
        "AY2024-25-spring",
        "AY2024-25-summer",
    ]
