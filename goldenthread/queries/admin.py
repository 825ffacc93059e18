"""Queries in the admin, read-only: every step goes through the services, which check who may
take it and record it on the timeline."""

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.queries.models import Query, QueryEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = QueryEvent
    fields = ["at", "step", "actor", "text"]
    readonly_fields = ["at", "step", "actor", "text"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Query)
class QueryAdmin(ReadOnly):
    list_display = ["pk", "indicator", "raised_by", "holder", "officer", "state", "created_on"]
    list_filter = ["state"]
    list_select_related = ["indicator", "raised_by__user", "holder__user", "officer__user"]
    search_fields = ["question", "answer", "indicator__code"]
    inlines = [EventInline]
