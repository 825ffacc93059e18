"""Reminder emails: owners whose returns are due soon or overdue, approvers with work waiting.

Safe to run from cron every few minutes: each reminder has a key naming its stage, and a
``Reminder`` row (unique per recipient and key) is written in the same transaction as the
email is handed to the mail backend. A stage already recorded is never sent again; if
sending fails, the transaction rolls back and the next run tries again. Two runs at once
cannot both send: the second's insert of the same key fails on the unique constraint and
that recipient's email is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from goldenthread import access
from goldenthread.improvement.reminders import action_letters, risk_review_letters
from goldenthread.indicators.models import Actual
from goldenthread.organisation.models import Person
from goldenthread.plans.reminders import milestone_letters
from goldenthread.returns import selectors
from goldenthread.returns.models import Reminder


@dataclass
class Letter:
    recipient: User
    subject: str
    lines: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def _base_url() -> str:
    return getattr(settings, "GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def _owner_letters(today: date) -> dict[int, Letter]:
    rows = selectors.owner_reminder_rows(today=today)
    letters: dict[int, Letter] = {}
    for row in rows:
        owner = row.indicator.owner
        if owner is None or not owner.user.email:
            continue
        stage = "overdue" if row.overdue else "due"
        letter = letters.setdefault(owner.user_id, Letter(owner.user, "Performance returns due"))
        url = _base_url() + reverse("returns:edit", args=[row.indicator.pk, row.period.code])
        when = (
            f"overdue since {row.period.deadline:%d %B %Y}"
            if row.overdue
            else f"due by {row.period.deadline:%d %B %Y}"
        )
        letter.lines.append(
            f"- {row.indicator.code} {row.indicator.title}, {row.period.label}: {when}\n  {url}"
        )
        letter.keys.append(f"{stage}:{row.indicator.pk}:{row.period.code}")
    return letters


def _approver_letters() -> dict[int, Letter]:
    waiting = list(
        # A return whose period is signed off is locked: nobody is reminded to approve it.
        Actual.objects.filter(
            state=Actual.State.SUBMITTED, period__locked_at__isnull=True
        ).select_related("indicator__service", "period")
    )
    if not waiting:
        return {}
    parents = access.unit_parents()
    approvers = Person.objects.filter(
        role__in=access.APPROVER_ROLES, user__is_active=True
    ).select_related("user")
    letters: dict[int, Letter] = {}
    for person in approvers:
        if not person.user.email:
            continue
        for actual in waiting:
            if actual.submitted_by_id == person.user_id:
                continue
            if not access.covers(person.scope_id, actual.indicator.service_id, parents):
                continue
            letter = letters.setdefault(
                person.user_id, Letter(person.user, "Performance returns waiting for approval")
            )
            url = _base_url() + reverse("returns:review", args=[actual.pk])
            letter.lines.append(
                f"- {actual.indicator.code} {actual.indicator.title}, {actual.period.label}\n  {url}"
            )
            # A return sent back and submitted again is a new stage: its version differs.
            letter.keys.append(f"approve:{actual.pk}:{actual.version}")
    return letters


def send_reminders(*, today: date) -> int:
    """Send every reminder not sent before; returns how many emails went."""
    letters = list(_owner_letters(today).values()) + list(_approver_letters().values())
    letters += milestone_letters(today=today, letter=Letter)
    # Improvement's letters in this module's shape (it sits below returns, so it cannot
    # build ``Letter`` itself): risk owners' reviews, then action leads' progress and dates.
    letters += [
        Letter(x.recipient, x.subject, x.lines, x.keys)
        for x in [*risk_review_letters(today).values(), *action_letters(today)]
    ]
    sent_keys: dict[int, set[str]] = defaultdict(set)
    for recipient_id, key in Reminder.objects.filter(
        recipient_id__in={letter.recipient.pk for letter in letters}
    ).values_list("recipient_id", "key"):
        sent_keys[recipient_id].add(key)
    emails = 0
    for letter in letters:
        new = [
            (line, key)
            for line, key in zip(letter.lines, letter.keys, strict=True)
            if key not in sent_keys[letter.recipient.pk]
        ]
        if not new:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(
                    [Reminder(recipient=letter.recipient, key=key) for _, key in new]
                )
                body = (
                    f"Dear {letter.recipient.get_full_name() or letter.recipient.get_username()},\n\n"
                    + "\n".join(line for line, _ in new)
                    + "\n\nThis is an automatic reminder from Golden Thread. You will not be "
                    "reminded about the same stage of a return twice.\n"
                )
                send_mail(
                    letter.subject,
                    body,
                    None,
                    [letter.recipient.email],
                )
        except IntegrityError:
            continue  # another run sent these at the same moment
        emails += 1
    return emails
