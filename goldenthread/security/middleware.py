"""Two-factor enforcement, the idle timeout and the Permissions-Policy header."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from goldenthread.security.twofactor import ACTIVE_SESSION_KEY, second_factor_pending

# Paths a signed-in person who still owes a code may reach: the two-factor pages themselves,
# signing out, static files and the health check.
OPEN_PREFIXES = ("/two-factor/", "/logout/", "/static/", "/assets/", "/healthz")
# Pages that never read the session, so they stay cacheable and the same for everyone: the
# public site, open data and the token-only API (they must not even ask who is signed in).
SESSIONLESS_PREFIXES = ("/public/", "/open-data/", "/api/v1/")


def renew_every(idle_seconds: int) -> int:
    """How often activity is written to the session: often enough that the idle timeout is
    accurate to a few minutes, rarely enough that most pages write nothing."""
    return max(1, min(300, idle_seconds // 6))


class SessionIdleMiddleware:
    """End sessions after ``SESSION_COOKIE_AGE`` seconds without a request.

    Django's ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every page; here a
    timestamp is refreshed only when it is older than ``renew_every``, and saving the session
    is what pushes its expiry (and the cookie's) forward.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(SESSIONLESS_PREFIXES) and request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(ACTIVE_SESSION_KEY, 0)
            if now - seen >= renew_every(settings.SESSION_COOKIE_AGE):
                request.session[ACTIVE_SESSION_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send a signed-in person who owes a second factor to the code page, from anywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/two-factor/"):
            # The code pages show no navigation until the code is in (base.html).
            request.second_factor_pending = second_factor_pending(request)  # type: ignore[attr-defined]
        elif not request.path.startswith(
            OPEN_PREFIXES + SESSIONLESS_PREFIXES
        ) and second_factor_pending(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{query}")
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
