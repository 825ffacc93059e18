"""Passwords are stored with the product's slow hasher, and the security tests run with it."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User


def test_a_password_is_stored_with_pbkdf2_not_a_fast_hash(owner: User) -> None:
    # The rest of the suite hashes with MD5 for speed; this fails if that ever leaks in here.
    assert owner.password.startswith(f"{PBKDF2PasswordHasher.algorithm}$")
    assert owner.check_password("pw-for-tests-1")
