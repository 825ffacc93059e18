"""The API's rate limits (django-ninja's throttling), read from settings on every request so
a deployment (or a test) can change them: one per client token, and one per address for
requests that bring no valid token, so guessing tokens is answered 429, not 401, after a few.

The counts live in Django's cache: the default (per-process memory) cache counts each
gunicorn worker separately, so the effective limit is the rate times the workers; a shared
cache (e.g. Redis or the database cache) makes it exact. ADR 0016.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, SimpleRateThrottle


def _refresh(throttle: SimpleRateThrottle, setting: str) -> None:
    throttle.rate = getattr(settings, setting)
    throttle.num_requests, throttle.duration = throttle.parse_rate(throttle.rate)


class PerToken(AuthRateThrottle):
    setting = "API_RATE_PER_TOKEN"
    scope = "api-token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_PER_TOKEN)

    def get_cache_key(self, request: HttpRequest) -> str:
        client = getattr(request, "auth", None)
        ident = f"client-{client.pk}" if client is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: HttpRequest) -> bool:
        _refresh(self, self.setting)
        return super().allow_request(request)


class PerAddress(AnonRateThrottle):
    """Counts requests that brought no valid token, by address."""

    setting = "API_RATE_PER_ADDRESS"
    scope = "api-address"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_PER_ADDRESS)

    def allow_request(self, request: HttpRequest) -> bool:
        _refresh(self, self.setting)
        return super().allow_request(request)
