"""One status per action, by one rule (``improvement.action_status``), on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.improvement import services
from goldenthread.improvement.action_status import Shown, action_status, next_progress_due
from goldenthread.organisation.models import Council

REPORTED = st.sampled_from(
    ["", "not_started", "on_track", "at_risk", "delayed", "complete", "cancelled"]
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(
    reported=REPORTED,
    due=st.none() | DAYS,
    today=DAYS,
    completed_on=st.none() | DAYS,
    percent=st.integers(0, 100),
)
def test_overdue_exactly_when_open_and_past_due(
    reported: str, due: date | None, today: date, completed_on: date | None, percent: int
) -> None:
    shown = action_status(
        reported=reported, due=due, today=today, completed_on=completed_on,
        percent_complete=percent,
    )  # fmt: skip
    is_open = completed_on is None and reported not in ("complete", "cancelled")
    assert (shown is Shown.OVERDUE) == (is_open and due is not None and due < today)
    assert shown.closed == (not is_open)


@given(reported=REPORTED, due=DAYS, today=DAYS)
def test_a_report_of_on_track_never_hides_a_missed_date(
    reported: str, due: date, today: date
) -> None:
    shown = action_status(reported=reported, due=due, today=today)
    if due < today and reported not in ("complete", "cancelled"):
        assert shown is Shown.OVERDUE
    if shown is Shown.ON_TRACK:
        assert due >= today


@given(reported=REPORTED, due=st.none() | DAYS, today=DAYS, percent=st.integers(0, 100))
def test_done_is_complete_whatever_else_and_cancelled_wins(
    reported: str, due: date | None, today: date, percent: int
) -> None:
    done = action_status(
        reported=reported, due=due, today=today, completed_on=today, percent_complete=percent
    )
    assert done is (Shown.CANCELLED if reported == "cancelled" else Shown.COMPLETE)
    cancelled = action_status(reported=reported, due=due, today=today, cancelled=True)
    assert cancelled is Shown.CANCELLED


def test_the_rule_in_order() -> None:
    day = date(2025, 11, 20)
    later, earlier = day + timedelta(days=5), day - timedelta(days=5)
    assert action_status(reported="at_risk", due=later, today=day) is Shown.AT_RISK
    assert action_status(reported="delayed", due=None, today=day) is Shown.DELAYED
    assert action_status(reported="not_started", due=later, today=day) is Shown.NOT_STARTED
    assert (
        action_status(reported="not_started", due=later, today=day, percent_complete=10)
        is Shown.ON_TRACK
    )
    assert action_status(reported="on_track", due=earlier, today=day) is Shown.OVERDUE
    assert action_status(reported="on_track", due=day, today=day) is Shown.ON_TRACK
    assert Shown.OVERDUE.label == "Overdue" and "red" in Shown.OVERDUE.tag


@given(last=st.none() | DAYS, started=st.none() | DAYS)
def test_progress_is_owed_a_month_after_the_latest(last: date | None, started: date | None) -> None:
    owed = next_progress_due(last_progress=last, started=started)
    base = last or started
    if base is None:
        assert owed is None
    else:
        assert owed is not None and 28 <= (owed - base).days <= 31


@pytest.mark.django_db
def test_an_overdue_action_reported_on_track_shows_one_status_not_two(
    client: Client, council: Council, performance_user: User
) -> None:
    """The contradiction of issue 17: "On track" and "Overdue" side by side on one action."""
    plan = services.plan_create(None, council=council, ref="p", kind="corporate", title="Plan")
    rec = services.recommendation_add(None, plan, 1, "Recommendation 1")
    services.action_add(
        None, rec, text="Late but cheerful", letter="a", timescale="End March 2025",
        status="on_track",
    )  # fmt: skip
    client.force_login(performance_user)
    page = client.get(f"/improvement/plans/{plan.pk}/").content.decode()
    row = re.search(r"Late but cheerful.*?</tr>", page, re.S)
    assert row is not None
    tags = re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', row.group(0))
    assert tags == ["Overdue"]
