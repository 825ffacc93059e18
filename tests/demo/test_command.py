"""``goldenthread demo``: loads the council once, prints the logins, and can reset passwords."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from goldenthread.organisation.models import Council

pytestmark = pytest.mark.django_db


def run_demo(*arguments: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", "--today", "2026-11-23", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_demo_loads_the_council_and_the_performance_login_works(client: Client) -> None:
    output = run_demo("--password", "pw12345!")
    assert Council.objects.count() == 1
    assert "Building the demo council" in output
    assert "http://127.0.0.1:8000/" in output
    assert "performance" in output and "pw12345!" in output
    assert client.login(username="performance", password="pw12345!")
    # The team's logins come with an authenticator app: its key is printed with the logins.
    assert "These logins also enter a code from an authenticator app" in output
    assert re.search(r"performance +key [A-Z2-7]{4} ", output)
    assert re.search(r"admin +key [A-Z2-7]{4} ", output)
    assert not re.search(r"owner +key", output)


def test_demo_loads_once_and_resets_the_passwords_when_asked(client: Client) -> None:
    run_demo()
    output = run_demo("--password", "another-pw-2")
    assert Council.objects.count() == 1
    assert "already loaded" in output
    assert client.login(username="owner", password="another-pw-2")
    assert not client.login(username="owner", password="demo")
