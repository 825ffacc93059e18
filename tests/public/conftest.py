from __future__ import annotations

from typing import Any

import pytest

from goldenthread.organisation.models import Council, OrgUnit


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = "2025-11-20"


@pytest.fixture
def service(council: Council, service_unit: OrgUnit) -> OrgUnit:
    return service_unit
