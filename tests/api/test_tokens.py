"""Tokens: stored hashed, shown once, revocable; a bad token is a JSON 401, never a redirect."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_authenticate, client_revoke
from goldenthread.core.models import AuditEntry
from tests.api.conftest import World, bearer
from tests.signin import SignedInClient


def test_only_the_sha256_of_the_token_is_stored(world: World) -> None:
    client = ApiClient.objects.get(name="Waste system")
    assert client.token_hash == hashlib.sha256(world.token.encode()).hexdigest()
    # The secret is base64url, so it may itself hold "_": split off the prefix only. (Split
    # on every "_", a one-letter fragment of it could turn up in the hex digest by chance.)
    secret = world.token.split("_", 2)[2]
    assert len(secret) >= 40
    assert secret not in client.token_hash
    assert world.token.startswith(f"gt_{client.prefix}_")


def test_the_token_finds_its_client_and_a_changed_token_does_not(world: World) -> None:
    assert client_authenticate(world.token) == world.client
    assert client_authenticate(world.token[:-1] + ("A" if world.token[-1] != "A" else "B")) is None
    assert client_authenticate("gt_nothing_here") is None
    assert client_authenticate("") is None


def test_the_clients_user_cannot_sign_in(world: World) -> None:
    user = world.client.user
    assert not user.has_usable_password()
    assert not hasattr(user, "person") or not User.objects.filter(pk=user.pk, person__isnull=False)


@pytest.mark.parametrize("header", [None, "Bearer gt_abc_def", "Basic Zm9vOmJhcg==", "Bearer "])
def test_a_missing_or_unknown_token_is_a_json_401(world: World, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = Client(headers=headers).get("/api/v1/indicators")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "token" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(world: World) -> None:
    assert Client(headers=bearer(world.token)).get("/api/v1/indicators").status_code == 200
    client_revoke(actor=None, client=world.client)
    assert Client(headers=bearer(world.token)).get("/api/v1/indicators").status_code == 401
    revoked = AuditEntry.objects.get(model="api.apiclient", reason="API token revoked")
    assert "revoked_at" in revoked.changes


def test_a_signed_in_officer_without_a_token_gets_401_not_the_sign_in_page(
    world: World, performance_user: User
) -> None:
    browser = SignedInClient()
    browser.force_login(performance_user)
    response = browser.get("/api/v1/indicators")
    assert response.status_code == 401
    assert "Location" not in response


def test_the_command_creates_a_client_and_prints_its_token_once(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("api_token", "create", "Housing system", "--service", "housing", "--write")
    token = capsys.readouterr().out.strip()
    client = ApiClient.objects.get(name="Housing system")
    assert client.may_write and client.service_ids == [world.housing.pk]
    assert client_authenticate(token) == client
    call_command("api_token", "revoke", "Housing system")
    assert client_authenticate(token) is None


def test_the_command_refuses_an_unknown_service(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nowhere"):
        call_command("api_token", "create", "Lost", "--service", "nowhere")
    assert not ApiClient.objects.filter(name="Lost").exists()


def test_the_description_page_needs_no_token_and_loads_nothing_from_elsewhere(
    world: World,
) -> None:
    response = SignedInClient().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "value_put" not in html and "/api/v1/indicators/{id}/targets/{period}" in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()


def test_an_unknown_api_address_is_a_json_404_and_a_wrong_method_405(world: World) -> None:
    response = Client(headers=bearer(world.token)).get("/api/v1/nothing/here")
    assert response.status_code == 404 and "detail" in response.json()
    assert SignedInClient().delete("/api/v1/indicators").status_code == 405
