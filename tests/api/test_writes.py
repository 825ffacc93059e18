"""Writes: through the return form's service and the targets service, with ETags, the same
checks (422), locks (409), scope (404/403) and an audit entry naming the client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from goldenthread.core.models import AuditEntry
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Period, Target
from tests.api.conftest import World, approved, bearer
from tests.conftest import dec, period

Q1 = "2025-26-Q1"


def put(api: Client, path: str, body: dict[str, Any], if_match: str | None = None) -> Any:
    headers = {"If-Match": if_match} if if_match is not None else {}
    return api.put(path, json.dumps(body), content_type="application/json", headers=headers)


def value_path(world: World, code: str = Q1, indicator: Any = None) -> str:
    return f"/api/v1/indicators/{(indicator or world.tonnage).pk}/values/{code}"


def test_a_new_value_is_created_as_a_draft_and_audited_naming_the_client(
    world: World, api: Client
) -> None:
    response = put(api, value_path(world), {"value": "8.5", "commentary": "Fewer crews"})
    assert response.status_code == 201
    assert response["ETag"] == '"1"'
    assert response.json()["state"] == "draft" and response.json()["value"] == "8.5"
    actual = Actual.objects.get(indicator=world.tonnage, period__code=Q1)
    assert actual.modified_by == world.client.user
    entry = AuditEntry.objects.get(model="indicators.actual", object_id=str(actual.pk))
    assert entry.actor == world.client.user
    assert str(entry.actor) and "Waste system" in entry.actor.get_full_name()


def test_a_ratio_value_is_worked_out_from_numerator_and_denominator(
    world: World, api: Client
) -> None:
    body = {"numerator": "45", "denominator": "90", "commentary": "Spring"}
    response = put(api, value_path(world, indicator=world.recycling), body)
    assert response.status_code == 201 and response.json()["value"] == "50"


def test_changing_a_value_needs_if_match_428_then_the_current_etag(
    world: World, api: Client
) -> None:
    put(api, value_path(world), {"value": "8"})
    missing = put(api, value_path(world), {"value": "9"})
    assert missing.status_code == 428
    changed = put(api, value_path(world), {"value": "9", "submit": True, "commentary": "Ok"}, '"1"')
    assert changed.status_code == 200 and changed["ETag"] == '"2"'
    assert changed.json()["state"] == "submitted"


def test_a_stale_etag_is_412_with_the_current_value_and_the_refusal_is_audited(
    world: World, api: Client
) -> None:
    put(api, value_path(world), {"value": "8"})
    put(api, value_path(world), {"value": "9"}, '"1"')
    stale = put(api, value_path(world), {"value": "7"}, '"1"')
    assert stale.status_code == 412
    assert stale.json()["current"]["value"] == "9" and stale.json()["current"]["version"] == 2
    assert Actual.objects.get(indicator=world.tonnage, period__code=Q1).value == dec(9)
    refused = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED)
    assert refused.actor == world.client.user
    assert refused.changes["attempted"]["value"] == "7"


def test_two_writers_creating_the_same_value_the_second_is_refused(
    world: World, api: Client
) -> None:
    services.actual_record(actor=None, indicator=world.tonnage, period=period(Q1), value=dec(3))
    # The second writer read "nothing there" and sends no If-Match: now there is something.
    assert put(api, value_path(world), {"value": "4"}).status_code == 428
    assert put(api, value_path(world), {"value": "4"}, "*").status_code == 200


def test_field_errors_are_422_by_field(world: World, api: Client) -> None:
    too_precise = put(api, value_path(world), {"value": "8.123"})
    assert too_precise.status_code == 422
    assert "value" in too_precise.json()["errors"]
    no_commentary = put(api, value_path(world), {"value": "8", "submit": True})
    assert no_commentary.status_code == 422
    assert "commentary" in no_commentary.json()["errors"]
    not_a_number = put(api, value_path(world), {"value": "eight"})
    assert not_a_number.status_code == 422
    assert "body.value" in " ".join(not_a_number.json()["errors"])
    out_of_range = put(
        api, value_path(world, indicator=world.recycling), {"numerator": 3, "denominator": 2}
    )
    assert out_of_range.status_code == 422 and "numerator" in out_of_range.json()["errors"]
    assert not Actual.objects.exists()


def test_a_wrong_period_for_the_indicator_is_422_and_an_unknown_one_404(
    world: World, api: Client
) -> None:
    assert put(api, value_path(world, "2025-04"), {"value": "8"}).status_code == 422
    assert put(api, value_path(world, "1999-Q9"), {"value": "8"}).status_code == 404


def test_an_approved_value_or_signed_off_period_is_locked_409(world: World, api: Client) -> None:
    approved(world.tonnage, Q1, "8")
    locked = put(api, value_path(world), {"value": "9"}, '"1"')
    assert locked.status_code == 409 and "approved" in locked.json()["detail"]
    Period.objects.filter(code="2025-26-Q2").update(locked_at=timezone.now())
    assert put(api, value_path(world, "2025-26-Q2"), {"value": "9"}).status_code == 409


def test_warnings_need_confirm_warnings_and_a_reason(world: World, api: Client) -> None:
    for code in ("2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4"):
        approved(world.tonnage, code, "10")
    unusual = put(api, value_path(world), {"value": "95"})
    assert unusual.status_code == 422 and unusual.json()["warnings"]
    no_reason = put(api, value_path(world), {"value": "95", "confirm_warnings": True})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    body = {"value": "95", "confirm_warnings": True, "reason": "Depot fire"}
    confirmed = put(api, value_path(world), body)
    assert confirmed.status_code == 201
    assert Actual.objects.get(period__code=Q1).warnings_confirmed == "Depot fire"


def test_another_services_indicator_is_404_and_a_read_only_token_403(world: World) -> None:
    writer, reader = Client(headers=bearer(world.token)), Client(headers=bearer(world.reader))
    assert put(writer, value_path(world, indicator=world.voids), {"value": "8"}).status_code == 404
    assert put(reader, value_path(world), {"value": "8"}).status_code == 403
    target = f"/api/v1/indicators/{world.tonnage.pk}/targets/{Q1}"
    assert put(reader, target, {"value": "8"}).status_code == 403
    assert not Actual.objects.exists() and not Target.objects.exists()


def test_a_target_is_set_then_changed_with_its_etag(world: World, api: Client) -> None:
    path = f"/api/v1/indicators/{world.tonnage.pk}/targets/{Q1}"
    created = put(api, path, {"value": "10", "note": "From the service plan"})
    assert created.status_code == 201 and created.json()["value"] == "10"
    etag = created["ETag"]
    assert put(api, path, {"value": "9"}).status_code == 428
    assert put(api, path, {"value": "9"}, '"t0"').status_code == 412
    changed = put(api, path, {"value": "9"}, etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = put(api, path, {"value": "8"}, etag)
    assert stale.status_code == 412 and stale.json()["current"]["value"] == "9"
    entries = AuditEntry.objects.filter(model="indicators.target").order_by("id")
    assert [e.actor for e in entries] == [world.client.user, world.client.user]


def test_a_target_band_must_be_in_order_and_for_a_fitting_period(world: World, api: Client) -> None:
    path = f"/api/v1/indicators/{world.tonnage.pk}/targets/"
    assert put(api, path + Q1, {"lower": "5", "upper": "3"}).status_code == 422
    assert put(api, path + Q1, {}).json()["errors"].keys() == {"value"}
    assert put(api, path + "2025-04", {"value": "3"}).status_code == 422
    assert put(api, path + "FY2025-26", {"value": "3"}).status_code == 201
    Period.objects.filter(code="2025-26-Q2").update(locked_at=timezone.now())
    assert put(api, path + "2025-26-Q2", {"value": "3"}).status_code == 409


@pytest.mark.parametrize("typed", ["1e309", "1e27", "-1e27", "NaN", "Infinity"])
def test_a_huge_number_is_a_422_field_error_not_a_500(
    world: World, api: Client, typed: str
) -> None:
    """Defect 9, through the API: the same checks as the form."""
    response = put(api, value_path(world), {"value": typed, "commentary": "Big"})
    assert response.status_code == 422
    assert not Actual.objects.filter(indicator=world.tonnage).exists()
