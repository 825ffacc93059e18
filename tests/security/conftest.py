"""Users for the security tests: one who must use two-factor, one who need not.

Every test here signs in with the product's real password hashers rather than the fast one
the rest of the suite uses (tests/conftest.py): sign-in, lockout, two-factor and single
sign-on are what hashing is for, so they are tested with it as a council runs it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from goldenthread.organisation.models import Council, Person

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def signing_in_hashes_as_in_production(real_password_hashing: Any) -> None:
    """Autouse fixtures come first, so users made by the fixtures below get real hashes."""


@pytest.fixture
def owner(council: Council) -> User:
    user = User.objects.create_user("owner", email="olu.owner@example.gov.uk", password=PASSWORD)
    Person.objects.create(user=user, council=council, role=Person.Role.OWNER)
    return user
