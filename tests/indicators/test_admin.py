"""Performance officers define indicators in the admin; its saves validate and are audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(performance_user: User) -> User:
    performance_user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="indicators")
    )
    return performance_user


def indicator_form(council: Council, service: OrgUnit, **overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "council": council.pk,
        "code": "BV 8",
        "title": "Invoices paid within 30 days",
        "definition": "",
        "family": "bvpi",
        "service": service.pk,
        "owner": "",
        "data_source": "",
        "unit": "percent",
        "decimals": 1,
        "frequency": "quarter",
        "aggregation": "ratio",
        "polarity": "higher",
        "tolerance_kind": "",
        "tolerance_amount": "",
        "baseline": "",
        "baseline_year": "",
        "is_key": "on",
        "first_year": 2024,
        "last_year": "",
    }
    form.update(overrides)
    return form


def test_a_performance_officer_creates_an_indicator_and_the_creation_is_audited(
    client: Client, officer: User, council: Council, service_unit: OrgUnit
) -> None:
    client.force_login(officer)
    response = client.post(
        "/admin/indicators/indicator/add/", indicator_form(council, service_unit)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    indicator = Indicator.objects.get(code="BV 8")
    entry = AuditEntry.objects.get(model="indicators.indicator", object_id=str(indicator.pk))
    assert entry.action == "create" and entry.actor == officer


def test_the_admin_refuses_a_duplicate_code_naming_the_field(
    client: Client, officer: User, council: Council, service_unit: OrgUnit
) -> None:
    client.force_login(officer)
    client.post("/admin/indicators/indicator/add/", indicator_form(council, service_unit))
    response = client.post(
        "/admin/indicators/indicator/add/", indicator_form(council, service_unit)
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert Indicator.objects.count() == 1


def test_the_admin_refuses_text_where_a_number_belongs(
    client: Client, officer: User, council: Council, service_unit: OrgUnit
) -> None:
    client.force_login(officer)
    response = client.post(
        "/admin/indicators/indicator/add/",
        indicator_form(council, service_unit, tolerance_kind="percent", tolerance_amount="five"),
    )
    assert response.status_code == 200
    assert "tolerance_amount" in response.context["adminform"].form.errors
    assert not Indicator.objects.exists()


def test_periods_cannot_be_typed_into_the_admin(client: Client, officer: User) -> None:
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    assert client.get("/admin/indicators/period/add/").status_code == 403


def test_deleting_indicators_from_the_admin_list_audits_each_one(
    client: Client, officer: User, council: Council, service_unit: OrgUnit
) -> None:
    client.force_login(officer)
    client.post("/admin/indicators/indicator/add/", indicator_form(council, service_unit))
    client.post(
        "/admin/indicators/indicator/add/", indicator_form(council, service_unit, code="BV 9")
    )
    ids = [str(pk) for pk in Indicator.objects.values_list("pk", flat=True)]
    client.post(
        "/admin/indicators/indicator/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert not Indicator.objects.exists()
    deleted = AuditEntry.objects.filter(model="indicators.indicator", action="delete")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(ids)
