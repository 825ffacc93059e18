"""Repeated failed sign-ins (django-axes): logged and kept in the audit trail."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from goldenthread.core.audit import audit_record
from goldenthread.core.models import AuditEntry

logger = logging.getLogger("goldenthread.security")


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address django-axes counts failures against (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``, unless it is one of ``GOLDENTHREAD_TRUSTED_PROXIES``: then the nearest
    address in ``X-Forwarded-For`` that is not a trusted proxy. The header is read from the
    right because each proxy appends the peer it saw, so only the right-hand entries were
    written by proxies we trust; anything to their left the client could have made up.
    """
    peer = _address(request.META.get("REMOTE_ADDR", "")) or ""
    trusted = {_address(proxy) for proxy in settings.GOLDENTHREAD_TRUSTED_PROXIES} - {None}
    if peer not in trusted:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break  # a garbled header: count the proxy rather than guess
        if address not in trusted:
            return address
    return peer


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_recorded(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any
) -> None:
    """Log the lockout; if the username is an account, add a refused entry to its history."""
    logger.warning(
        "Sign-in locked for %s from %s after %s failures (%s minutes)",
        username,
        ip_address,
        settings.AXES_FAILURE_LIMIT,
        cooloff_minutes(),
    )
    user = User.objects.filter(username=username).first()
    if user is not None:
        audit_record(
            actor=None,
            action=AuditEntry.Action.REFUSED,
            instance=user,
            changes={},
            reason=(
                f"Sign-in locked for {cooloff_minutes()} minutes after "
                f"{settings.AXES_FAILURE_LIMIT} failed attempts from {ip_address}"
            ),
        )


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The GOV.UK page django-axes shows instead of the sign-in form once it is locked."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "security/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "username": username,
            "cooloff_minutes": cooloff_minutes(),
        },
        status=429,
    )
