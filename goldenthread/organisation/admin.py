from django.contrib import admin

from goldenthread.core.admin import AuditedAdmin
from goldenthread.organisation.models import Council, OrgUnit, Person


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "gss_code", "default_tolerance_kind", "default_tolerance_amount"]
    exclude = ["created_by", "modified_by"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    exclude = ["created_by", "modified_by"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["__str__", "role", "scope", "job_title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    exclude = ["created_by", "modified_by"]
