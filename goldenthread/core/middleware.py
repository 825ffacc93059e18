"""Static files, including GOV.UK Frontend's fonts and images at the path its CSS expects;
a locked database answered with 503 and ``Retry-After`` rather than 500."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from whitenoise.middleware import WhiteNoiseMiddleware

logger = logging.getLogger(__name__)


class GovukAssetsMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, plus ``/assets/`` served from the installed govuk-frontend package.

    The precompiled ``govuk-frontend.min.css`` refers to ``/assets/fonts/…`` and
    ``/assets/images/…`` by absolute path, so the package's ``assets`` folder must answer there.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assets = settings.GOVUK_FRONTEND_DIST / "assets"
        if assets.is_dir():
            self.add_files(str(assets), prefix="assets/")


# How long a person is asked to wait before trying again. The import holds SQLite's write lock
# for well under a second at a time (docs/adr/0020), so a few seconds is enough; a browser
# does not retry by itself, but an API client should.
RETRY_AFTER_SECONDS = 5
# PostgreSQL's codes for "gave up waiting for a lock" (lock_timeout) and "cancelled by
# statement_timeout while waiting"; SQLite says it in words.
_POSTGRES_BUSY = {"55P03", "57014"}
_SQLITE_BUSY = ("database is locked", "database table is locked")


def database_busy(error: BaseException | None) -> bool:
    """Whether ``error`` means another transaction held a lock longer than we wait for one:
    a moment of contention, not a fault in the request, so the answer is 503, not 500."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in _POSTGRES_BUSY:
        return True
    return str(error).startswith(_SQLITE_BUSY)


def busy_response(request: HttpRequest) -> HttpResponse:
    """ "Sorry, the service is busy": HTML for people, JSON for the API. Made without the
    database (it is what was busy) and without the site's layout, which reads it."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": "The service is busy. Try again in a few seconds.",
                "retry_after": RETRY_AFTER_SECONDS,
            },
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("core/busy.html", {"seconds": RETRY_AFTER_SECONDS}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """Answers 503 with ``Retry-After`` when a view meets a locked database.

    A long write (an import, a backup step) can hold SQLite's one write lock, or a row lock on
    PostgreSQL, longer than a request waits (``timeout`` in settings). That is "try again",
    not an error in the service. Exceptions raised outside views (the session saved after the
    view) reach ``server_error`` instead, which gives the same answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_busy(exception):
            logger.warning("Database busy, answered 503: %s %s", request.method, request.path)
            return busy_response(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 for a locked database met outside a view, else Django's 500."""
    if database_busy(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request)
