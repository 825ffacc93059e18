"""Worked examples for period generation: the cases people will check by hand."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.periods import (
    PeriodKind,
    PeriodSpec,
    containing,
    financial_year_label,
    financial_year_of,
    generate_periods,
    parse_financial_year,
    periods_for_financial_year,
    previous,
    same_period_last_year,
)


def _by_code(kind: PeriodKind, year: int, code: str) -> PeriodSpec:
    return next(spec for spec in periods_for_financial_year(kind, year) if spec.code == code)


# Financial-year helpers


def test_financial_year_label() -> None:
    assert financial_year_label(2024) == "2024/25"


def test_financial_year_label_across_a_century() -> None:
    assert financial_year_label(1999) == "1999/00"


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2024, 3, 31), 2023),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_financial_year_of_boundaries(day: date, year: int) -> None:
    assert financial_year_of(day) == year


@pytest.mark.parametrize("label", ["2024/25", "2024-25", " 2024/25 "])
def test_parse_financial_year_accepts_slash_and_hyphen(label: str) -> None:
    assert parse_financial_year(label) == 2024


def test_parse_financial_year_across_a_century() -> None:
    assert parse_financial_year("1999/00") == 1999


@pytest.mark.parametrize("label", ["2024", "2024/2025", "24/25", "FY2024-25", "2024/25x", ""])
def test_parse_financial_year_rejects_other_shapes(label: str) -> None:
    with pytest.raises(ValueError, match="expected a form like '2024/25'"):
        parse_financial_year(label)


@pytest.mark.parametrize("label", ["2024/26", "2024/24", "1999/01"])
def test_parse_financial_year_rejects_non_consecutive_years(label: str) -> None:
    with pytest.raises(ValueError, match="does not follow"):
        parse_financial_year(label)


# Kinds


def test_kind_labels() -> None:
    assert [kind.label for kind in PeriodKind] == [
        "Month",
        "Quarter",
        "Half-year",
        "Financial year",
        "Academic year",
        "Term",
        "Calendar year",
        "Week",
    ]


def test_kind_values_are_the_stored_strings() -> None:
    assert PeriodKind("half_year") is PeriodKind.HALF_YEAR
    assert str(PeriodKind.FINANCIAL_YEAR) == "financial_year"


def test_a_kind_read_back_as_a_plain_string_still_works() -> None:
    week = containing("week", date(2025, 4, 3))  # type: ignore[arg-type]
    assert week.kind is PeriodKind.WEEK
    assert week.code == "W2025-03-31"


# The shape of each kind's periods


def test_q4_2024_25_is_january_to_march_2025() -> None:
    q4 = periods_for_financial_year(PeriodKind.QUARTER, 2024)[3]
    assert (q4.start, q4.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (q4.code, q4.label, q4.sequence, q4.financial_year) == (
        "2024-25-Q4",
        "Q4 2024/25",
        4,
        2024,
    )


def test_april_2024_is_month_one() -> None:
    april = periods_for_financial_year(PeriodKind.MONTH, 2024)[0]
    assert (april.code, april.label, april.sequence) == ("2024-04", "April 2024", 1)
    assert (april.start, april.end) == (date(2024, 4, 1), date(2024, 4, 30))


def test_march_is_month_twelve_of_the_previous_financial_year() -> None:
    march = containing(PeriodKind.MONTH, date(2025, 3, 15))
    assert (march.code, march.label, march.sequence, march.financial_year) == (
        "2025-03",
        "March 2025",
        12,
        2024,
    )


def test_february_2024_ends_on_the_leap_day() -> None:
    february = _by_code(PeriodKind.MONTH, 2023, "2024-02")
    assert february.end == date(2024, 2, 29)


def test_february_1900_has_no_leap_day() -> None:
    assert _by_code(PeriodKind.MONTH, 1899, "1900-02").end == date(1900, 2, 28)


def test_half_years() -> None:
    h1, h2 = periods_for_financial_year(PeriodKind.HALF_YEAR, 2024)
    assert (h1.code, h1.label, h1.start, h1.end) == (
        "2024-25-H1",
        "H1 2024/25",
        date(2024, 4, 1),
        date(2024, 9, 30),
    )
    assert (h2.code, h2.label, h2.start, h2.end) == (
        "2024-25-H2",
        "H2 2024/25",
        date(2024, 10, 1),
        date(2025, 3, 31),
    )


def test_financial_year() -> None:
    (fy,) = periods_for_financial_year(PeriodKind.FINANCIAL_YEAR, 2024)
    assert (fy.code, fy.label, fy.start, fy.end, fy.sequence) == (
        "FY2024-25",
        "2024/25",
        date(2024, 4, 1),
        date(2025, 3, 31),
        1,
    )


def test_academic_year() -> None:
    (ay,) = periods_for_financial_year(PeriodKind.ACADEMIC_YEAR, 2024)
    assert (ay.code, ay.label, ay.start, ay.end, ay.financial_year) == (
        "AY2024-25",
        "AY 2024/25",
        date(2024, 9, 1),
        date(2025, 8, 31),
        2024,
    )


def test_terms_use_fixed_dates() -> None:
    terms = periods_for_financial_year(PeriodKind.TERM, 2024)
    assert [(t.code, t.label, t.start, t.end, t.sequence) for t in terms] == [
        ("AY2024-25-autumn", "Autumn term 2024/25", date(2024, 9, 1), date(2024, 12, 31), 1),
        ("AY2024-25-spring", "Spring term 2024/25", date(2025, 1, 1), date(2025, 3, 31), 2),
        ("AY2024-25-summer", "Summer term 2024/25", date(2025, 4, 1), date(2025, 8, 31), 3),
    ]


def test_financial_year_of_a_term_follows_its_start_date() -> None:
    terms = periods_for_financial_year(PeriodKind.TERM, 2024)
    assert [t.financial_year for t in terms] == [2024, 2024, 2025]


def test_calendar_year() -> None:
    (cy,) = periods_for_financial_year(PeriodKind.CALENDAR_YEAR, 2024)
    assert (cy.code, cy.label, cy.start, cy.end) == (
        "CY2024",
        "2024",
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    # 1 January 2024 falls in the 2023/24 financial year.
    assert cy.financial_year == 2023


def test_week_periods_start_on_monday() -> None:
    weeks = periods_for_financial_year(PeriodKind.WEEK, 2024)
    assert all(week.start.weekday() == 0 for week in weeks)
    assert all(week.end.weekday() == 6 for week in weeks)


def test_first_week_of_2024_25() -> None:
    week = periods_for_financial_year(PeriodKind.WEEK, 2024)[0]
    assert (week.code, week.label, week.start, week.end, week.sequence) == (
        "W2024-04-01",
        "w/c 1 Apr 2024",
        date(2024, 4, 1),
        date(2024, 4, 7),
        1,
    )


def test_weeks_belong_to_the_financial_year_of_their_monday() -> None:
    # Monday 31 March 2025 is in 2024/25, so its week is too, though it runs into April.
    week = containing(PeriodKind.WEEK, date(2025, 4, 3))
    assert (week.code, week.financial_year, week.sequence) == ("W2025-03-31", 2024, 53)
    # 2025/26 therefore starts with the week of Monday 7 April 2025.
    first = periods_for_financial_year(PeriodKind.WEEK, 2025)[0]
    assert (first.start, first.label) == (date(2025, 4, 7), "w/c 7 Apr 2025")


def test_a_year_has_52_or_53_weeks() -> None:
    assert len(periods_for_financial_year(PeriodKind.WEEK, 2024)) == 53
    assert len(periods_for_financial_year(PeriodKind.WEEK, 2025)) == 52


def test_year_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="outside the supported range"):
        periods_for_financial_year(PeriodKind.FINANCIAL_YEAR, 9999)


def test_period_spec_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        PeriodSpec(PeriodKind.MONTH, date(2024, 5, 1), date(2024, 4, 30), "x", "x", 2024, 1)


# Navigation


def test_previous_q1_is_q4_of_the_year_before() -> None:
    q1 = periods_for_financial_year(PeriodKind.QUARTER, 2024)[0]
    assert previous(q1) == periods_for_financial_year(PeriodKind.QUARTER, 2023)[3]
    assert previous(q1).label == "Q4 2023/24"


def test_previous_month_of_january() -> None:
    january = containing(PeriodKind.MONTH, date(2025, 1, 10))
    assert previous(january).code == "2024-12"


def test_same_period_last_year_q2() -> None:
    q2 = periods_for_financial_year(PeriodKind.QUARTER, 2024)[1]
    last = same_period_last_year(q2)
    assert last == periods_for_financial_year(PeriodKind.QUARTER, 2023)[1]
    assert last.label == "Q2 2023/24"


def test_same_period_last_year_for_the_summer_term() -> None:
    summer = periods_for_financial_year(PeriodKind.TERM, 2024)[2]
    assert same_period_last_year(summer).code == "AY2023-24-summer"


def test_same_period_last_year_clamps_week_53_to_52() -> None:
    week_53 = periods_for_financial_year(PeriodKind.WEEK, 2024)[-1]
    assert week_53.sequence == 53
    last = same_period_last_year(week_53)
    assert (last.sequence, last.financial_year) == (52, 2023)
    assert last == periods_for_financial_year(PeriodKind.WEEK, 2023)[-1]


def test_containing_picks_the_quarter() -> None:
    assert containing(PeriodKind.QUARTER, date(2024, 11, 5)).code == "2024-25-Q3"


def test_containing_academic_year_before_september() -> None:
    assert containing(PeriodKind.ACADEMIC_YEAR, date(2025, 8, 31)).code == "AY2024-25"
    assert containing(PeriodKind.ACADEMIC_YEAR, date(2025, 9, 1)).code == "AY2025-26"


# Generating many


def test_generate_periods_sorts_by_start_then_shortest_first() -> None:
    specs = generate_periods(
        [PeriodKind.FINANCIAL_YEAR, PeriodKind.QUARTER, PeriodKind.MONTH], 2024, 2024
    )
    assert [spec.code for spec in specs[:5]] == [
        "2024-04",
        "2024-25-Q1",
        "FY2024-25",
        "2024-05",
        "2024-06",
    ]
    assert len(specs) == 12 + 4 + 1


def test_generate_periods_ignores_repeated_kinds() -> None:
    once = generate_periods([PeriodKind.QUARTER], 2020, 2022)
    twice = generate_periods(iter([PeriodKind.QUARTER, PeriodKind.QUARTER]), 2020, 2022)
    assert once == twice


def test_generate_periods_rejects_a_backwards_range() -> None:
    with pytest.raises(ValueError, match="after last_year"):
        generate_periods([PeriodKind.MONTH], 2025, 2024)


def test_financial_year_and_month_codes_do_not_collide() -> None:
    # Without the "FY" prefix, 2010/11 and November 2010 would both be "2010-11".
    codes = [
        spec.code
        for spec in generate_periods([PeriodKind.FINANCIAL_YEAR, PeriodKind.MONTH], 2010, 2010)
    ]
    assert "FY2010-11" in codes
    assert "2010-11" in codes
    assert len(codes) == len(set(codes))
