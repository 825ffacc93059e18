"""The council configures bodies, meetings, the matrix, exception rules, challenge sessions,
unit costs and the annual cycle here; every save is validated and audited."""

from django.contrib import admin

from goldenthread.core.admin import AuditedAdmin
from goldenthread.reports.models import (
    Body,
    ChallengeSession,
    CycleEvent,
    ExceptionPolicy,
    MatrixEntry,
    Meeting,
    UnitCost,
)


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "position"]
    list_editable = ["position"]


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["body", "date", "title"]
    list_filter = ["body"]
    date_hierarchy = "date"


@admin.register(MatrixEntry)
class MatrixEntryAdmin(AuditedAdmin):
    list_display = ["indicator", "body", "times_per_year", "format"]
    list_filter = ["body"]
    search_fields = ["indicator__code", "indicator__title"]
    autocomplete_fields = ["indicator"]


@admin.register(ExceptionPolicy)
class ExceptionPolicyAdmin(AuditedAdmin):
    list_display = ["council", "worsening_periods", "static_periods", "missed_periods"]


@admin.register(ChallengeSession)
class ChallengeSessionAdmin(AuditedAdmin):
    list_display = ["title", "kind", "held_on", "body"]


@admin.register(UnitCost)
class UnitCostAdmin(AuditedAdmin):
    list_display = ["label", "service", "indicator"]


@admin.register(CycleEvent)
class CycleEventAdmin(AuditedAdmin):
    list_display = ["month", "day", "strand", "activity", "body", "owner"]
    list_filter = ["strand", "month"]
