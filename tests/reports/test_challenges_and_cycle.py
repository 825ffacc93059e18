"""Challenge sessions followed up to closure, and the annual cycle's "coming up" list."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from goldenthread.reports import selectors, services
from goldenthread.reports.models import Challenge, ChallengeSession
from tests.conftest import TODAY
from tests.reports.fixtures import Scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(scenario: Scenario) -> ChallengeSession:
    return services.session_create(
        actor=None,
        council=scenario.council,
        kind="quarterly",
        title="Quarterly performance evaluation",
        held_on=date(2025, 11, 6),
    )


@pytest.fixture
def challenge(scenario: Scenario, session: ChallengeSession) -> Challenge:
    return services.challenge_create(
        actor=None,
        session=session,
        indicator=scenario.indicators["static"],
        challenge="Service head to explain and bring an improvement plan.",
        owner="Head of Waste",
        due=date(2025, 12, 1),
    )


def test_a_challenge_is_followed_to_closure(challenge: Challenge) -> None:
    with pytest.raises(ValidationError) as error:
        services.challenge_update(
            actor=None, challenge=challenge, today=TODAY, answer="", decision="", status="answered"
        )
    assert "answer" in error.value.message_dict
    challenge.refresh_from_db()
    services.challenge_update(
        actor=None,
        challenge=challenge,
        today=TODAY,
        answer="Plan attached.",
        decision="",
        status="answered",
    )
    with pytest.raises(ValidationError) as error:
        services.challenge_update(
            actor=None,
            challenge=challenge,
            today=TODAY,
            answer="Plan attached.",
            decision="",
            status="closed",
        )
    assert "decision" in error.value.message_dict
    challenge.refresh_from_db()
    services.challenge_update(
        actor=None,
        challenge=challenge,
        today=TODAY,
        answer="Plan attached.",
        decision="Accepted; review in Q4.",
        status="closed",
    )
    challenge.refresh_from_db()
    assert challenge.closed_on == TODAY
    assert selectors.challenges(council=challenge.session.council) == []
    assert selectors.challenges(council=challenge.session.council, status="closed") == [challenge]


def test_challenge_pages(
    client: Client, performance_user: User, challenge: Challenge, session: ChallengeSession
) -> None:
    client.force_login(performance_user)
    listing = client.get("/reports/challenges/").content.decode()
    assert "Service head to explain" in listing
    response = client.post(
        "/reports/challenges/new/",
        {
            "session": session.pk,
            "indicator": challenge.indicator_id,
            "challenge": "Why has it not moved?",
            "owner": "Director",
            "due": "2026-01-15",
        },
    )
    assert response.status_code == 302
    assert Challenge.objects.count() == 2
    bad = client.post(
        "/reports/challenges/new/", {"session": session.pk, "indicator": challenge.indicator_id}
    )
    assert "There is a problem" in bad.content.decode()
    update = client.post(
        f"/reports/challenges/{challenge.pk}/", {"answer": "", "decision": "", "status": "answered"}
    )
    assert "Write the answer" in update.content.decode()


def test_the_ipr_lists_open_challenges(scenario: Scenario, challenge: Challenge) -> None:
    import io

    from docx import Document

    from goldenthread.reports import ipr, render

    report = ipr.build(council=scenario.council, today=TODAY, period_code="2025-26-Q2")
    document = Document(io.BytesIO(render.ipr_docx(report)))
    # The challenges table comes just before the appendix of every key indicator.
    table = document.tables[-2]
    assert [c.text for c in table.rows[0].cells][:2] == ["Indicator", "Challenge"]
    assert table.rows[1].cells[1].text == "Service head to explain and bring an improvement plan."


def test_upcoming_lists_the_cycle_deadlines_and_meetings_in_date_order(
    scenario: Scenario, django_assert_num_queries: Any
) -> None:
    services.cycle_event_create(
        actor=None, council=scenario.council, month=12, strand="budget",
        activity="Budget guidelines report", body=scenario.cabinet, owner="Director of Finance",
    )  # fmt: skip
    services.cycle_event_create(
        actor=None, council=scenario.council, month=6, day=30, strand="corporate_plan",
        activity="Publish the corporate plan",
    )  # fmt: skip
    with django_assert_num_queries(3):
        items = selectors.upcoming(council=scenario.council, today=TODAY)
    whats = [(i.when, i.what) for i in items]
    assert (date(2025, 12, 31), "Budget guidelines report") in whats
    assert (date(2025, 12, 4), "Cabinet meets") in whats
    assert all("corporate plan" not in w for _, w in whats)  # June is more than 3 months away
    assert any(w.startswith("Data deadline:") for _, w in whats)
    assert [w for w, _ in whats] == sorted(w for w, _ in whats)
    december = next(i for i in items if i.what == "Budget guidelines report")
    assert december.approximate and december.body == "Cabinet"


def test_upcoming_page(client: Client, performance_user: User, scenario: Scenario) -> None:
    services.cycle_event_create(
        actor=None, council=scenario.council, month=1, strand="scorecard", activity="Members choose key indicators",
    )  # fmt: skip
    client.force_login(performance_user)
    page = client.get("/reports/upcoming/").content.decode()
    assert "During January 2026" in page and "Members choose key indicators" in page


def test_upcoming_reads_in_three_queries_however_many_events(scenario: Scenario) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.upcoming(council=scenario.council, today=TODAY)
        return len(captured)

    services.cycle_event_create(
        actor=None, council=scenario.council, month=12, strand="budget", activity="Budget report",
    )  # fmt: skip
    small = count()
    for month in (1, 2, 12):
        for n in range(5):
            services.cycle_event_create(
                actor=None, council=scenario.council, month=month, strand="budget",
                activity=f"Event {month}-{n}", body=scenario.cabinet,
            )  # fmt: skip
        services.meeting_create(
            actor=None, body=scenario.scrutiny, date=date(2026, month % 12 + 1, 3)
        )
    assert count() == small == 3
