"""Year-end forecasts (goldenthread.forecast, ADR 0029): the issue's worked examples and
properties of the method."""

from __future__ import annotations

import math
import statistics
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from goldenthread import forecast
from goldenthread.forecast import Forecast, Method, NoForecast
from goldenthread.status import (
    Aggregation,
    Observation,
    Polarity,
    Rule,
    Target,
    Tolerance,
    ToleranceKind,
)

TOLERANCE = Tolerance(ToleranceKind.PERCENT, Decimal(5))
T80_DF2 = 1.885618  # Student's t, 90th percentile, 2 degrees of freedom (printed tables)

# A count's monthly shape: half of the year's 1,000 by September (the first six months).
SHAPE = [60, 70, 80, 90, 100, 100, 110, 110, 100, 90, 50, 40]


def cumulative(monthly: list[float]) -> list[Observation | None]:
    running, out = Decimal(0), list[Observation | None]()
    for value in monthly:
        running += Decimal(str(value))
        out.append(Observation(running))
    return out


def as_forecast(result: Forecast | NoForecast) -> Forecast:
    assert isinstance(result, Forecast), result
    return result


# --- worked example 1: a cumulative count half-way through the year with a seasonal shape ---

COUNT = Rule(Polarity.HIGHER, TOLERANCE, cumulative=True)


def test_a_cumulative_count_with_a_steady_shape_doubles_its_half_year():
    # Three past years of the same shape at different sizes: each year's outturn is exactly
    # twice its September year to date, so the forecast is twice this year's, with no spread.
    past = [
        (y, cumulative([v * scale for v in SHAPE]))
        for y, scale in ((2021, 1), (2022, 1.1), (2023, 1.2))
    ]
    this_year = cumulative([v * 1.3 for v in SHAPE[:6]])  # 650 by September
    result = as_forecast(
        forecast.year_end(this_year, past, COUNT, Target(Decimal(1250)), periods_in_year=12)
    )
    assert (result.point, result.low, result.high) == (Decimal(1300), Decimal(1300), Decimal(1300))
    assert result.method is Method.RATIO
    assert (result.years, result.periods_known) == (3, 6)
    assert result.probability == 1.0  # 1,300 against a target of 1,250
    missed = as_forecast(
        forecast.year_end(this_year, past, COUNT, Target(Decimal(1350)), periods_in_year=12)
    )
    assert missed.probability == 0.0 and missed.likely_to_meet is False


def test_a_cumulative_count_whose_shape_varies_gets_the_t_interval_of_its_log_ratios():
    # September's share of the year was 1/2.4, 1/2.5 and 1/2.6 in the past three years.
    ratios = [2.4, 2.5, 2.6]
    past = []
    for year, ratio in zip((2021, 2022, 2023), ratios, strict=True):
        first = [v * 500 / 500 for v in SHAPE[:6]]  # 500 by September
        rest_total = 500 * ratio - 500
        rest = [v * rest_total / 500 for v in SHAPE[6:]]
        past.append((year, cumulative(first + rest)))
    this_year = cumulative([v * 480 / 500 for v in SHAPE[:6]])  # 480 by September
    result = as_forecast(
        forecast.year_end(this_year, past, COUNT, Target(Decimal(1200)), periods_in_year=12)
    )

    logs = [math.log(r) for r in ratios]
    centre, sd = statistics.mean(logs), statistics.stdev(logs)
    half = T80_DF2 * sd * math.sqrt(1 + 1 / 3)
    assert result.point == round(Decimal(480 * math.exp(centre)))  # 1,199
    assert result.low == round(Decimal(480 * math.exp(centre - half)))
    assert result.high == round(Decimal(480 * math.exp(centre + half)))
    assert result.low < 1150 < 1250 < result.high
    # The target (1,200) sits just above the centre (1,199.4): a little under an even chance.
    assert result.probability is not None and 0.45 < result.probability < 0.5


# --- worked example 2: a ratio indicator (Σnum ÷ Σden), quarterly, as a percentage ---

