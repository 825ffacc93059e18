"""Bank holidays, working days and data-entry deadlines, checked against known dates."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.periods import (
    DEFAULT_DEADLINE_RULE,
    DeadlineRule,
    PeriodKind,
    add_working_days,
    bank_holidays,
    containing,
    deadline,
    is_working_day,
    periods_for_financial_year,
)


def test_state_funeral_2022_is_a_bank_holiday() -> None:
    assert date(2022, 9, 19) in bank_holidays(2022, 2022)


def test_coronation_2023_is_a_bank_holiday() -> None:
    assert date(2023, 5, 8) in bank_holidays(2023, 2023)


def test_bank_holidays_2024() -> None:
    assert bank_holidays(2024, 2024) == {
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 1),
        date(2024, 5, 6),
        date(2024, 5, 27),
        date(2024, 8, 26),
        date(2024, 12, 25),
        date(2024, 12, 26),
    }


def test_substitute_days_replace_weekend_holidays() -> None:
    # Christmas Day 2022 was a Sunday; the substitute day was Tuesday 27 December.
    holidays_2022 = bank_holidays(2022, 2022)
    assert date(2022, 12, 27) in holidays_2022
    assert date(2022, 12, 25) not in holidays_2022


def test_bank_holidays_span_several_years() -> None:
    both = bank_holidays(2023, 2024)
    assert both == bank_holidays(2023, 2023) | bank_holidays(2024, 2024)


def test_bank_holidays_is_cached() -> None:
    assert bank_holidays(2024, 2024) is bank_holidays(2024, 2024)


def test_bank_holidays_rejects_a_backwards_range() -> None:
    with pytest.raises(ValueError, match="after last_year"):
        bank_holidays(2025, 2024)


def test_scottish_holidays_are_not_included() -> None:
    # 2 January and St Andrew's Day are Scottish bank holidays only.
    assert date(2024, 1, 2) not in bank_holidays(2024, 2024)
    assert date(2023, 11, 30) not in bank_holidays(2023, 2023)


def test_is_working_day() -> None:
    assert is_working_day(date(2024, 4, 2))
    assert not is_working_day(date(2024, 4, 1))  # Easter Monday
    assert not is_working_day(date(2024, 4, 6))  # Saturday


def test_one_working_day_after_22_december_2023_is_the_27th() -> None:
    # 23/24 December 2023 were a weekend; 25 and 26 were Christmas and Boxing Day.
    assert add_working_days(date(2023, 12, 22), 1) == date(2023, 12, 27)


def test_zero_working_days_is_the_same_day_even_at_a_weekend() -> None:
    assert add_working_days(date(2024, 3, 31), 0) == date(2024, 3, 31)


def test_one_working_day_after_a_friday_is_monday() -> None:
    assert add_working_days(date(2024, 6, 7), 1) == date(2024, 6, 10)


def test_negative_working_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2024, 1, 1), -1)


def test_working_days_cross_a_year_end() -> None:
    # Tue 31 Dec 2024 -> Thu 2 Jan 2025 (New Year's Day is a bank holiday).
    assert add_working_days(date(2024, 12, 31), 1) == date(2025, 1, 2)


def test_deadline_for_q4_2023_24() -> None:
    # Q4 2023/24 ends Sunday 31 March 2024. Monday 1 April was Easter Monday, so counting
    # starts Tuesday 2 April: 2-5 Apr (4), 8-12 (9), 15-19 (14), Monday 22 April is the 15th.
    q4 = periods_for_financial_year(PeriodKind.QUARTER, 2023)[3]
    assert q4.end == date(2024, 3, 31)
    assert deadline(q4) == date(2024, 4, 22)


def test_default_deadline_rule_is_fifteen_working_days() -> None:
    assert DeadlineRule() == DEFAULT_DEADLINE_RULE
    assert DEFAULT_DEADLINE_RULE.working_days == 15


def test_deadline_with_a_custom_rule() -> None:
    may_2024 = containing(PeriodKind.MONTH, date(2024, 5, 10))
    # Friday 31 May 2024 + 5 working days = Friday 7 June 2024.
    assert deadline(may_2024, DeadlineRule(working_days=5)) == date(2024, 6, 7)


def test_deadline_rule_rejects_negative_days() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        DeadlineRule(working_days=-1)
