"""Reminder emails to risk owners whose review is due soon or overdue.

The same shape as ``goldenthread.returns.reminders`` (which calls ``risk_review_letters`` from
``send_reminders`` and sends them with its own, once per stage): a letter per owner, a line
and a ``Reminder`` key per risk. The key names the stage (due, overdue) and the review date,
so each stage of each review is reminded once, and the next review (a new date) is reminded
afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from goldenthread.improvement.models import Risk
from goldenthread.improvement.selectors import REVIEW_REMINDER_DAYS


@dataclass
class RiskLetter:
    recipient: User
    subject: str
    lines: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def _base_url() -> str:
    return getattr(settings, "GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def risk_review_letters(today: date) -> dict[int, RiskLetter]:
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
    letters: dict[int, RiskLetter] = {}
    for risk in risks:
        assert risk.owner_person is not None
        user = risk.owner_person.user
        overdue = risk.next_review < today
        letter = letters.setdefault(user.pk, RiskLetter(user, "Risk reviews due"))
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
