"""Signing off a period with returns still open: the warning, the choice, and the to-do lists."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.returns import selectors, services
from goldenthread.returns.models import PeriodSignOff
from goldenthread.returns.services import Entry, Locked
from tests.conftest import TODAY, dec, period

Q2 = "2025-26-Q2"
LATE, MISSING = PeriodSignOff.OpenReturns.LATE_ENTRY, PeriodSignOff.OpenReturns.MISSING


def save(user: User, indicator: Indicator, value: str, submit: bool = False) -> Actual:
    entry = Entry(value=dec(value), commentary="Claims were processed faster.")
    return services.return_save(
        actor=user, indicator=indicator, period=period(Q2), entry=entry, submit=submit
    )


@pytest.fixture
def returned(owned: Indicator, owner_user: User, head_user: User) -> Actual:
    """The owner's Q2 return, sent back for correction: overdue on their list."""
    submitted = save(owner_user, owned, "9.5", submit=True)
    return services.return_send_back(actor=head_user, actual=submitted, reason="Check the sum")


@pytest.fixture
def mixed(
    make_indicator: Callable[..., Indicator],
    owned: Indicator,
    owner_user: User,
    head_user: User,
    returned: Actual,
) -> dict[str, Indicator]:
    """Q2 with one return in each state: returned (``owned``), draft, submitted, approved and
    not started."""
    made = {name: make_indicator(owner=owner_user.person) for name in ("d", "s", "a", "n")}
    save(owner_user, made["d"], "4")
    save(owner_user, made["s"], "5", submit=True)
    services.return_approve(actor=head_user, actual=save(owner_user, made["a"], "6", submit=True))
    return {"returned": owned, **made}


def test_a_returned_return_leaves_its_owners_list_when_the_period_is_signed_off(
    client: Client, owned: Indicator, owner_user: User, performance_user: User, returned: Actual
) -> None:
    """The defect: "Overdue 47 days" on the owner's list, "This return is locked" when opened."""
    row = next(r for r in selectors.my_returns(user=owner_user, today=TODAY) if r.actual)
    assert row.outstanding and row.overdue  # before: on the list, overdue
    services.period_sign_off(
        actor=performance_user, period=period(Q2), reason="Cabinet deadline", open_returns=MISSING
    )
    rows = selectors.my_returns(user=owner_user, today=TODAY)
    locked = [r for r in rows if r.period.code == Q2]
    assert locked and all(r.locked and not r.outstanding and not r.overdue for r in locked)
    assert not any(
        item.detail == period(Q2).label for item in selectors.work_items(owner_user.person, TODAY)
    )
    client.force_login(owner_user)
    page = client.get("/returns/").content.decode()
    to_do = page.split("Closed when their period was signed off")[0]
    assert (
        f'{owned.code} {owned.title}<span class="govuk-visually-hidden">, {period(Q2).label}'
        not in to_do
    )
    assert "Period signed off: locked as missing" in page
    with pytest.raises(Locked):
        save(owner_user, owned, "9")


def test_the_summary_counts_open_returns_by_state_and_service(
    mixed: dict[str, Indicator],
) -> None:
    summary = selectors.sign_off_summary(period=period(Q2))
    assert summary.approved == 1
    assert summary.open_count == 4
    assert summary.open_counts() == {"not_started": 1, "draft": 1, "returned": 1, "submitted": 1}
    assert [g.service.name for g in summary.services] == ["Waste and Recycling"]
    assert [label for label, _ in summary.counts] == [
        "Not started",
        "Draft",
        "Returned for correction",
        "Submitted",
    ]


