"""The year-end forecast (ADR 0029) on the scorecard, in its export and on the indicator
page, fed from the database's figures."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client

from goldenthread.forecast import Forecast, NoForecast
from goldenthread.indicators import services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.reports import render
from goldenthread.scorecard import columns, presenters, selectors
from tests.conftest import TODAY, approve, dec, period

QUARTER = "2025-26-Q2"
# Days to process a claim (a mean, lower is better): each past year the second half was
# slower, so the year's mean rose from the half-year by 1, 2 and 3 days.
PAST = {2022: (15, 15, 17, 17), 2023: (16, 16, 20, 20), 2024: (17, 17, 23, 23)}


def history(indicator: Indicator, years: dict[int, tuple[int, ...]]) -> None:
    for year, values in years.items():
        for quarter, value in enumerate(values, 1):
            approve(indicator, f"{year}-{(year + 1) % 100:02d}-Q{quarter}", str(value))


def claims(make_indicator: Callable[..., Indicator], target: str, past: dict = PAST) -> Indicator:
    indicator = make_indicator()
    history(indicator, past)
    approve(indicator, "2025-26-Q1", "18")
    approve(indicator, QUARTER, "18", forecast=dec(21))
    services.target_set(
        actor=None, indicator=indicator, period=period("2025-26-Q4"), value=dec(target)
    )
    return indicator


def test_the_scorecard_forecasts_the_outturn_and_the_chance_of_meeting_target(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    claims(make_indicator, "22")
    (row,) = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER).rows
    outlook = row.forecast
    assert isinstance(outlook, Forecast)
    # 18 days so far, and the year's mean has risen by 2 days on average (1, 2, 3) after
    # the half-year: 20 days. P(rise ≤ 4) on Student's t with 2 degrees of freedom.
    assert outlook.point == Decimal("20.0") and (outlook.years, outlook.periods_known) == (3, 2)
    chance = 0.5 + math.sqrt(3) / (2 * math.sqrt(5))  # 0.887
    assert outlook.probability is not None and math.isclose(outlook.probability, chance)
    assert presenters.forecast_cell(row, "/") == (
        'Likely to meet (89%) <span class="gt-meta">outturn 20.0 days</span>'
    )
    export = columns.export_table(columns.COLUMNS)
    assert "Likely to meet (89%)" in render.scorecard_csv(
        selectors.scorecard(council=council, today=TODAY, period_code=QUARTER)
    )
    assert "Year-end forecast" in export.headings


def test_a_harder_target_is_likely_to_be_missed_and_the_scorecard_counts_them(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    claims(make_indicator, "18")
    claims(make_indicator, "22")
    claims(make_indicator, "22", past={2024: PAST[2024]})
    card = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER)
    assert [presenters.forecast_verdict(row.forecast) for row in card.rows] == [
        "Likely to miss (11%)",
        "Likely to meet (89%)",
        "No forecast",
    ]
    assert (card.likely_to_miss, card.likely_to_meet, card.not_forecast) == (1, 1, 1)


def test_the_scorecard_page_counts_those_likely_to_miss(
    client: Client, performance_user: User, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    claims(make_indicator, "18")
    claims(make_indicator, "17")
    client.force_login(performance_user)
    page = client.get(f"/scorecard/?period={QUARTER}").content.decode()
    assert "<strong>likely to miss: 2</strong>, likely to meet: 0" in page


def test_too_little_history_gives_no_forecast_and_its_reason(
    client: Client,
    council: Council,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    indicator = claims(make_indicator, "22", past={2023: PAST[2023], 2024: PAST[2024]})
    (row,) = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER).rows
    assert row.forecast == NoForecast(
        "Too little history to forecast: 2 complete past years, and 3 are needed."
    )
    assert presenters.forecast_cell(row, "/") == '<span class="gt-meta">No forecast</span>'
    client.force_login(performance_user)
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert "No forecast. Too little history to forecast: 2 complete past years" in page


def test_the_indicator_page_shows_the_forecast_beside_the_owners(
    client: Client, performance_user: User, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    indicator = claims(make_indicator, "22")
    client.force_login(performance_user)
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    assert "Year-end forecast" in page
    assert '<dd class="govuk-summary-list__value">20.0 days</dd>' in page
    low, high = 20 - 1.885618 * math.sqrt(4 / 3), 20 + 1.885618 * math.sqrt(4 / 3)
    assert f"{low:.1f} days to {high:.1f} days" in page  # 17.8 to 22.2
    assert "89%: likely to meet it" in page
    assert "21.0 days (given with Q2 2025/26)" in page
    assert "From the first 2 of 4 periods this year" in page


def test_the_public_scorecard_does_not_forecast(
    council: Council, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    from goldenthread.indicators.selectors import PUBLIC

    claims(make_indicator, "22")
    card = selectors.scorecard(council=council, today=TODAY, period_code=QUARTER, audience=PUBLIC)
    assert all(row.forecast is None for row in card.rows)
