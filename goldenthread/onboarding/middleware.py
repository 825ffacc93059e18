"""While the database is empty, every page leads to the first-run page, ``/setup/``."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from goldenthread.onboarding.selectors import setup_open

# Pages that work before set-up: the set-up page itself, its assets, the health check.
EXEMPT_PREFIXES = ("/setup/", "/set-password/", "/invitation/", "/static/", "/assets/", "/healthz")


class FirstRunMiddleware:
    """Sends every page to ``/setup/`` until a council or an account exists.

    Once the installation is set up it never asks again in this process, so a set-up
    installation pays for the check once per worker, not once per request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.set_up = not settings.GOLDENTHREAD_FIRST_RUN_REDIRECT

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.set_up and not request.path.startswith(EXEMPT_PREFIXES):
            if setup_open():
                return HttpResponseRedirect(reverse("setup"))
            self.set_up = True
        return self.get_response(request)
