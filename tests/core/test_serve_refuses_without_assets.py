"""``goldenthread serve`` refuses to start without GOV.UK Frontend's assets, saying in one
line how to build them, rather than answering 500 on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def test_serve_refuses_when_the_stylesheet_cannot_be_found(settings: Any, tmp_path: Path) -> None:
    settings.STATICFILES_DIRS = [tmp_path]
    with pytest.raises(CommandError) as error:
        call_command("serve", "--no-collectstatic")
    message = str(error.value)
    assert message.startswith(
        "GOV.UK Frontend's assets are missing: in a checkout run `make install`"
    )
    assert "\n" not in message


def test_serve_refuses_when_they_were_collected_without_it(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path  # collected before the assets were there: no manifest entry
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with pytest.raises(CommandError) as error:
        call_command("serve", "--no-collectstatic")
    assert "scripts/build-wheel.sh. Then run `goldenthread serve` again." in str(error.value)
