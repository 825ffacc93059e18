"""API clients in the admin: created through the service, the token shown once, revocable."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_authenticate
from goldenthread.core.models import AuditEntry
from tests.api.conftest import World
from tests.signin import SignedInClient


def admin_client() -> Client:
    browser = SignedInClient()
    browser.force_login(User.objects.create_superuser("root", password="pw-for-tests-1"))
    return browser


def test_creating_a_client_in_the_admin_shows_its_token_once(world: World) -> None:
    browser = admin_client()
    response = browser.post(
        "/admin/api/apiclient/add/",
        {"council": world.council.pk, "name": "Housing system", "services": [world.housing.pk]},
        follow=True,
    )
    assert response.status_code == 200
    shown = re.search(r"gt_[0-9a-f]+_[-\w]+", response.content.decode())
    assert shown is not None
    client = ApiClient.objects.get(name="Housing system")
    assert client_authenticate(shown.group()) == client
    assert client.service_ids == [world.housing.pk] and not client.may_write
    assert AuditEntry.objects.filter(model="api.apiclient", object_id=str(client.pk)).exists()
    page = browser.get(f"/admin/api/apiclient/{client.pk}/change/").content.decode()
    assert shown.group() not in page and client.token_hash not in page


def test_the_admin_revokes_selected_clients(world: World) -> None:
    admin_client().post(
        "/admin/api/apiclient/",
        {"action": "revoke", "_selected_action": [world.client.pk]},
    )
    assert client_authenticate(world.token) is None
