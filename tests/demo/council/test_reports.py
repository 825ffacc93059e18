"""The demo council has bodies with meetings, a full reporting matrix, five years of finance,
challenge sessions, the annual cycle and referrals to Cabinet."""

from __future__ import annotations

import pytest

from goldenthread.demo.builder import BuildSummary
from goldenthread.indicators.models import Indicator
from goldenthread.reports.models import (
    Body,
    Challenge,
    CycleEvent,
    FinanceFigure,
    MatrixEntry,
    Meeting,
    Referral,
    UnitCost,
)

pytestmark = pytest.mark.django_db


def test_demo_reports_data(castlebridge: BuildSummary) -> None:
    assert Body.objects.count() == 11
    assert Meeting.objects.filter(body__kind="cabinet").count() >= 30
    # Every indicator reaches at least its lead member and its scrutiny committee.
    assert MatrixEntry.objects.values("indicator").distinct().count() == Indicator.objects.count()
    assert MatrixEntry.objects.filter(body__kind="cabinet").count() == castlebridge.key_indicators
    years = set(FinanceFigure.objects.values_list("period__financial_year", flat=True))
    assert len(years) == 5
    assert UnitCost.objects.exists()
    assert Challenge.objects.filter(status="open").exists()
    assert Challenge.objects.filter(status="closed").exists()
    assert CycleEvent.objects.values("month").distinct().count() >= 10
    assert Referral.objects.filter(to_body__kind="cabinet").count() == 2
