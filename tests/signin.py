"""Signing in as the tests' users, with the second factor where the account needs one.

Two-factor authentication is enforced in tests as in production. Tests that are not about
signing in use the ``client`` fixture (``SignedInClient``), whose ``force_login`` also does the
second step for anyone who must use it, and the browser helper ``sign_in``, which types a
code from the account's app. Tests about the second step itself pass ``verified=False``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser, User
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.security.twofactor import (
    DEVICE_NAME,
    confirmed_device,
    current_code,
    must_use_two_factor,
)


def authenticator_app(user: User | AbstractBaseUser) -> TOTPDevice:
    """The account's confirmed TOTP device, made if it has none (as set-up would)."""
    device = confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    return device


def code_now(device: TOTPDevice) -> str:
    """The app's current code, usable even if this test already used it (codes are single-use:
    the device remembers the last time step accepted, which a real person would wait out)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return current_code(device)


class SignedInClient(Client):
    """Django's test client; signing in includes the second factor, as for a real person."""

    def force_login(self, user: User, backend: str | None = None, *, verified: bool = True) -> None:
        super().force_login(user, backend)
        if verified and (must_use_two_factor(user) or confirmed_device(user) is not None):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
            session.save()

    def login(self, **credentials: Any) -> bool:
        """Password sign-in through the authentication backends with a request, as the sign-in
        page does (django-axes needs the request); the second step is then ``force_login``'s."""
        request = RequestFactory().post("/login/")
        user = authenticate(request, **credentials)
        if user is None:
            return False
        self.force_login(user)
        return True
