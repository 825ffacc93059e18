"""Reminders from improvement: action leads (progress due monthly, docs/sources.md#seed-003,
and overdue actions) and risk owners (a review due soon or overdue), once per stage.

Each function gives letters in the shape ``returns.reminders`` sends (a recipient, a subject,
lines and a key per line); ``send_reminders`` sends them with the returns' own, so the
``Reminder`` row of each key keeps each stage to one email. The keys:
``action-progress:<action>:<date the update is owed>`` (a new stage each month, once the lead
reports), ``action-overdue:<action>:<due date>`` (a new stage when a new date is agreed) and
``risk-review-<due|overdue>:<risk>:<review date>`` (the next review is reminded afresh).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Max
from django.urls import reverse

from goldenthread.improvement.action_status import Shown, next_progress_due
from goldenthread.improvement.models import Action, ActionLead, ActionStatus, Risk
from goldenthread.improvement.selectors import REVIEW_REMINDER_DAYS

# Leads hear of progress due this many days before it is owed.
PROGRESS_NOTICE_DAYS = 3


@dataclass
class Letter:
    recipient: User
    subject: str
    lines: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def _base_url() -> str:
    return getattr(settings, "GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def action_letters(today: date) -> list[Letter]:
    """One letter per lead with an email address: their open actions whose monthly progress
    is due (or late) and those past their due date. Two queries."""
    actions = list(
        Action.objects.filter(closed_on=None, leads__key__person__user__is_active=True)
        .exclude(status__in=[ActionStatus.COMPLETE, ActionStatus.CANCELLED])
        .annotate(last_progress=Max("progress__on"))
        .distinct()
        .order_by("due", "pk")
    )
    leads: dict[int, list[User]] = {}
    for action_id, user in (
        (lead.action_id, lead.key.person.user)  # type: ignore[union-attr]
        for lead in ActionLead.objects.filter(
            action__in=actions, key__person__isnull=False
        ).select_related("key__person__user")
    ):
        leads.setdefault(action_id, []).append(user)
    found: dict[int, Letter] = {}
    for action in actions:
        url = _base_url() + reverse("improvement:action", args=[action.pk])
        stages: list[tuple[str, str]] = []
        if action.shown_status(today) is Shown.OVERDUE:
            assert action.due is not None  # overdue means a due date
            stages.append(
                (f"action-overdue:{action.pk}:{action.due.isoformat()}",
                 f"- Overdue since {action.due:%d %B %Y}: {action.text[:120]}\n  {url}")
            )  # fmt: skip
        owed = next_progress_due(
            last_progress=action.last_progress,
            started=action.started_on or action.created_on.date(),
        )
        if owed is not None and owed <= today + timedelta(days=PROGRESS_NOTICE_DAYS):
            when = f"was due {owed:%d %B %Y}" if owed < today else f"is due by {owed:%d %B %Y}"
            stages.append(
                (f"action-progress:{action.pk}:{owed.isoformat()}",
                 f"- Progress {when}: {action.text[:120]}\n  {url}")
            )  # fmt: skip
        for user in leads.get(action.pk, []):
            if not user.email:
                continue
            letter = found.setdefault(user.pk, Letter(user, "Action plan progress due"))
            for key, line in stages:
                letter.keys.append(key)
                letter.lines.append(line)
    return [letter for letter in found.values() if letter.keys]


def risk_review_letters(today: date) -> dict[int, Letter]:
    """A letter to each active owner (with an email) of risks whose review is due within
    ``REVIEW_REMINDER_DAYS`` or overdue: one query."""
    soon = today + timedelta(days=REVIEW_REMINDER_DAYS)
    risks = (
        Risk.objects.filter(
            next_review__lte=soon,
            owner_person__isnull=False,
            owner_person__user__is_active=True,
        )
        .exclude(owner_person__user__email="")
        .select_related("register", "owner_person__user")
        .order_by("next_review", "reference", "pk")
    )
    letters: dict[int, Letter] = {}
    for risk in risks:
        assert risk.owner_person is not None
        user = risk.owner_person.user
        overdue = risk.next_review < today
        letter = letters.setdefault(user.pk, Letter(user, "Risk reviews due"))
        url = _base_url() + reverse("improvement:risk-review", args=[risk.pk])
        when = (
            f"overdue since {risk.next_review:%d %B %Y}"
            if overdue
            else f"due by {risk.next_review:%d %B %Y}"
        )
        letter.lines.append(
            f"- {risk.reference} {risk.title} ({risk.register.name}): review {when}\n  {url}"
        )
        stage = "overdue" if overdue else "due"
        letter.keys.append(f"risk-review-{stage}:{risk.pk}:{risk.next_review:%Y-%m-%d}")
    return letters
