"""API clients in the admin: created through the service (the token is shown once, in a
message) and revoked with an action; the token hash is never shown or edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_create, client_revoke


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "may_write", "whole_council", "last_used_at", "revoked_at"]
    list_filter = ["may_write", "revoked_at"]
    fields = ["council", "name", "services", "whole_council", "may_write"]
    filter_horizontal = ["services"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Scope and rights are fixed at creation: a changed need is a new client (and token).
        if obj is None:
            return []
        return ["council", "name", "services", "whole_council", "may_write"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the audit trail keeps naming the client's user

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return
        client, token = client_create(
            actor=request.user,
            council=obj.council,
            name=obj.name,
            services=form.cleaned_data["services"],
            whole_council=obj.whole_council,
            may_write=obj.may_write,
        )
        form.instance = client
        obj.pk = client.pk
        messages.warning(
            request, f"The token for {client.name} is {token} — copy it now: it is not shown again."
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the service set the services

    @admin.action(description="Revoke the selected clients' tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            client_revoke(actor=request.user, client=client)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")
