from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from goldenthread.core.audit import audit_record, diff, save_audited, snapshot
from goldenthread.core.models import AuditEntry


class AuditedDeletes:
    """Deletes through the admin, one at a time or from the list, each audited first."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit_delete(request, obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]

    def deleted_changes(self, obj: Any) -> dict[str, Any]:
        """What the audit entry of a deletion records: the row as it was."""
        return diff(snapshot(obj), {})

    def _audit_delete(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.DELETE,
            instance=obj,
            changes=self.deleted_changes(obj),
        )


class AuditedAdmin(AuditedDeletes, admin.ModelAdmin):
    """Every save and delete made through the admin is validated and audited like a service's."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        save_audited(actor=request.user, instance=obj, before=before)


class ReadOnly:
    """An admin or inline that only shows rows: what it shows is written through services."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "actor", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "reason"]