RATIO = Rule(
    Polarity.HIGHER, TOLERANCE, decimals=1, aggregation=Aggregation.RATIO, ratio_scale=Decimal(100)
)


def quarter(numerator: int, denominator: int) -> Observation:
    return Observation(numerator=Decimal(numerator), denominator=Decimal(denominator))


def test_a_ratio_indicator_pools_numerators_and_shifts_by_points():
    # Each year: Q1-Q2 pooled, then the whole year pooled. Year to date at Q2 and outturn:
    # 2021: 160/200 = 80 %, 340/400 = 85 % (+5); 2022: 150/200 = 75 %, 312/400 = 78 % (+3);
    # 2023: 140/200 = 70 %, 296/400 = 74 % (+4). This year: 90/100 + 66/100 = 78 % so far.
    past = [
        (2021, [quarter(70, 100), quarter(90, 100), quarter(90, 100), quarter(90, 100)]),
        (2022, [quarter(75, 100), quarter(75, 100), quarter(80, 100), quarter(82, 100)]),
        (2023, [quarter(60, 100), quarter(80, 100), quarter(76, 100), quarter(80, 100)]),
    ]
    this_year = [quarter(90, 100), quarter(66, 100)]
    result = as_forecast(
        forecast.year_end(this_year, past, RATIO, Target(Decimal(80)), periods_in_year=4)
    )
    assert result.method is Method.DIFFERENCE
    half = T80_DF2 * 1.0 * math.sqrt(4 / 3)  # the differences 5, 3, 4: mean 4, sd 1
    assert result.point == Decimal("82.0")
    assert result.low == Decimal(f"{82 - half:.1f}")  # 79.8
    assert result.high == Decimal(f"{82 + half:.1f}")  # 84.2
    # P(78 + d ≥ 80) = P(d ≥ 2): t = (2 - 4) / (1 × √(4/3)) = -√3 on 2 degrees of freedom,
    # and for 2 degrees of freedom P(T ≤ t) = ½ + t / (2√(2 + t²)).
    assert result.probability is not None
    assert math.isclose(result.probability, 0.5 + math.sqrt(3) / (2 * math.sqrt(5)), rel_tol=1e-9)


def test_a_ratio_year_with_a_missing_quarter_is_not_learnt_from():
    past: list[tuple[int, list[Observation | None]]] = [
        (2020, [quarter(70, 100), None, quarter(90, 100), quarter(90, 100)]),
        (2021, [quarter(70, 100), quarter(90, 100), quarter(90, 100), quarter(90, 100)]),
        (2022, [quarter(75, 100), quarter(75, 100), quarter(80, 100), quarter(82, 100)]),
        (2023, [quarter(60, 100), quarter(80, 100), quarter(76, 100), quarter(80, 100)]),
    ]
    result = as_forecast(
        forecast.year_end([quarter(90, 100)], past, RATIO, Target(Decimal(80)), periods_in_year=4)
    )
    assert result.years == 3


# --- worked example 3: lower is better ---

DAYS = Rule(Polarity.LOWER, TOLERANCE, aggregation=Aggregation.MEAN)


def days_year(first_half: float, second_half: float) -> list[Observation | None]:
    first: Observation | None = Observation(Decimal(str(first_half)))
    second: Observation | None = Observation(Decimal(str(second_half)))
    return [first, first, second, second]


