"""The date statuses are judged against: today, unless GOLDENTHREAD_TODAY fixes it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    fixed = getattr(settings, "GOLDENTHREAD_TODAY", "")
    if fixed:
        return date.fromisoformat(fixed)
    return timezone.localdate()
