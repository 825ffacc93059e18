"""Reminders to milestone owners: a milestone due soon, or overdue (issue 17, item 8).

``send_reminders`` (``goldenthread.returns.reminders``) sends them with the return reminders,
once per stage: each line carries a key naming its stage, ``milestone-due:<pk>:<due>`` or
``milestone-overdue:<pk>:<due>``. The due date is in the key, so a milestone marked late with
a new date is reminded again about the new date, and never twice about the same one.

The plans app sits below returns, so it builds the letters with the class it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from goldenthread.plans import selectors


class LetterLike(Protocol):
    lines: list[str]
    keys: list[str]


L = TypeVar("L", bound=LetterLike)


def _base_url() -> str:
    return getattr(settings, "GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def milestone_letters(*, today: date, letter: Callable[[User, str], L]) -> list[L]:
    """One letter per milestone owner with milestones due soon or overdue. One query."""
    letters: dict[int, L] = {}
    for milestone in selectors.milestones_needing_owner(today=today):
        assert milestone.owner is not None  # the selector reads only owned milestones
        user = milestone.owner.user
        if not user.email:
            continue
        overdue = milestone.due < today
        when = (
            f"overdue since {milestone.due:%-d %B %Y}"
            if overdue
            else f"due by {milestone.due:%-d %B %Y}"
        )
        url = _base_url() + reverse("milestone-done", args=[milestone.pk])
        found = letters.get(user.pk)
        if found is None:
            found = letters[user.pk] = letter(user, "Milestones due")
        found.lines.append(
            f"- {milestone.title} ({milestone.objective.plan.title}): {when}\n  {url}"
        )
        stage = "milestone-overdue" if overdue else "milestone-due"
        found.keys.append(f"{stage}:{milestone.pk}:{milestone.due.isoformat()}")
    return list(letters.values())
