"""Admin for the records whose rules live in the models (``clean``). Stages, checkpoint
decisions and actions are left out: their rules (a halt blocks the next stage; leads must be
in the key) live in the services, which the admin would bypass."""

from django.contrib import admin

from goldenthread.core.admin import AuditedAdmin
from goldenthread.improvement import models

for model in (
    models.ActionPlan,
    models.RiskMatrix,
    models.RiskRegister,
    models.Risk,
    models.Project,
):
    admin.site.register(model, AuditedAdmin)