def test_a_lower_is_better_mean_counts_meeting_target_as_at_or_below_it():
    # Days to process a claim, quarterly. The mean rose from the half-year to the outturn by
    # 1, 2 and 3 days (second halves 2, 4 and 6 days slower); this year's half is 18 days.
    past = [(2021, days_year(15, 17)), (2022, days_year(16, 20)), (2023, days_year(17, 23))]
    this_year = days_year(18, 0)[:2]
    on_centre = as_forecast(
        forecast.year_end(this_year, past, DAYS, Target(Decimal(20)), periods_in_year=4)
    )
    assert on_centre.point == Decimal(20)
    assert on_centre.probability is not None and math.isclose(on_centre.probability, 0.5)
    easier = as_forecast(
        forecast.year_end(this_year, past, DAYS, Target(Decimal(22)), periods_in_year=4)
    )
    # P(18 + d ≤ 22) = P(d ≤ 4): t = (4 - 2) / √(4/3) = √3, P = ½ + √3 / (2√5) ≈ 0.887.
    assert easier.probability is not None
    assert math.isclose(easier.probability, 0.5 + math.sqrt(3) / (2 * math.sqrt(5)), rel_tol=1e-9)
    assert easier.likely_to_meet is True
    harder = as_forecast(
        forecast.year_end(this_year, past, DAYS, Target(Decimal(18)), periods_in_year=4)
    )
    assert harder.probability is not None
    assert math.isclose(harder.probability, 1 - easier.probability, rel_tol=1e-9)
    assert harder.likely_to_meet is False


def test_a_band_is_met_inside_it_and_no_polarity_has_no_probability():
    past = [(2021, days_year(15, 17)), (2022, days_year(16, 20)), (2023, days_year(17, 23))]
    this_year = days_year(18, 0)[:2]
    band = Rule(Polarity.BAND, TOLERANCE, aggregation=Aggregation.MEAN)
    inside = as_forecast(
        forecast.year_end(
            this_year, past, band, Target(lower=Decimal(18), upper=Decimal(22)), periods_in_year=4
        )
    )
    assert inside.probability is not None
    assert math.isclose(inside.probability, 2 * (math.sqrt(3) / (2 * math.sqrt(5))), rel_tol=1e-9)
    context = Rule(Polarity.NONE, TOLERANCE, aggregation=Aggregation.MEAN)
    plain = as_forecast(
        forecast.year_end(this_year, past, context, Target(Decimal(20)), periods_in_year=4)
    )
    assert plain.probability is None and plain.likely_to_meet is None


# --- worked example 4: too little history, a changed definition, nothing yet ---


def test_two_past_years_give_no_forecast_and_say_why():
    past = [(2022, days_year(16, 20)), (2023, days_year(17, 23))]
    result = forecast.year_end(
        days_year(18, 0)[:2], past, DAYS, Target(Decimal(20)), periods_in_year=4
    )
    assert result == NoForecast(
        "Too little history to forecast: 2 complete past years, and 3 are needed."
    )


def test_years_before_a_changed_definition_are_not_used():
    past = [(2021, days_year(15, 17)), (2022, days_year(16, 20)), (2023, days_year(17, 23))]
    result = forecast.year_end(
        days_year(18, 0)[:2],
        past,
        DAYS,
        Target(Decimal(20)),
        periods_in_year=4,
        comparable_from=2023,
    )
    assert isinstance(result, NoForecast)
    assert result.reason == (
        "Too little history to forecast: 1 complete past year since the definition changed, "
        "and 3 are needed."
    )


def test_nothing_reported_and_a_finished_year_give_no_forecast():
    past = [(2021, days_year(15, 17)), (2022, days_year(16, 20)), (2023, days_year(17, 23))]
    assert forecast.year_end([None], past, DAYS, None, periods_in_year=4) == NoForecast(
        "Nothing has been reported this year yet."
    )
    finished = forecast.year_end(days_year(18, 19), past, DAYS, None, periods_in_year=4)
    assert isinstance(finished, NoForecast) and "outturn is known" in finished.reason


def test_a_count_with_a_zero_year_to_date_shifts_rather_than_scales():
    rule = Rule(Polarity.HIGHER, TOLERANCE)
    past = [
        (y, [Observation(Decimal(0)), Observation(Decimal(10 + y - 2021))])
        for y in (2021, 2022, 2023)
    ]
    result = as_forecast(
        forecast.year_end([Observation(Decimal(0))], past, rule, None, periods_in_year=2)
    )
    assert result.method is Method.DIFFERENCE and result.point == Decimal(11)


# --- annual series: one year ahead ---


