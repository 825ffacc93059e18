"""The performance team's screens for indicators, targets and actuals (Django admin for now).

Saves validate and audit through ``save_audited``, as the services do.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.core.admin import AuditedAdmin
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

    list_display = ["label", "kind", "start", "end", "deadline", "locked_at"]
    list_filter = ["kind", "financial_year"]
    readonly_fields = ["kind", "code", "label", "start", "end", "financial_year", "sequence"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # periods come from the calendar rules, never typed in


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
