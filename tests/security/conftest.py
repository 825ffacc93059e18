"""Users for the security tests: one who must use two-factor, one who need not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from goldenthread.organisation.models import Council, Person

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def owner(council: Council) -> User:
    user = User.objects.create_user("owner", email="olu.owner@example.gov.uk", password=PASSWORD)
    Person.objects.create(user=user, council=council, role=Person.Role.OWNER)
    return user
