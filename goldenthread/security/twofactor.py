"""Two-factor authentication with TOTP (django-otp): who needs it, and the device services.

The performance team, administrators and any staff (admin-site) user must confirm a
six-digit code from an authenticator app after their password; anyone else may set up an app
and is then asked for a code too. A session counts as verified once a code has been accepted
(django-otp keeps the device in the session), or, if the council trusts it, when the identity
provider says it did multi-factor sign-in itself (ADR 0013).
"""

from __future__ import annotations

import base64
import logging
import math
import re
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.access import is_performance_team
from goldenthread.core.audit import audit_record
from goldenthread.core.models import AuditEntry

logger = logging.getLogger("goldenthread.security")

# Set at sign-in when the account has an app, so the second step is asked for without a query
# on every request; and set by single sign-on when the provider's MFA is trusted.
DUE_SESSION_KEY = "gt_second_factor_due"
IDP_MFA_SESSION_KEY = "gt_idp_mfa_user"
DEVICE_NAME = "Authenticator app"
# When the session was last renewed (see goldenthread.security.middleware.SessionIdleMiddleware).
ACTIVE_SESSION_KEY = "gt_active_at"


def must_use_two_factor(user: User | AnonymousUser | AbstractBaseUser) -> bool:
    """The performance team, administrators, superusers and staff may not skip the code."""
    return bool(
        user.is_authenticated and (getattr(user, "is_staff", False) or is_performance_team(user))  # type: ignore[arg-type]
    )


def session_verified(request: HttpRequest) -> bool:
    user: Any = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(IDP_MFA_SESSION_KEY) == user.pk:
        return True
    return bool(user.is_verified())


def second_factor_due(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """At sign-in: note in the session whether this account has an app to confirm."""
    if request is not None and hasattr(request, "session"):
        request.session[DUE_SESSION_KEY] = confirmed_device(user) is not None
        request.session[ACTIVE_SESSION_KEY] = int(time.time())


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether this signed-in session must still enter a code before going on."""
    if not request.user.is_authenticated or session_verified(request):
        return False
    return must_use_two_factor(request.user) or bool(request.session.get(DUE_SESSION_KEY))


def confirmed_device(user: User | AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device being set up (the same one while the page is reloaded)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a new device with its first code; the session is then verified. Audited."""
    if not device.verify_token(token):
        logger.info("Wrong code while setting up two-factor for %s", device.user)
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other half-finished set-up is now stale: one app per account.
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit_record(
        actor=device.user,
        action=AuditEntry.Action.CREATE,
        instance=device,
        changes={"name": [None, device.name], "confirmed": [False, True]},
        reason="Two-factor authentication set up",
    )
    otp_login(request, device)
    return True


def totp_verify(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Check a code from the account's app; on success the session is verified."""
    if device.verify_token(token):
        otp_login(request, device)
        return True
    logger.info("Wrong two-factor code for %s", device.user)
    return False


def wait_seconds(device: TOTPDevice) -> int:
    """Seconds until another code may be tried (django-otp slows down repeated wrong codes)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """The ``otpauth://`` address as an inline SVG QR code: no image request, no script."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Sized by the stylesheet (gt-qr-code), not by the library's millimetres.
    svg = (
        re.sub(r' (width|height)="[^"]*"', "", svg.split(">", 1)[0], count=2)
        + ">"
        + svg.split(">", 1)[1]
    )
    return svg.replace(
        "<svg ",
        '<svg class="gt-qr-code" role="img" aria-label="QR code for your authenticator app" ',
        1,
    )


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code the app shows now (demo and tests only: the ``totp`` command, ``sign_in``)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
