"""Queries in the admin, read-only: every step goes through the services, which check who may
take it and record it on the timeline."""

from django.contrib import admin

from goldenthread.core.admin import ReadOnly
from goldenthread.queries.models import Query, QueryEvent


class EventInline(ReadOnly, admin.TabularInline):
    model = QueryEvent
    fields = ["at", "step", "actor", "text"]
    readonly_fields = ["at", "step", "actor", "text"]
    extra = 0


@admin.register(Query)
class QueryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["pk", "indicator", "raised_by", "holder", "officer", "state", "created_on"]
    list_filter = ["state"]
    list_select_related = ["indicator", "raised_by__user", "holder__user", "officer__user"]
    search_fields = ["question", "answer", "indicator__code"]
    inlines = [EventInline]
