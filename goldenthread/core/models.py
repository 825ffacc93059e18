"""Shared model parts: the created/modified base and the one audit table."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Who created and last changed a row, and when (as Data Hub's base model does)."""

    created_on = models.DateTimeField(auto_now_add=True)
    modified_on = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change to the council's data: who, when, what, and the fields before and after.

    Written by the services in the same transaction as the change (never by signals), so an
    entry exists exactly when the change committed. Rows are never updated or deleted.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        # A write that was refused (a stale edit), kept so both sides of a conflict are traceable.
        REFUSED = "refused", "Refused"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    # What the change belongs to, for history pages: "indicators.indicator:42" for an
    # indicator's definition, its targets and its values alike. Set from the row's
    # ``audit_scope`` (see ``goldenthread.core.audit.build_entry``).
    scope = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_repr}"


class DataVersion(models.Model):
    """The version of what readers of signed-off data see: one row, keyed on by page caches.

    ``counter`` moves on in the same transaction as any audited change a reader of the
    scorecard or an indicator page could see (``goldenthread.core.datacache.advance``), never
    on an owner's draft. ``generation`` is drawn afresh when the database is replaced or
    migrated, so a counter value never means two different sets of data. See
    docs/adr/0019-caching-signed-off-pages.md.
    """

    generation = models.CharField(max_length=32)
    counter = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.generation}.{self.counter}"
