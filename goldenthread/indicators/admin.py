"""The performance team's screens for indicators, targets and actuals (Django admin for now).

Saves validate and audit through ``save_audited``, as the services do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.core.admin import AuditedAdmin
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator, Period, Target


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = [
        "code",
        "title",
        "service",
        "polarity",
        "unit",
        "frequency",
        "is_key",
        "is_public",
    ]
    list_filter = ["is_key", "is_public", "family", "frequency", "polarity", "service__parent"]
    search_fields = ["code", "title"]
    list_select_related = ["service"]
    autocomplete_fields = ["owner"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "council",
                    "code",
                    "title",
                    "definition",
                    "family",
                    "service",
                    "owner",
                    "data_source",
                ]
            },
        ),
        (
            "How it is measured",
            {"fields": ["unit", "decimals", "frequency", "aggregation", "cumulative"]},
        ),
        (
            "How it is judged",
            {
                "fields": [
                    "polarity",
                    "tolerance_kind",
                    "tolerance_amount",
                    "baseline",
                    "baseline_year",
                ]
            },
        ),
        ("Publication", {"fields": ["is_key", "is_public", "first_year", "last_year"]}),
    ]


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    """Deadlines and locks may be changed here; audited, as they change the scorecard."""

    list_display = ["label", "code", "kind", "start", "end", "deadline", "locked_at"]
    list_filter = ["kind", "financial_year"]
    search_fields = ["code", "label"]
    readonly_fields = ["kind", "code", "label", "start", "end", "financial_year", "sequence"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Periods come from the calendar rules, never typed in: `goldenthread periods extend`.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A period with values or targets holds the council's history: never deleted. The
        # list's bulk delete is off too, as it would ask this only of the whole model.
        if obj is not None and services.period_has_data(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["indicator", "period", "value", "lower", "upper", "is_stretch"]
    list_select_related = ["indicator", "period"]
    raw_id_fields = ["indicator", "period"]
    exclude = ["created_by", "modified_by"]


@admin.register(Actual)
class ActualAdmin(AuditedAdmin):
    list_display = ["indicator", "period", "value", "state", "is_estimated"]
    list_filter = ["state", "period__kind"]
    list_select_related = ["indicator", "period"]
    raw_id_fields = ["indicator", "period"]
    exclude = ["created_by", "modified_by", "version"]
