"""``goldenthread serve``: the production server (gunicorn), static files by WhiteNoise."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

STATIC_IGNORE = [
    "*.scss",
    "*.njk",
    "*.yaml",
    "components",
    "macros",
    "common",
    "i18n",
]


# Every page's stylesheet: without it each page would answer 500 ("Missing staticfiles
# manifest entry"), so the server refuses to start instead.
GOVUK_STYLESHEET = "govuk/govuk-frontend.min.css"
MISSING_ASSETS = (
    "GOV.UK Frontend's assets are missing: in a checkout run `make install` (npm ci); "
    "otherwise install a wheel built by scripts/build-wheel.sh."
)


def assets_check() -> None:
    """Refuse to serve pages that could not be styled: the stylesheet must be found, and
    (once collected) be in the manifest the pages' links are made from."""
    if finders.find(GOVUK_STYLESHEET) is None:
        raise CommandError(MISSING_ASSETS)


def manifest_check() -> None:
    try:
        staticfiles_storage.url(GOVUK_STYLESHEET)
    except ValueError:  # collected before the assets were there: the manifest lacks it
        raise CommandError(MISSING_ASSETS + " Then run `goldenthread serve` again.") from None


def collect_static() -> None:
    """Collect only what pages load: GOV.UK Frontend ships its Sass and templates too."""
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=STATIC_IGNORE)


class Command(BaseCommand):
    help = "Serve Golden Thread with gunicorn (collects static files first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        assets_check()
        if not options["no_collectstatic"]:
            collect_static()
        manifest_check()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "goldenthread.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "60",
        ]
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # nosec B606  # gunicorn with arguments built here, no shell
