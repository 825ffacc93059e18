"""Properties that must hold for every kind and year, checked with Hypothesis."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.periods import (
    PeriodKind,
    PeriodSpec,
    add_working_days,
    bank_holidays,
    containing,
    financial_year_label,
    financial_year_of,
    generate_periods,
    is_working_day,
    parse_financial_year,
    periods_for_financial_year,
    previous,
    same_period_last_year,
)

ONE_DAY = timedelta(days=1)

kinds = st.sampled_from(list(PeriodKind))
# Wide enough to include 1900 (not a leap year) and 2000 (a leap year).
years = st.integers(min_value=1800, max_value=2200)
days = st.dates(min_value=date(1800, 9, 1), max_value=date(2200, 12, 31))
# Bank holiday rules in the `holidays` package are only meaningful for modern years.
recent_days = st.dates(min_value=date(1975, 1, 1), max_value=date(2075, 12, 31))


def _spec_strategy() -> st.SearchStrategy[PeriodSpec]:
    return st.builds(periods_for_financial_year, kinds, years).flatmap(st.sampled_from)


specs = _spec_strategy()


def _year_start(kind: PeriodKind, year: int) -> date:
    if kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.TERM):
        return date(year, 9, 1)
    if kind is PeriodKind.CALENDAR_YEAR:
        return date(year, 1, 1)
    return date(year, 4, 1)


@given(kinds, years)
def test_periods_tile_their_year(kind: PeriodKind, year: int) -> None:
    periods = periods_for_financial_year(kind, year)
    for before, after in itertools.pairwise(periods):
        assert before.end + ONE_DAY == after.start
    assert [p.sequence for p in periods] == list(range(1, len(periods) + 1))
    assert all(p.kind is kind for p in periods)


@given(kinds, years)
def test_years_follow_each_other_without_gaps(kind: PeriodKind, year: int) -> None:
    this_year = periods_for_financial_year(kind, year)
    next_year = periods_for_financial_year(kind, year + 1)
    assert this_year[-1].end + ONE_DAY == next_year[0].start


@given(st.sampled_from([k for k in PeriodKind if k is not PeriodKind.WEEK]), years)
def test_non_week_periods_fill_exactly_their_year(kind: PeriodKind, year: int) -> None:
    periods = periods_for_financial_year(kind, year)
    assert periods[0].start == _year_start(kind, year)
    assert periods[-1].end == _year_start(kind, year + 1) - ONE_DAY


@given(years)
def test_weeks_are_those_whose_monday_is_in_the_financial_year(year: int) -> None:
    weeks = periods_for_financial_year(PeriodKind.WEEK, year)
    assert len(weeks) in (52, 53)
    assert date(year, 4, 1) <= weeks[0].start <= date(year, 4, 7)
    assert date(year + 1, 3, 25) <= weeks[-1].start <= date(year + 1, 3, 31)
    for week in weeks:
        assert week.start.weekday() == 0
        assert week.end == week.start + timedelta(days=6)
        assert week.financial_year == year


@given(years)
def test_year_kinds_cover_the_quarters_exactly(year: int) -> None:
    quarters = periods_for_financial_year(PeriodKind.QUARTER, year)
    (fy,) = periods_for_financial_year(PeriodKind.FINANCIAL_YEAR, year)
    h1, h2 = periods_for_financial_year(PeriodKind.HALF_YEAR, year)
    months = periods_for_financial_year(PeriodKind.MONTH, year)
    assert (fy.start, fy.end) == (quarters[0].start, quarters[3].end)
    assert (h1.start, h1.end) == (quarters[0].start, quarters[1].end)
    assert (h2.start, h2.end) == (quarters[2].start, quarters[3].end)
    for index, quarter in enumerate(quarters):
        its_months = months[3 * index : 3 * index + 3]
        assert (quarter.start, quarter.end) == (its_months[0].start, its_months[-1].end)


@given(years)
def test_academic_and_calendar_years_cover_their_parts(year: int) -> None:
    (ay,) = periods_for_financial_year(PeriodKind.ACADEMIC_YEAR, year)
    terms = periods_for_financial_year(PeriodKind.TERM, year)
    assert (ay.start, ay.end) == (terms[0].start, terms[-1].end)
    (cy,) = periods_for_financial_year(PeriodKind.CALENDAR_YEAR, year)
    months = [
        m for m in generate_periods([PeriodKind.MONTH], year - 1, year) if m.start.year == year
    ]
    assert (cy.start, cy.end) == (months[0].start, months[-1].end)
    assert len(months) == 12


@given(kinds, days)
def test_containing_contains_the_day(kind: PeriodKind, day: date) -> None:
    spec = containing(kind, day)
    assert spec.kind is kind
    assert spec.start <= day <= spec.end


@given(specs)
def test_containing_any_day_of_a_period_gives_that_period(spec: PeriodSpec) -> None:
    assert containing(spec.kind, spec.start) == spec
    assert containing(spec.kind, spec.end) == spec


@given(specs)
def test_financial_year_is_that_of_the_start_date(spec: PeriodSpec) -> None:
    assert spec.financial_year == financial_year_of(spec.start)


@given(specs)
def test_previous_ends_the_day_before(spec: PeriodSpec) -> None:
    before = previous(spec)
    assert before.kind is spec.kind
    assert before.end + ONE_DAY == spec.start


@given(specs)
def test_same_period_last_year_keeps_kind_and_position(spec: PeriodSpec) -> None:
    last = same_period_last_year(spec)
    assert last.kind is spec.kind
    if spec.kind is PeriodKind.WEEK:
        weeks_last_year = len(periods_for_financial_year(PeriodKind.WEEK, spec.financial_year - 1))
        assert last.sequence == min(spec.sequence, weeks_last_year)
        assert last.financial_year == spec.financial_year - 1
    else:
        assert last.sequence == spec.sequence
        assert last.start == spec.start.replace(year=spec.start.year - 1)


@given(st.lists(kinds, min_size=1, unique=True), years, st.integers(min_value=0, max_value=3))
def test_codes_are_unique_and_url_safe(
    chosen: list[PeriodKind], first_year: int, extra_years: int
) -> None:
    specs = generate_periods(chosen, first_year, first_year + extra_years)
    codes = [spec.code for spec in specs]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", code) for code in codes)


def test_codes_are_unique_across_all_kinds_for_decades() -> None:
    # Covers 2000/01 to 2011/12, where an FY code "YYYY-YY" could look like a month.
    codes = [spec.code for spec in generate_periods(PeriodKind, 1995, 2035)]
    assert len(codes) == len(set(codes))


@given(st.lists(kinds, min_size=1, unique=True), years)
def test_generate_periods_is_sorted_by_start(chosen: list[PeriodKind], year: int) -> None:
    specs = generate_periods(chosen, year, year + 1)
    starts = [spec.start for spec in specs]
    assert starts == sorted(starts)


@given(recent_days, st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_after_d(day: date, n: int) -> None:
    result = add_working_days(day, n)
    assert result > day
    assert result.weekday() < 5
    assert result not in bank_holidays(result.year, result.year)


@given(recent_days, st.integers(min_value=0, max_value=60))
def test_add_working_days_counts_exactly_n(day: date, n: int) -> None:
    result = add_working_days(day, n)
    between = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
    assert sum(is_working_day(d) for d in between) == n


@given(recent_days, st.integers(0, 30), st.integers(0, 30))
def test_add_working_days_composes(day: date, a: int, b: int) -> None:
    assert add_working_days(add_working_days(day, a), b) == add_working_days(day, a + b)


@given(st.integers(min_value=0, max_value=9999))
def test_financial_year_label_round_trips(year: int) -> None:
    assert parse_financial_year(financial_year_label(year)) == year
    assert parse_financial_year(financial_year_label(year).replace("/", "-")) == year
