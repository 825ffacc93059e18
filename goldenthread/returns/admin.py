from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.core.admin import AuditedAdmin
from goldenthread.indicators.models import DeadlineRule
from goldenthread.returns import services


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    """Deadline rules per frequency; saving one moves the deadlines of open periods."""

    list_display = ["frequency", "working_days", "due_soon_days"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.deadline_rule_set(
            actor=request.user,
            frequency=obj.frequency,
            working_days=obj.working_days,
            due_soon_days=obj.due_soon_days,
        )