def test_signing_off_with_open_returns_needs_a_reason_and_a_choice(
    mixed: dict[str, Indicator], performance_user: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.period_sign_off(actor=performance_user, period=period(Q2), open_returns="")
    assert set(refused.value.message_dict) == {"reason", "open_returns"}
    assert not period(Q2).is_signed_off
    assert not PeriodSignOff.objects.exists()


def test_locked_as_missing_takes_open_returns_off_every_list(
    mixed: dict[str, Indicator], performance_user: User, head_user: User, owner_user: User
) -> None:
    published = services.period_sign_off(
        actor=performance_user, period=period(Q2), reason="Cabinet", open_returns=MISSING
    )
    assert published == 1
    sign_off = PeriodSignOff.objects.get()
    assert sign_off.open_returns == MISSING and sign_off.reason == "Cabinet"
    assert sign_off.open_counts == {"not_started": 1, "draft": 1, "returned": 1, "submitted": 1}
    assert AuditEntry.objects.filter(model="returns.periodsignoff", reason="Signed off: Cabinet")
    assert selectors.awaiting_approval(user=head_user) == []
    assert selectors.awaiting_approval(user=performance_user) == []
    submitted = Actual.objects.get(indicator=mixed["s"])
    with pytest.raises(ValidationError, match="signed off"):
        services.return_approve(actor=head_user, actual=submitted)
    assert Actual.objects.get(pk=submitted.pk).state == Actual.State.SUBMITTED
    with pytest.raises(Locked):  # the team too needs an override
        services.return_save(
            actor=performance_user,
            indicator=mixed["n"],
            period=period(Q2),
            entry=Entry(value=dec(3)),
        )
    assert [i for i in selectors.work_items(performance_user.person, TODAY)] == []


def test_left_open_for_late_entry_the_performance_team_completes_them(
    mixed: dict[str, Indicator], performance_user: User, head_user: User, owner_user: User
) -> None:
    services.period_sign_off(
        actor=performance_user, period=period(Q2), reason="Cabinet", open_returns=LATE
    )
    assert selectors.awaiting_approval(user=head_user) == []
    assert [w.actual.indicator for w in selectors.awaiting_approval(user=performance_user)] == [
        mixed["s"]
    ]
    owner_items = selectors.work_items(owner_user.person, TODAY)
    assert not [i for i in owner_items if i.detail == period(Q2).label]
    late = [
        i
        for i in selectors.work_items(performance_user.person, TODAY)
        if i.kind == selectors.LATE_RETURNS
    ]
    assert sorted(i.title.split(" ")[0] + " " + i.title.split(" ")[1] for i in late) == sorted(
        mixed[k].code for k in ("returned", "d", "n")
    )
    with pytest.raises(Locked, match="its period has been signed off"):
        save(owner_user, mixed["n"], "3")
    entered = services.return_save(
        actor=performance_user,
        indicator=mixed["n"],
        period=period(Q2),
        entry=Entry(value=dec(3), commentary="Entered late from the owner's email"),
        submit=True,
    )
    assert entered.state == Actual.State.SUBMITTED
    assert AuditEntry.objects.filter(
        object_id=str(entered.pk), reason__startswith="Late entry after sign-off"
    ).exists()
    approved = services.return_approve(
        actor=performance_user, actual=Actual.objects.get(indicator=mixed["s"])
    )
    assert approved.state == Actual.State.APPROVED


def test_two_officers_signing_off_from_one_page_the_second_is_refused(
    mixed: dict[str, Indicator], performance_user: User
) -> None:
    q2 = period(Q2)
    opened = version_of(q2)
    second_officer = User.objects.create_user("performance2", is_staff=True)
    second_officer.person = performance_user.person.__class__.objects.create(
        user=second_officer, council=performance_user.person.council, role="performance"
    )
    services.period_sign_off(
        actor=performance_user,
        period=q2,
        reason="First",
        open_returns=LATE,
        expected_version=opened,
        expected_open=4,
    )
    before = AuditEntry.objects.count()
    with pytest.raises(StaleEdit):
        services.period_sign_off(
            actor=second_officer,
            period=q2,
            reason="Second",
            open_returns=MISSING,
            expected_version=opened,
            expected_open=4,
        )
    assert list(PeriodSignOff.objects.values_list("reason", "open_returns")) == [("First", LATE)]
    assert AuditEntry.objects.count() == before


def test_a_change_to_the_open_returns_since_the_page_was_opened_is_refused(
    mixed: dict[str, Indicator],
    performance_user: User,
    owner_user: User,
    make_indicator: Callable[..., Indicator],
) -> None:
    shown = selectors.sign_off_summary(period=period(Q2)).open_count
    make_indicator(owner=owner_user.person)  # one more return due meanwhile
    with pytest.raises(ValidationError, match="changed since you opened this page"):
        services.period_sign_off(
            actor=performance_user,
            period=period(Q2),
            reason="x",
            open_returns=MISSING,
            expected_open=shown,
        )
    assert not Period.objects.get(code=Q2).is_signed_off


def test_the_page_warns_then_signs_off_with_the_reason(
    client: Client, mixed: dict[str, Indicator], performance_user: User
) -> None:
    client.force_login(performance_user)
    url = f"/returns/periods/{Q2}/"
    page = client.get(url).content.decode()
    assert "4 returns are still open" in page
    assert "Returned for correction" in page and "Not started" in page
    version = version_of(period(Q2))
    refused = client.post(url, {"version": version, "open_count": 4})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Say why you are signing off with returns still open." in text
    assert "Confirm that you want to sign off with returns open." in text
    assert "Choose what happens to the returns still open." in text
    assert not period(Q2).is_signed_off
    done = client.post(
        url,
        {
            "version": version,
            "open_count": 4,
            "open_returns": "late_entry",
            "reason": "Cabinet papers go out today",
            "confirm": "on",
        },
    )
    assert done.status_code == 302
    assert period(Q2).is_signed_off
    assert PeriodSignOff.objects.get().reason == "Cabinet papers go out today"
    again = client.post(
        url,
        {
            "version": version,
            "open_count": 4,
            "open_returns": "missing",
            "reason": "Second try",
            "confirm": "on",
        },
    )
    assert again.status_code == 200 and PeriodSignOff.objects.count() == 1
    assert "changed by someone else since you opened it" in again.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.REFUSED, model="indicators.period"
    ).exists()


def test_the_page_takes_the_same_number_of_queries_at_two_sizes(
    client: Client,
    make_indicator: Callable[..., Indicator],
    owner_user: User,
    performance_user: User,
    periods: None,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(performance_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/returns/periods/{Q2}/").status_code == 200
        return len(captured)

    save(owner_user, make_indicator(owner=owner_user.person), "4")
    save(owner_user, make_indicator(owner=owner_user.person), "4", submit=True)
    small = count()
    for _ in range(6):
        save(owner_user, make_indicator(owner=owner_user.person), "4", submit=True)
        make_indicator(owner=owner_user.person)
    assert count() == small


def test_no_reminder_is_sent_for_a_return_locked_at_sign_off(
    settings: Any, mixed: dict[str, Indicator], performance_user: User
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.period_sign_off(
        actor=performance_user, period=period(Q2), reason="Cabinet", open_returns=MISSING
    )
    call_command("send_reminders", stdout=StringIO())
    sent = "\n".join(str(letter.body) for letter in mail.outbox)
    assert "Q1 2025/26" in sent  # the owner is still chased for Q1
    assert "Q2 2025/26" not in sent  # but not for Q2, nor the head for its submitted return
    assert not [m for m in mail.outbox if "waiting for approval" in m.subject]
