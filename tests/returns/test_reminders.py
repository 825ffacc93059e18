"""send_reminders sends each reminder once per stage, however often cron runs it."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from goldenthread.indicators.models import Indicator
from goldenthread.returns import services
from goldenthread.returns.models import Reminder
from goldenthread.returns.services import Entry
from tests.conftest import dec, period


def run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_each_reminder_goes_once(
    settings: Any, owned: Indicator, owner_user: User, head_user: User
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run() == "Sent 1 reminder email.\n"
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["owner@example.gov.uk"]
    # Every quarter of this year and last that has ended is overdue on 20 November 2025.
    assert (
        "BV 78a Average days to process new benefit claims, Q2 2025/26: overdue since 21 October 2025"
        in letter.body
    )
    assert f"/returns/{owned.pk}/2025-26-Q2/" in letter.body
    assert run() == "Sent 0 reminder emails.\n"
    assert len(mail.outbox) == 1

    # The owner submits Q2: the head of service now has work waiting, once.
    services.return_save(
        actor=owner_user,
        indicator=owned,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec("9.5"), commentary="Faster"),
        submit=True,
    )
    run()
    run()
    assert [m.to for m in mail.outbox[1:]] == [["head@example.gov.uk"]]
    assert "waiting for approval" in mail.outbox[1].subject
    assert Reminder.objects.filter(recipient=head_user).count() == 1


def test_a_new_stage_is_a_new_reminder(settings: Any, owned: Indicator, owner_user: User) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GOLDENTHREAD_TODAY = "2025-10-16"  # Q2's deadline (21 October) is 5 days away
    run()
    assert "Q2 2025/26: due by 21 October 2025" in mail.outbox[0].body
    settings.GOLDENTHREAD_TODAY = "2025-10-22"
    run()
    assert "Q2 2025/26: overdue since 21 October 2025" in mail.outbox[1].body
    assert "Q1 2025/26" not in mail.outbox[1].body  # already chased as overdue
    run()
    assert len(mail.outbox) == 2


def test_a_failed_send_is_tried_again(settings: Any, owned: Indicator, monkeypatch: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("mail server down")

    monkeypatch.setattr("goldenthread.returns.reminders.send_mail", broken)
    with pytest.raises(ConnectionError):
        run()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 1 and Reminder.objects.exists()
