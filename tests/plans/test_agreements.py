"""LPSA stretch targets with their reward, achieved or projected; LAA partner shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council
from goldenthread.plans import selectors, services
from goldenthread.plans.models import Plan, PlanKind
from goldenthread.plans.rewards import Standing
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def lpsa(
    make_plan: Callable[..., Plan], make_indicator: Callable[..., Indicator], periods: None
) -> Plan:
    plan = make_plan(
        PlanKind.LPSA, "LPSA", start=date(2023, 4, 1), end=date(2025, 3, 31),
        pump_priming_grant=Decimal("495000"),
    )  # fmt: skip
    for code, latest in (("GCSE", "56.0"), ("KSI", "105"), ("NODATA", None)):
        polarity = "lower" if code == "KSI" else "higher"
        indicator = make_indicator(code=code, title=code, polarity=polarity, aggregation="latest")
        objective = services.objective_create(
            actor=None, plan=plan, title=code, kind="stretch_target"
        )
        expected, stretch = (dec(120), dec(100)) if code == "KSI" else (dec(52), dec(56))
        services.stretch_target_set(
            actor=None, objective=objective, indicator=indicator,
            expected_without_stretch=expected, stretch=stretch,
        )  # fmt: skip
        if latest:
            indicator_services.actual_record(
                state="approved",
                actor=None,
                indicator=indicator,
                period=period("2024-25-Q3"),
                value=dec(latest),
            )
            # After the agreement's end: not counted.
            indicator_services.actual_record(
                state="approved",
                actor=None,
                indicator=indicator,
                period=period("2025-26-Q1"),
                value=dec(1),
            )
    return plan


def test_after_the_end_the_reward_is_achieved_all_or_nothing(lpsa: Plan) -> None:
    summary = selectors.stretch_summary(plan=lpsa, today=date(2025, 11, 20))
    assert summary.final
    assert [(line.objective.title, line.reward.standing) for line in summary.lines] == [
        ("GCSE", Standing.ACHIEVED), ("KSI", Standing.NOT_ACHIEVED), ("NODATA", Standing.NO_DATA),
    ]  # fmt: skip
    assert summary.available == Decimal("1005000")
    assert summary.earned == Decimal("335000")


def test_pro_rata_pays_part_of_the_lower_is_better_target(lpsa: Plan) -> None:
    services.plan_update(actor=None, plan=lpsa, reward_rule="pro_rata", reward_threshold=dec(60))
    summary = selectors.stretch_summary(plan=lpsa, today=date(2025, 11, 20))
    assert summary.earned == Decimal("335000") + Decimal("251250")


def test_before_the_end_the_reward_is_projected(lpsa: Plan) -> None:
    summary = selectors.stretch_summary(plan=lpsa, today=date(2025, 1, 15))
    assert not summary.final
    assert summary.earned == Decimal("335000")


def test_a_stretch_no_better_than_expected_is_refused(
    lpsa: Plan, make_indicator: Callable[..., Indicator]
) -> None:
    objective = services.objective_create(actor=None, plan=lpsa, title="Backwards")
    with pytest.raises(ValidationError) as error:
        services.stretch_target_set(
            actor=None, objective=objective, indicator=make_indicator(polarity="higher"),
            expected_without_stretch=dec(60), stretch=dec(55),
        )  # fmt: skip
    assert "above the level expected" in error.value.message_dict["stretch"][0]


def test_a_negative_reward_grant_is_refused(
    lpsa: Plan, make_indicator: Callable[..., Indicator]
) -> None:
    objective = services.objective_create(actor=None, plan=lpsa, title="Negative")
    with pytest.raises(ValidationError) as error:
        services.stretch_target_set(
            actor=None, objective=objective, indicator=make_indicator(polarity="higher"),
            expected_without_stretch=dec(50), stretch=dec(55), reward_grant=dec(-5),
        )  # fmt: skip
    assert "reward_grant" in error.value.message_dict


def test_laa_shares_are_owned_by_partners_and_checked_against_the_target(
    council: Council, make_plan: Callable[..., Plan]
) -> None:
    laa = make_plan(PlanKind.LAA, "LAA", start=date(2024, 4, 1), end=date(2027, 3, 31))
    target = services.objective_create(
        actor=None, plan=laa, kind="shared_target", title="Fewer burglaries", target_value=dec(300)
    )
    police = services.partner_create(actor=None, council=council, name="Police", code="police")
    north = services.area_create(
        actor=None, council=council, kind="district", name="North", code="north"
    )
    south = services.area_create(
        actor=None, council=council, kind="district", name="South", code="south"
    )
    services.target_share_set(
        actor=None, objective=target, partner=police, area=north, value=dec(180)
    )
    services.target_share_set(
        actor=None, objective=target, partner=police, area=south, value=dec(100)
    )
    [shared] = selectors.laa_shares(plan=laa)
    assert (shared.total, shared.balanced) == (Decimal(280), False)
    services.target_share_set(
        actor=None, objective=target, partner=police, area=south, value=dec(120)
    )
    [shared] = selectors.laa_shares(plan=laa)
    assert (shared.total, shared.balanced) == (Decimal(300), True)
    with pytest.raises(ValidationError) as error:
        services.target_share_set(
            actor=None, objective=target, partner=police, area=north, value=dec(-1)
        )
    assert "value" in error.value.message_dict
