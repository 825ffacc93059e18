"""Two-factor for the demo council: the team's logins get an authenticator app ready made."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.organisation.models import Council, Person
from goldenthread.security.twofactor import DEVICE_NAME, must_use_two_factor


def build(*, council: Council) -> list[TOTPDevice]:
    """A confirmed TOTP device (random key) for every demo login that must use two-factor."""
    people = Person.objects.filter(council=council).select_related("user")
    return [
        TOTPDevice.objects.create(user=person.user, name=DEVICE_NAME, confirmed=True)
        for person in people
        if must_use_two_factor(person.user)
    ]
