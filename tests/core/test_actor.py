"""Who is recorded as having made a change."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from goldenthread.core.audit import user_of


def test_a_signed_in_user_is_recorded_as_themselves() -> None:
    user = User(username="officer")
    assert user_of(user) is user


def test_the_anonymous_visitor_is_recorded_as_no_one() -> None:
    assert user_of(AnonymousUser()) is None


def test_the_system_is_recorded_as_no_one() -> None:
    assert user_of(None) is None
