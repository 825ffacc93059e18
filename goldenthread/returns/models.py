"""What data collection adds to the indicators' tables: deadline rules and sent reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from goldenthread.core.models import TimeStampedModel
from goldenthread.indicators.models import FREQUENCY_CHOICES


class DeadlineRule(TimeStampedModel):
    """When returns of one frequency are due: so many working days after the period ends
    (England and Wales bank holidays skipped). Frequencies with no rule use 15 days."""

    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES, unique=True)
    working_days = models.PositiveSmallIntegerField(validators=[MaxValueValidator(120)])
    due_soon_days = models.PositiveSmallIntegerField(
        "remind this many days before the deadline",
        default=5,
        validators=[MaxValueValidator(60)],
    )

    class Meta:
        ordering = ["frequency"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__lte=120), name="deadline_rule_working_days_max"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}: {self.working_days} working days"


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
