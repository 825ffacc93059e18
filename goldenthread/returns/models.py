"""What data collection adds to the indicators' tables: the reminders it has sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """A reminder that was emailed: one row per recipient and stage, so each goes once.

    ``key`` names the stage, e.g. ``due:42:2026-27-Q2`` (indicator 42's return is due soon),
    ``overdue:42:2026-27-Q2`` or ``approve:913:3`` (return 913, version 3, awaits approval).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="reminder_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.recipient_id}"
