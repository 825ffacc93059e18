"""The demo is built from one seeded random generator: the same arguments, the same council."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Sum

from goldenthread.demo.builder import build_council
from goldenthread.indicators.models import Actual, Indicator, Target

pytestmark = pytest.mark.django_db

SMALL = {"today": date(2026, 11, 23), "password": "pw", "indicators": 30, "years": 2}


def build_and_describe(**arguments: Any) -> dict[str, Any]:
    """Build into an empty database, describe what was built by value, then roll it back."""
    with transaction.atomic():
        build_council(**arguments)
        description = {
            "indicators": list(
                Indicator.objects.order_by("code").values_list(
                    "code", "title", "frequency", "is_key", "is_public", "owner__user__username"
                )
            ),
            "actuals": Actual.objects.aggregate(
                n=Count("id"), total=Sum("value"), numerators=Sum("numerator")
            ),
            "targets": Target.objects.aggregate(n=Count("id"), total=Sum("value")),
            "commentary": sorted(
                Actual.objects.exclude(commentary="").values_list(
                    "indicator__code", "period__code", "commentary", "remedial_action"
                )
            ),
        }
        transaction.set_rollback(True)
    return description


@pytest.fixture(scope="module")
def small_council(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    """The small council with the default seed, built and described once for both tests
    (each build takes seconds); the description is plain values, so sharing it is safe."""
    with django_db_blocker.unblock():
        return build_and_describe(**SMALL)


def test_the_same_arguments_build_the_same_council(small_council: dict[str, Any]) -> None:
    second = build_and_describe(**SMALL)
    assert small_council["actuals"]["n"] > 0
    assert small_council == second


def test_a_different_seed_builds_different_figures(small_council: dict[str, Any]) -> None:
    other = build_and_describe(**SMALL, seed=7)
    assert [row[0] for row in small_council["indicators"]] == [
        row[0] for row in other["indicators"]
    ]
    assert small_council["actuals"]["total"] != other["actuals"]["total"]
