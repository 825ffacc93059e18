from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from goldenthread.core.admin import AuditedAdmin, AuditedDeletes
from goldenthread.core.audit import audit_record, diff, snapshot
from goldenthread.core.models import AuditEntry
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio

# Never written to the audit table: the password hash, and the sign-in time Django keeps.
UNAUDITED_ACCOUNT_FIELDS = {"password", "last_login"}


def _account(user: User) -> dict[str, Any]:
    return {k: v for k, v in snapshot(user).items() if k not in UNAUDITED_ACCOUNT_FIELDS}


class AuditedUserAdmin(AuditedDeletes, UserAdmin):
    """Django's user admin, audited: people's names show on the scorecard (owners) and in
    histories, so a change to one is recorded, and moves the pages' data version, like any
    other admin change (``AuditedAdmin``). Password changes are not recorded."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _account(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, _account(obj))
        if changes:
            action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
            audit_record(actor=request.user, action=action, instance=obj, changes=changes)

    def deleted_changes(self, obj: Any) -> dict[str, Any]:
        return {}  # an account's deletion names it; its fields (the hash) are not recorded


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "gss_code", "default_tolerance_kind", "default_tolerance_amount"]
    exclude = ["created_by", "modified_by"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "code", "portfolio"]
    list_filter = ["kind", "portfolio"]
    search_fields = ["name", "code"]
    exclude = ["created_by", "modified_by"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["__str__", "role", "scope", "job_title", "scrutiny_member"]
    list_filter = ["role", "scrutiny_member"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    exclude = ["created_by", "modified_by"]


@admin.register(Portfolio)
class PortfolioAdmin(AuditedAdmin):
    list_display = ["name", "holder"]
    search_fields = ["name"]
    exclude = ["created_by", "modified_by"]
