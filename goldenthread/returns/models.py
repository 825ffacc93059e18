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


class PeriodSignOff(models.Model):
    """One signing-off of a period: who, why, and what was done with the returns still open.

    A period signed off, reopened and signed off again has two rows; the latest one of a
    period that is signed off now (``Period.locked_at``) says how its open returns stand.
    """

    class OpenReturns(models.TextChoices):
        LATE_ENTRY = "late_entry", "Stay open for late entry by the performance team"
        MISSING = "missing", "Locked as missing"

    period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, related_name="sign_offs"
    )
    signed_off_at = models.DateTimeField()
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField("reason for signing off with returns open", blank=True)
    open_returns = models.CharField(
        "what happens to the open returns",
        max_length=20,
        choices=OpenReturns.choices,
        default=OpenReturns.MISSING,
    )
    # How many returns were open, by state ("not_started", "draft", ...), when it was signed off.
    open_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["signed_off_at", "pk"]

    def __str__(self) -> str:
        return f"{self.period} signed off {self.signed_off_at:%Y-%m-%d}"
