from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from goldenthread.core.audit import audit_record, diff, save_audited, snapshot
from goldenthread.core.models import AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """Every save and delete made through the admin is validated and audited like a service's."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        if not change:
            obj.created_by = request.user
        obj.modified_by = request.user
        save_audited(actor=request.user, instance=obj, before=before)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _audit_delete(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.DELETE,
            instance=obj,
            changes=diff(snapshot(obj), {}),
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "actor", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