def test_an_annual_count_grows_by_its_typical_ratio():
    rule = Rule(Polarity.HIGHER, TOLERANCE)
    outturns = [
        (2019, Decimal(100)),
        (2020, Decimal(110)),
        (2021, Decimal(121)),
        (2022, Decimal("133.1")),
    ]
    result = as_forecast(forecast.year_ahead(outturns, rule, Target(Decimal(140))))
    assert result.point == Decimal(146)  # 133.1 × 1.1
    assert result.low == result.high == result.point and result.probability == 1.0
    short = forecast.year_ahead(outturns[1:], rule, None)
    assert short == NoForecast(
        "Too little history to forecast: 2 year-on-year changes, and 3 are needed."
    )
    gap = forecast.year_ahead([outturns[0], *outturns[2:]], rule, None)
    assert isinstance(gap, NoForecast)  # 2019 → 2021 is not a year-on-year change


# --- Student's t ---


@given(st.floats(-50, 50))
def test_t_cdf_matches_the_closed_forms_for_one_and_two_degrees_of_freedom(t):
    assert math.isclose(forecast.t_cdf(t, 1), 0.5 + math.atan(t) / math.pi, abs_tol=1e-9)
    assert math.isclose(forecast.t_cdf(t, 2), 0.5 + t / (2 * math.sqrt(2 + t * t)), abs_tol=1e-9)


@given(st.floats(0.001, 0.999), st.integers(1, 60))
def test_t_quantile_inverts_the_cdf(p, df):
    assert math.isclose(forecast.t_cdf(forecast.t_quantile(p, df), df), p, abs_tol=1e-7)


def test_t_quantiles_match_printed_tables():
    assert math.isclose(forecast.t_quantile(0.9, 2), T80_DF2, abs_tol=1e-5)
    assert math.isclose(forecast.t_quantile(0.9, 10), 1.372184, abs_tol=1e-5)


# --- properties of any forecast ---

values = st.integers(1, 10_000)
year_strategy = st.lists(values, min_size=4, max_size=4)


@given(
    st.lists(year_strategy, min_size=3, max_size=8),
    st.lists(values, min_size=1, max_size=3),
    st.integers(0, 50_000),
    st.sampled_from([Aggregation.SUM, Aggregation.MEAN, Aggregation.LATEST]),
    st.sampled_from([Polarity.HIGHER, Polarity.LOWER]),
)
def test_the_interval_holds_the_point_and_the_probability_falls_as_the_target_gets_harder(
    years, current, target, aggregation, polarity
):
    rule = Rule(polarity, TOLERANCE, aggregation=aggregation)
    past = [(2000 + i, [Observation(Decimal(v)) for v in year]) for i, year in enumerate(years)]
    now = [Observation(Decimal(v)) for v in current]
    result = as_forecast(forecast.year_end(now, past, rule, Target(target), periods_in_year=4))
    assert result.low <= result.point <= result.high
    assert result.probability is not None and 0 <= result.probability <= 1
    harder = target + 1000 if polarity is Polarity.HIGHER else target - 1000
    other = as_forecast(forecast.year_end(now, past, rule, Target(harder), periods_in_year=4))
    assert other.probability is not None and other.probability <= result.probability
    assert result.years == len(years)


def test_the_empirical_alternative_takes_the_median_and_percentiles_of_the_past_years():
    past = [(2021, days_year(15, 17)), (2022, days_year(16, 20)), (2023, days_year(17, 23))]
    result = as_forecast(
        forecast.year_end(
            days_year(18, 0)[:2],
            past,
            Rule(Polarity.LOWER, TOLERANCE, decimals=1, aggregation=Aggregation.MEAN),
            Target(Decimal("20.5")),
            periods_in_year=4,
            model=forecast.Empirical.of,
        )
    )
    # Rises of 1, 2 and 3 days: median 2; 10th and 90th percentiles 1.2 and 2.8.
    assert (result.point, result.low, result.high) == (
        Decimal(20),
        Decimal("19.2"),
        Decimal("20.8"),
    )
    assert result.probability == 2 / 3  # two of the three past rises (1, 2) end at or below 20.5
