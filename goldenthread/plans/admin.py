"""The performance team's screens for writing plans (Django admin for now).

Saves validate with the models' own ``clean`` (same plan for a parent, no cycles, links only
upward, milestones inside their plan) and are audited through ``AuditedAdmin``. Deleting an
objective that others contribute to is refused by the database (PROTECT); the plan pages'
"delete objective" step asks what to do with its links.
"""

from __future__ import annotations

from django.contrib import admin

from goldenthread.core.admin import AuditedAdmin
from goldenthread.plans.models import (
    Appraisal,
    Area,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveLink,
    Partner,
    Plan,
    StaffObjective,
    StaffObjectiveLink,
    StretchTarget,
    TargetShare,
)


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["title", "kind", "org_unit", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["org_unit"]


@admin.register(Objective)
class ObjectiveAdmin(AuditedAdmin):
    list_display = ["__str__", "plan", "parent"]
    list_filter = ["plan__kind"]
    search_fields = ["ref", "title", "plan__title"]
    list_select_related = ["plan", "parent"]
    autocomplete_fields = ["plan", "parent"]


@admin.register(ObjectiveLink)
class ObjectiveLinkAdmin(AuditedAdmin):
    list_display = ["source", "target"]
    list_select_related = ["source", "target"]
    autocomplete_fields = ["source", "target"]


@admin.register(ObjectiveIndicator)
class ObjectiveIndicatorAdmin(AuditedAdmin):
    list_display = ["objective", "indicator"]
    list_select_related = ["objective", "indicator"]
    autocomplete_fields = ["objective", "indicator"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["title", "objective", "due", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["objective"]
    autocomplete_fields = ["objective"]


for model in (
    Area,
    Partner,
    StretchTarget,
    TargetShare,
    Appraisal,
    StaffObjective,
    StaffObjectiveLink,
):
    admin.site.register(model, AuditedAdmin)
