"""Exceptions, the reporting matrix, packs and referrals, read from the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.exception_rules import ExceptionRule
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.reports import selectors, services
from goldenthread.reports.selectors import ExceptionFilters, due_at, indicator_states
from tests.conftest import TODAY, dec, period
from tests.reports.fixtures import Scenario, record_history

pytestmark = pytest.mark.django_db

R = ExceptionRule


def rules_by_name(
    scenario: Scenario, filters: ExceptionFilters | None = None
) -> dict[str, list[R]]:
    report = indicator_states(council=scenario.council, today=TODAY, filters=filters)
    names = {i.pk: name for name, i in scenario.indicators.items()}
    return {names[s.indicator.pk]: s.rules for s in report.states}


def test_each_indicator_breaks_the_rules_its_history_shows(scenario: Scenario) -> None:
    report = indicator_states(council=scenario.council, today=TODAY)
    assert report.period is not None and report.period.code == "2025-26-Q2"
    assert rules_by_name(scenario) == {
        "red": [R.RED],
        "worsening": [R.WORSENING],
        "static": [R.STATIC, R.MISSED],
        "missing": [R.MISSING],
        "fine": [],
    }
    assert {s.indicator.code for s in report.rows} == {
        "T red",
        "T worsening",
        "T static",
        "T missing",
    }
    red = next(s for s in report.states if s.indicator.code == "T red")
    assert red.remedial_action == "Remedial action for T red"


def test_filters_by_body_directorate_and_rule(scenario: Scenario) -> None:
    assert set(rules_by_name(scenario, ExceptionFilters(body=scenario.cabinet.pk))) == {
        "red",
        "worsening",
    }
    assert set(rules_by_name(scenario, ExceptionFilters(directorate=scenario.people.pk))) == {
        "missing",
        "fine",
    }
    assert set(rules_by_name(scenario, ExceptionFilters(rule=R.MISSED))) == {"static"}


def test_the_council_policy_changes_n(scenario: Scenario) -> None:
    services.exception_policy_set(
        actor=None, council=scenario.council, missed_periods=4, report_red=False
    )
    found = rules_by_name(scenario)
    assert found["static"] == [R.STATIC] and found["red"] == []


def test_a_figure_not_yet_approved_is_missing(
    scenario: Scenario, make_quarterly: Callable[..., Indicator]
) -> None:
    draft = make_quarterly("T draft")
    indicator_services.actual_record(
        actor=None, indicator=draft, period=period("2025-26-Q2"), value=dec(60)
    )
    report = indicator_states(council=scenario.council, today=TODAY)
    state = next(s for s in report.states if s.indicator.pk == draft.pk)
    assert state.rules == [R.MISSING]


def test_exception_queries_are_fixed(
    scenario: Scenario,
    make_quarterly: Callable[..., Indicator],
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(5):
        indicator_states(council=scenario.council, today=TODAY)
    for n in range(10):
        record_history(make_quarterly(f"X {n}"), [40, 45, 47, 47])
    with django_assert_num_queries(5):
        report = indicator_states(council=scenario.council, today=TODAY)
    assert len(report.rows) == 14


def test_matrix_has_three_levels_and_a_column_per_body(
    scenario: Scenario, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        matrix = selectors.reporting_matrix(directorate=scenario.place)
    assert [b.short_name for b in matrix.bodies] == [
        "Cabinet",
        "Scrutiny",
        "Lead Memb.",
        "Director",
    ]
    levels = {level.number: [r.indicator.code for r in level.rows] for level in matrix.levels}
    assert levels == {1: ["T red", "T worsening"], 2: ["T static"], 3: []}
    red = matrix.levels[0].rows[0]
    assert [c.times_per_year if c else None for c in red.cells] == [4, 4, None, 12]
    assert red.notes == "Cabinet: Exception report. Director: Monthly"


def test_matrix_queries_are_fixed(
    scenario: Scenario, make_quarterly: Callable[..., Indicator], django_assert_num_queries: Any
) -> None:
    for n in range(8):
        indicator = make_quarterly(f"M {n}", family="bvpi")
        services.matrix_set(
            actor=None, indicator=indicator, body=scenario.cabinet, times_per_year=2
        )
    with django_assert_num_queries(3):
        matrix = selectors.reporting_matrix(directorate=scenario.place)
    assert len(matrix.levels[0].rows) == 10


def test_matrix_refuses_a_frequency_out_of_range(scenario: Scenario) -> None:
    with pytest.raises(ValidationError, match=r"times_per_year|52"):
        services.matrix_set(
            actor=None,
            indicator=scenario.indicators["red"],
            body=scenario.cabinet,
            times_per_year=53,
        )


def test_referral_appears_in_cabinets_next_pack_only(scenario: Scenario) -> None:
    services.referral_create(
        actor=None,
        indicator=scenario.indicators["static"],
        period=period("2025-26-Q2"),
        from_body=scenario.scrutiny,
        to_body=scenario.cabinet,
        note="Third quarter below target: Cabinet to ask for an improvement plan.",
        referred_on=date(2025, 11, 12),
    )
    october, december, february, _ = scenario.cabinet_meetings
    december_pack = selectors.pack(meeting=december, today=date(2025, 12, 4))
    assert [r.indicator.code for r in december_pack.referrals] == ["T static"]
    # The referred indicator is in the pack even though Cabinet does not usually receive it.
    assert "T static" in {s.indicator.code for s in december_pack.exceptions}
    assert selectors.pack(meeting=october, today=TODAY).referrals == []
    assert selectors.pack(meeting=february, today=TODAY).referrals == []


def test_pack_holds_the_bodys_indicators_due_at_the_meeting(scenario: Scenario) -> None:
    december = scenario.cabinet_meetings[1]
    pack = selectors.pack(meeting=december, today=TODAY)
    assert {s.indicator.code for s in pack.report.states} == {"T red", "T worsening"}


@pytest.mark.parametrize(
    ("sender", "receiver", "field"),
    [("director", "cabinet", "from_body"), ("scrutiny", "lead_member", "to_body")],
)
def test_only_lead_members_and_scrutiny_refer_and_only_to_cabinet(
    scenario: Scenario, sender: str, receiver: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            actor=None,
            indicator=scenario.indicators["red"],
            period=period("2025-26-Q2"),
            from_body=getattr(scenario, sender),
            to_body=getattr(scenario, receiver),
            note="Please look at this.",
            referred_on=TODAY,
        )
    assert field in error.value.message_dict


def test_a_referral_needs_a_note(scenario: Scenario) -> None:
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            actor=None,
            indicator=scenario.indicators["red"],
            period=period("2025-26-Q2"),
            from_body=scenario.scrutiny,
            to_body=scenario.cabinet,
            note="   ",
            referred_on=TODAY,
        )
    assert "note" in error.value.message_dict


@given(st.integers(1, 52), st.integers(1, 24))
def test_an_indicator_is_due_at_exactly_its_frequency(times: int, meetings: int) -> None:
    due = sum(due_at(times, position, meetings) for position in range(1, meetings + 1))
    assert due == min(times, meetings)


def test_pack_queries_are_fixed(
    scenario: Scenario, make_quarterly: Callable[..., Indicator], django_assert_num_queries: Any
) -> None:
    december = scenario.cabinet_meetings[1]
    with django_assert_num_queries(9):
        selectors.pack(meeting=december, today=TODAY)
    for n in range(5):
        indicator = make_quarterly(f"P {n}")
        record_history(indicator, [40, 45, 47, 47])
        services.matrix_set(
            actor=None, indicator=indicator, body=scenario.cabinet, times_per_year=4
        )
        services.referral_create(
            actor=None,
            indicator=indicator,
            period=period("2025-26-Q2"),
            from_body=scenario.scrutiny,
            to_body=scenario.cabinet,
            note="Explain.",
            referred_on=date(2025, 11, 1),
        )
    with django_assert_num_queries(9):
        pack = selectors.pack(meeting=december, today=TODAY)
    assert len(pack.referrals) == 5 and len(pack.report.states) == 7
