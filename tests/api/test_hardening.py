"""Defects 10 and 11: every /api/v1/ answer is JSON; unknown fields are refused; text is
capped; wrong tokens and busy tokens are answered 429 with Retry-After."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from goldenthread.api.schemas import TEXT_MAX
from goldenthread.indicators.models import Actual
from tests.api.conftest import World, bearer
from tests.api.test_writes import Q1, put, value_path


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    cache.clear()


def _is_json(response: Any) -> bool:
    return response["Content-Type"].startswith("application/json") and "detail" in json.loads(
        response.content
    )


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_api_errors_are_json_for_an_unknown_path_with_any_method(world: World, method: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/v1/nowhere", headers=bearer(world.token))
    assert response.status_code == 404
    assert _is_json(response)


def test_api_errors_are_json_for_a_wrong_method_with_allow(world: World, api: Client) -> None:
    response = api.delete(value_path(world))
    assert response.status_code == 405
    assert _is_json(response)
    assert "PUT" in response["Allow"]


def test_api_errors_are_json_for_a_body_over_the_limit(
    world: World, api: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = put(api, value_path(world), {"value": "9.1", "commentary": "x" * 2000})
    assert response.status_code == 413
    assert _is_json(response)


def test_api_unknown_fields_are_refused_not_dropped(world: World, api: Client) -> None:
    response = put(api, value_path(world), {"value": "9.1", "state": "approved"})
    assert response.status_code == 422 and _is_json(response)
    assert "state" in json.dumps(response.json()["errors"])
    response = put(api, value_path(world), {"value": "9.1", "comentary": "typo"})
    assert response.status_code == 422
    assert not Actual.objects.filter(indicator=world.tonnage, period__code=Q1).exists()


def test_api_text_is_capped_at_the_commentary_length(world: World, api: Client) -> None:
    response = put(api, value_path(world), {"value": "9.1", "commentary": "x" * (TEXT_MAX + 1)})
    assert response.status_code == 422
    assert (
        put(api, value_path(world), {"value": "9.1", "commentary": "x" * TEXT_MAX}).status_code
        == 201
    )


def test_api_wrong_tokens_from_one_address_are_answered_429(world: World, settings: Any) -> None:
    settings.API_RATE_PER_ADDRESS = "5/m"
    client = Client()
    answers = [
        client.get("/api/v1/indicators", headers=bearer(f"wrong-{n}")).status_code for n in range(8)
    ]
    assert answers[:5] == [401] * 5 and answers[5:] == [429] * 3
    response = client.get("/api/v1/indicators", headers=bearer("wrong"))
    assert _is_json(response) and int(response["Retry-After"]) > 0


def test_api_a_busy_token_is_answered_429_with_retry_after(world: World, settings: Any) -> None:
    settings.API_RATE_PER_TOKEN = "3/m"
    client = Client()
    answers = [
        client.get("/api/v1/indicators", headers=bearer(world.token)).status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    response = client.get("/api/v1/indicators", headers=bearer(world.token))
    assert _is_json(response) and int(response["Retry-After"]) > 0
    # Another token is counted on its own.
    assert client.get("/api/v1/indicators", headers=bearer(world.reader)).status_code == 200


def test_api_the_openapi_document_lists_the_new_answers(world: World) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    put_spec = spec["paths"]["/api/v1/indicators/{id}/values/{period}"]["put"]
    assert {"413", "422", "429"} <= set(put_spec["responses"])
    body = spec["components"]["schemas"]["ValueIn"]
    assert body["additionalProperties"] is False
    assert body["properties"]["commentary"]["maxLength"] == TEXT_MAX
