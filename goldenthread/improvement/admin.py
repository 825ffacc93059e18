"""Admin for the records whose rules live in the models (``clean``). Stages, checkpoint
decisions and actions are left out: their rules (a halt blocks the next stage; leads must be
in the key) live in the services, which the admin would bypass. A risk's residual score,
further actions and next review are read-only here once it exists: they change only by a
review (the risk's review page), which adds a row to the score history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.core.admin import AuditedAdmin
from goldenthread.improvement import models

for model in (
    models.ActionPlan,
    models.RiskMatrix,
    models.RiskRegister,
    models.Project,
):
    admin.site.register(model, AuditedAdmin)

REVIEWED = ("residual_likelihood", "residual_impact", "further_actions", "next_review")


@admin.register(models.Risk)
class RiskAdmin(AuditedAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return REVIEWED if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:  # a new risk's residual score starts its history, as risk_create does
            obj.last_review = models.RiskScore.objects.create(
                risk=obj, on=obj.created_on.date(), likelihood=obj.residual_likelihood,
                impact=obj.residual_impact,
            )  # fmt: skip
            obj.save(update_fields=["last_review"])
