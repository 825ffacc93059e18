"""The return's journey: draft → submitted → approved → published, and the locks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.improvement.models import Action
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.periods import PeriodKind
from goldenthread.returns import services
from goldenthread.returns.services import Entry, Locked, NeedsConfirmation
from tests.conftest import dec, period

Q2 = "2025-26-Q2"


def save(user: User, indicator: Indicator, value: str, submit: bool = False, **kw: Any) -> Actual:
    entry = Entry(
        value=dec(value),
        commentary=str(kw.pop("commentary", "Claims were processed faster.")),
        remedial_action=str(kw.pop("remedial_action", "")),
    )
    return services.return_save(
        actor=user, indicator=indicator, period=period(Q2), entry=entry, submit=submit, **kw
    )


@pytest.fixture
def target(owned: Indicator) -> None:
    indicator_services.target_set(actor=None, indicator=owned, period=period(Q2), value=dec(10))


def test_owner_saves_submits_and_head_of_service_approves(
    owned: Indicator, owner_user: User, head_user: User, target: None
) -> None:
    draft = save(owner_user, owned, "9.5")
    assert draft.state == Actual.State.DRAFT and draft.version == 1
    submitted = save(owner_user, owned, "9.5", submit=True, expected_version=1)
    assert submitted.state == Actual.State.SUBMITTED
    assert submitted.submitted_by == owner_user and submitted.submitted_at is not None
    approved = services.return_approve(actor=head_user, actual=submitted, expected_version=2)
    assert approved.state == Actual.State.APPROVED and approved.approved_by == head_user
    reasons = list(
        AuditEntry.objects.filter(model="indicators.actual", object_id=str(approved.pk))
        .order_by("id")
        .values_list("actor__username", "reason")
    )
    assert reasons == [
        ("owner", ""),
        ("owner", "Submitted for approval"),
        ("head", "Approved"),
    ]


def test_submitting_needs_commentary_and_a_red_figure_needs_remedial_action(
    owned: Indicator, owner_user: User, target: None
) -> None:
    with pytest.raises(ValidationError) as raised:
        save(owner_user, owned, "12", submit=True, commentary="")
    assert set(raised.value.message_dict) == {"commentary", "remedial_action"}
    save(owner_user, owned, "12", submit=False, commentary="")  # a draft may be unfinished
    assert Actual.objects.get().state == Actual.State.DRAFT
    done = save(
        owner_user,
        owned,
        "12",
        submit=True,
        expected_version=1,
        remedial_action="Agency staff on the backlog until January.",
    )
    assert done.state == Actual.State.SUBMITTED


def test_blocking_errors_write_nothing(owned: Indicator, owner_user: User) -> None:
    with pytest.raises(ValidationError) as raised:
        save(owner_user, owned, "9.55")
    assert raised.value.message_dict == {
        "value": ["Enter the value with at most 1 decimal places."]
    }
    assert (
        not Actual.objects.exists()
        and not AuditEntry.objects.filter(model="indicators.actual").exists()
    )


def test_percentage_and_ratio_errors(
    make_indicator: Callable[..., Indicator],
    owner_user: User,
    periods: None,
) -> None:
    rate = make_indicator(
        owner=owner_user.person, unit="percent", aggregation="ratio", polarity="higher"
    )
    with pytest.raises(ValidationError) as raised:
        services.return_save(
            actor=owner_user,
            indicator=rate,
            period=period(Q2),
            entry=Entry(numerator=dec(5), denominator=dec(0)),
        )
    assert raised.value.message_dict == {"denominator": ["The denominator cannot be zero."]}
    with pytest.raises(ValidationError) as raised:
        services.return_save(
            actor=owner_user,
            indicator=rate,
            period=period(Q2),
            entry=Entry(numerator=dec(120), denominator=dec(100)),
        )
    assert "which is not between 0 and 100" in raised.value.message_dict["numerator"][0]


def test_warnings_need_a_reason(owned: Indicator, owner_user: User, head_user: User) -> None:
    # Six signed-off quarters of history around 10 days.
    for code, value in zip(
        ["2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4", "2025-26-Q1", "2023-24-Q4"],
        ["10", "10.4", "9.8", "10.2", "10.1", "9.9"],
        strict=True,
    ):
        indicator_services.actual_record(
            actor=None, indicator=owned, period=period(code), value=dec(value), state="approved"
        )
    with pytest.raises(NeedsConfirmation) as raised:
        save(owner_user, owned, "25")
    assert len(raised.value.warnings) == 2
    assert "unusually far above" in raised.value.warnings[0]
    assert "up 148% on the previous figure (Q1 2025/26)" in raised.value.warnings[1]
    assert not Actual.objects.filter(period=period(Q2)).exists()
    kept = save(owner_user, owned, "25", warnings_reason="A system outage in August.")
    assert kept.warnings_confirmed == "A system outage in August."
    assert save(owner_user, owned, "10", expected_version=1).warnings_confirmed == ""


def test_who_may_do_what(
    owned: Indicator, owner_user: User, head_user: User, outsider: User, target: None
) -> None:
    with pytest.raises(PermissionDenied):
        save(outsider, owned, "9")
    submitted = save(owner_user, owned, "9.5", submit=True)
    with pytest.raises(PermissionDenied):
        services.return_approve(actor=owner_user, actual=submitted)
    with pytest.raises(PermissionDenied):
        services.return_approve(actor=outsider, actual=submitted)
    assert Actual.objects.get().state == Actual.State.SUBMITTED


def test_nobody_approves_their_own_submission(
    owned: Indicator, performance_user: User, target: None
) -> None:
    submitted = save(performance_user, owned, "9.5", submit=True)
    with pytest.raises(PermissionDenied, match="Someone other than"):
        services.return_approve(actor=performance_user, actual=submitted)


def test_return_for_correction_needs_a_reason_and_reaches_the_owner(
    owned: Indicator, owner_user: User, head_user: User, target: None
) -> None:
    submitted = save(owner_user, owned, "9.5", submit=True)
    with pytest.raises(ValidationError):
        services.return_send_back(actor=head_user, actual=submitted, reason=" ")
    back = services.return_send_back(
        actor=head_user, actual=submitted, reason="Q2 excludes August's claims."
    )
    assert back.state == Actual.State.RETURNED and back.returned_reason.startswith("Q2 excludes")
    again = save(owner_user, owned, "9.7", submit=True, expected_version=back.version)
    assert again.state == Actual.State.SUBMITTED and again.returned_reason == ""


def test_approved_values_are_locked_until_an_override_with_a_reason(
    owned: Indicator, owner_user: User, head_user: User, performance_user: User, target: None
) -> None:
    approved = services.return_approve(
        actor=head_user, actual=save(owner_user, owned, "9.5", submit=True)
    )
    with pytest.raises(Locked, match="it has been approved"):
        save(owner_user, owned, "9.1")
    with pytest.raises(PermissionDenied):
        save(owner_user, owned, "9.1", override_reason="I know better")
    with pytest.raises(Locked):
        save(performance_user, owned, "9.1")  # the team too needs a reason
    fixed = save(
        performance_user,
        owned,
        "9.1",
        override_reason="Late claims found by audit",
        expected_version=approved.version,
    )
    assert fixed.value == dec("9.1") and fixed.state == Actual.State.APPROVED
    entry = AuditEntry.objects.filter(model="indicators.actual", object_id=str(fixed.pk)).first()
    assert entry is not None and entry.actor == performance_user
    assert entry.reason == "Lock overridden: Late claims found by audit"
    assert entry.changes["value"] == ["9.5", "9.1"]


def test_saving_into_a_signed_off_period_is_refused_and_the_override_is_audited(
    owned: Indicator, owner_user: User, head_user: User, performance_user: User, target: None
) -> None:
    approved = services.return_approve(
        actor=head_user, actual=save(owner_user, owned, "9.5", submit=True)
    )
    assert services.period_sign_off(actor=performance_user, period=period(Q2)) == 1
    assert Actual.objects.get(pk=approved.pk).state == Actual.State.PUBLISHED
    late = make_late_indicator(owned, owner_user)
    with pytest.raises(Locked, match="its period has been signed off"):
        services.return_save(
            actor=owner_user, indicator=late, period=period(Q2), entry=Entry(value=dec(3))
        )
    saved = services.return_save(
        actor=performance_user,
        indicator=late,
        period=period(Q2),
        entry=Entry(value=dec(3)),
        override_reason="Owner was on leave at sign-off",
    )
    assert saved.value == 3
    assert AuditEntry.objects.filter(
        object_id=str(saved.pk), reason="Lock overridden: Owner was on leave at sign-off"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.period_unlock(actor=owner_user, period=period(Q2), reason="x")
    services.period_unlock(actor=performance_user, period=period(Q2), reason="Restated figures")
    assert period(Q2).locked_at is None


def make_late_indicator(like: Indicator, owner: User) -> Indicator:
    return indicator_services.indicator_create(
        actor=None,
        council=like.council,
        code="LPI 99",
        title="Late one",
        polarity="lower",
        unit="number",
        decimals=0,
        frequency="quarter",
        aggregation="sum",
        service=like.service,
        first_year=2022,
        owner=owner.person,
    )


def test_deadline_rules_move_unlocked_deadlines(performance_user: User, periods: None) -> None:
    q2 = period(Q2)
    assert q2.deadline.isoformat() == "2025-10-21"  # 15 working days after 30 September
    moved = services.deadline_rule_set(actor=performance_user, frequency="quarter", working_days=10)
    assert moved > 0
    assert period(Q2).deadline.isoformat() == "2025-10-14"
    assert (
        AuditEntry.objects.filter(
            model="indicators.period", reason__startswith="Deadline rule"
        ).count()
        == moved
    )


def test_the_admin_saves_deadline_rules_through_the_service(
    client: Client,
    performance_user: User,
    periods: None,
) -> None:
    performance_user.is_superuser = True
    performance_user.save()
    client.force_login(performance_user)
    response = client.post(
        "/admin/indicators/deadlinerule/add/",
        {"frequency": "quarter", "working_days": "10", "due_soon_days": "5"},
    )
    assert response.status_code == 302
    assert period(Q2).deadline.isoformat() == "2025-10-14"


def test_periods_created_later_follow_the_stored_rule(
    performance_user: User, periods: None
) -> None:
    services.deadline_rule_set(actor=performance_user, frequency="quarter", working_days=10)
    indicator_services.periods_ensure(kinds=[PeriodKind.QUARTER], first_year=2026, last_year=2026)
    # Q1 2026/27 ends on Tuesday 30 June 2026; ten working days later is 14 July.
    assert period("2026-27-Q1").deadline.isoformat() == "2026-07-14"
    indicator_services.periods_ensure(kinds=[PeriodKind.MONTH], first_year=2026, last_year=2026)
    assert period("2026-04").deadline.isoformat() == "2026-05-22"  # months keep 15 days


def test_approving_a_red_return_tracks_its_remedial_action_once(
    owned: Indicator, owner_user: User, head_user: User, target: None, client: Client
) -> None:
    remedy = "Agency staff on the backlog until January."
    submitted = save(owner_user, owned, "12", submit=True, remedial_action=remedy)
    services.return_approve(actor=head_user, actual=submitted)
    action = Action.objects.get(indicators=owned)
    assert action.text == remedy
    assert [lead.text for lead in action.leads.all()] == ["Owner Tester (indicator owner)"]
    # The same words on another red return add nothing; green returns add nothing.
    indicator_services.target_set(
        actor=None, indicator=owned, period=period("2025-26-Q1"), value=dec(10)
    )
    again = services.return_save(
        actor=owner_user,
        indicator=owned,
        period=period("2025-26-Q1"),
        entry=Entry(value=dec(13), commentary="Still slow", remedial_action=remedy),
        submit=True,
    )
    services.return_approve(actor=head_user, actual=again)
    assert Action.objects.filter(indicators=owned).count() == 1
    client.force_login(head_user)
    assert remedy in client.get(f"/indicators/{owned.pk}/").content.decode()
