"""PATCH changes some fields of a value or a target, through the same service, checks,
If-Match rules and audit as PUT; a write whose body is not JSON is answered 415."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from goldenthread.api.endpoints import api
from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Target
from tests.api.conftest import World, bearer
from tests.api.test_writes import Q1, put, value_path
from tests.conftest import dec

pytestmark = pytest.mark.django_db


def patch(api_client: Client, path: str, body: dict[str, Any], if_match: str | None) -> Any:
    headers = {"If-Match": if_match} if if_match is not None else {}
    return api_client.patch(
        path, json.dumps(body), content_type="application/json", headers=headers
    )


def target_path(world: World, code: str = Q1) -> str:
    return f"/api/v1/indicators/{world.tonnage.pk}/targets/{code}"


def test_patch_changes_only_the_commentary_of_a_value(world: World, api: Client) -> None:
    body = {"value": "8.5", "commentary": "Fewer crews", "remedial_action": "Hire", "forecast": "9"}
    put(api, value_path(world), body)
    changed = patch(api, value_path(world), {"commentary": "Crews back"}, '"1"')
    assert changed.status_code == 200, changed.json()
    assert changed["ETag"] == '"2"'
    actual = Actual.objects.get(indicator=world.tonnage, period__code=Q1)
    assert actual.commentary == "Crews back"
    assert (actual.value, actual.remedial_action, actual.forecast) == (dec("8.5"), "Hire", dec(9))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.actor == world.client.user
    assert set(entry.changes) >= {"commentary"} and "value" not in entry.changes


def test_put_still_replaces_the_whole_value(world: World, api: Client) -> None:
    put(api, value_path(world), {"value": "8.5", "commentary": "Fewer crews"})
    put(api, value_path(world), {"value": "9"}, '"1"')
    assert Actual.objects.get(indicator=world.tonnage, period__code=Q1).commentary == ""


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(world: World, api: Client) -> None:
    put(api, value_path(world), {"value": "8"})
    put(api, value_path(world), {"value": "9"}, '"1"')
    stale = patch(api, value_path(world), {"commentary": "Late"}, '"1"')
    assert stale.status_code == 412
    assert stale.json()["current"]["version"] == 2
    assert Actual.objects.get(indicator=world.tonnage, period__code=Q1).commentary == ""


def test_patch_without_if_match_is_428(world: World, api: Client) -> None:
    put(api, value_path(world), {"value": "8"})
    assert patch(api, value_path(world), {"commentary": "x"}, None).status_code == 428


def test_patch_of_an_unknown_field_is_422_and_changes_nothing(world: World, api: Client) -> None:
    put(api, value_path(world), {"value": "8", "commentary": "Kept"})
    refused = patch(api, value_path(world), {"comentary": "Misspelt"}, '"1"')
    assert refused.status_code == 422
    assert "comentary" in json.dumps(refused.json()["errors"])
    assert Actual.objects.get(indicator=world.tonnage, period__code=Q1).commentary == "Kept"


def test_patch_of_a_value_not_yet_there_is_404(world: World, api: Client) -> None:
    assert patch(api, value_path(world), {"value": "8"}, "*").status_code == 404
    assert not Actual.objects.exists()


def test_patch_goes_through_the_same_checks_as_put(world: World, api: Client) -> None:
    put(api, value_path(world), {"value": "8"})
    refused = patch(api, value_path(world), {"value": "8.123456"}, '"1"')
    assert refused.status_code == 422  # more decimal places than the indicator's
    assert Actual.objects.get(indicator=world.tonnage, period__code=Q1).value == dec(8)


def test_patch_changes_only_the_note_of_a_target(world: World, api: Client) -> None:
    created = put(api, target_path(world), {"value": "7", "is_stretch": True, "note": "Old"})
    assert created.status_code == 201
    changed = patch(api, target_path(world), {"note": "Agreed"}, created["ETag"])
    assert changed.status_code == 200, changed.json()
    target = Target.objects.get(indicator=world.tonnage, period__code=Q1)
    assert (target.value, target.is_stretch, target.note) == (dec(7), True, "Agreed")
    assert changed["ETag"] != created["ETag"]


def test_patch_of_a_target_with_a_stale_if_match_is_412(world: World, api: Client) -> None:
    created = put(api, target_path(world), {"value": "7"})
    put(api, target_path(world), {"value": "6"}, created["ETag"])
    stale = patch(api, target_path(world), {"note": "Late"}, created["ETag"])
    assert stale.status_code == 412
    assert Target.objects.get(indicator=world.tonnage, period__code=Q1).note == ""


def test_patch_of_a_target_field_it_does_not_have_is_422(world: World, api: Client) -> None:
    created = put(api, target_path(world), {"value": "7"})
    assert patch(api, target_path(world), {"valeu": "1"}, created["ETag"]).status_code == 422


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_form_encoded_body_is_415_as_json(world: World, api: Client, method: str) -> None:
    response = getattr(api, method)(
        value_path(world),
        "value=8&commentary=hi",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/json")
    assert "application/json" in response.json()["detail"]
    assert not Actual.objects.exists()


def test_a_form_post_without_a_token_is_still_401(world: World) -> None:
    response = Client().put(value_path(world), "value=8", content_type="text/plain")
    assert response.status_code == 401


def test_json_with_a_charset_is_accepted(world: World) -> None:
    response = Client().put(
        value_path(world),
        json.dumps({"value": "8"}),
        content_type="application/json; charset=utf-8",
        headers=bearer(world.token),
    )
    assert response.status_code == 201


def test_the_openapi_document_lists_patch_and_415_on_every_write() -> None:
    paths = api.get_openapi_schema()["paths"]
    for path in (
        "/api/v1/indicators/{id}/values/{period}",
        "/api/v1/indicators/{id}/targets/{period}",
    ):
        assert {"put", "patch"} <= set(paths[path])
        for method in ("put", "patch"):
            answers = {str(status) for status in paths[path][method]["responses"]}
            assert {"412", "415", "422", "428"} <= answers


def test_patch_counts_against_the_tokens_rate_limit(
    world: World, api: Client, settings: Any
) -> None:
    settings.API_RATE_PER_TOKEN = "3/m"
    put(api, value_path(world), {"value": "8"})  # the first of the three
    answers = [
        patch(api, value_path(world), {"commentary": f"Try {n}"}, "*").status_code for n in range(3)
    ]
    assert answers == [200, 200, 429]
