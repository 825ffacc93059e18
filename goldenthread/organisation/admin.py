from django.contrib import admin

from goldenthread.core.admin import AuditedAdmin
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio


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
