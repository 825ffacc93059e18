"""The import page, the command's help and the permissions are all made from the registry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import load_command_class
from django.test import Client

from goldenthread.imports.permissions import import_permission
from goldenthread.imports.registry import (
    REGISTRY,
    ImportPermission,
    Kind,
    Report,
    page_kinds,
    register,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person


def offered(response: Any) -> list[str]:
    return re.findall(r'name="kind" type="radio" value="([^"]+)"', response.content.decode())


def owner_of(indicator: Indicator, council: Council) -> User:
    user = User.objects.create_user("owner", password="pw-for-tests-1")
    indicator.owner = Person.objects.create(user=user, council=council, role=Person.Role.OWNER)
    indicator.save()
    return user


@pytest.fixture
def owners_kind() -> Iterator[Kind]:
    """A kind on the page that anyone who owns an indicator may import."""

    def run(path: Path, **_: Any) -> Report:
        return Report(kind="owned", rows=1)

    def owners(user: User) -> ImportPermission:
        return ImportPermission(Person.objects.filter(user=user, indicators__isnull=False).exists())

    kind = register(Kind(name="owned", help="a test kind", run=run, label="Owned", on_page=True))
    REGISTRY["owned"] = kind = Kind(**{**kind.__dict__, "permission": owners})
    yield kind
    del REGISTRY["owned"]


def test_the_page_offers_exactly_the_registered_page_kinds(
    client: Client, performance_user: User, days: Indicator
) -> None:
    client.force_login(performance_user)
    response = client.get("/import/")
    assert offered(response) == [kind.name for kind in page_kinds()]
    assert offered(response) == ["values", "targets", "indicators", "structure", "people"]
    for kind in page_kinds():
        assert kind.label in response.content.decode()


def test_the_command_help_lists_exactly_the_registered_kinds() -> None:
    parser = load_command_class("goldenthread.imports", "import").create_parser(
        "goldenthread", "import"
    )
    listed = re.findall(r"^    (\w+) ", parser.format_help(), re.MULTILINE)
    assert listed == sorted(REGISTRY)
    assert {"values", "finance", "lgbf", "actionplan", "comparators"} <= set(REGISTRY)


def test_a_kind_the_role_may_not_import_is_not_offered_and_is_refused_on_post(
    client: Client, council: Council, days: Indicator
) -> None:
    client.force_login(owner_of(days, council))
    assert offered(client.get("/import/")) == ["values"]
    response = client.post(
        "/import/", {"kind": "targets", "file": SimpleUploadedFile("t.csv", b"indicator\n")}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_kinds_own_permission_rule_decides_who_may_use_it(
    client: Client, council: Council, days: Indicator, owners_kind: Kind
) -> None:
    owner = owner_of(days, council)
    assert import_permission(owner, "owned").allowed
    client.force_login(owner)
    assert offered(client.get("/import/")) == ["values", "owned"]
    response = client.post(
        "/import/", {"kind": "owned", "file": SimpleUploadedFile("o.csv", b"a\n1\n")}
    )
    assert response.status_code == 200
    days.owner = None
    days.save()
    assert not import_permission(owner, "owned").allowed
    assert not import_permission(owner, "values").allowed
