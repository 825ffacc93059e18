"""The default demo council: its shape, its people, and the history behind its scorecard."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from goldenthread import status
from goldenthread.demo.builder import COUNCIL_NAME, BuildSummary
from goldenthread.indicators.models import (
    AGGREGATION_CHOICES,
    POLARITY_CHOICES,
    RATIO_SCALE,
    Actual,
    Indicator,
    Target,
    Unit,
)
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.scorecard import selectors

from .conftest import BUILD_DAY, PASSWORD

pytestmark = pytest.mark.django_db

# The units named in docs/sources.md#domain-indicators: %, number, days, £, rate per 1,000.
DOMAIN_UNITS = {Unit.PERCENT, Unit.NUMBER, Unit.DAYS, Unit.POUNDS, Unit.RATE_PER_1000}


def test_the_council_is_the_fictional_borough_of_castlebridge(castlebridge: BuildSummary) -> None:
    council = Council.objects.get()
    assert council.name == COUNCIL_NAME == castlebridge.council
    assert council.gss_code == "E07999999"  # a made-up code (benchmarking demo): fictional council
    assert council.default_tolerance_amount == 5


def test_there_are_at_least_four_directorates_and_twelve_services_with_sections(
    castlebridge: BuildSummary,
) -> None:
    units = OrgUnit.objects.all()
    directorates = units.filter(kind=OrgUnit.Kind.DIRECTORATE)
    services = units.filter(kind=OrgUnit.Kind.SERVICE)
    assert directorates.count() >= 4
    assert services.count() >= 12
    for directorate in directorates:
        assert directorate.children.count() >= 3
    for service in services:
        assert 1 <= service.children.filter(kind=OrgUnit.Kind.SECTION).count() <= 2


def test_at_least_80_key_indicators_cover_every_polarity_unit_and_aggregation(
    castlebridge: BuildSummary,
) -> None:
    key = Indicator.objects.filter(is_key=True)
    assert key.count() >= 80 and castlebridge.indicators == 84
    assert set(key.values_list("polarity", flat=True)) == {v for v, _ in POLARITY_CHOICES}
    assert set(key.values_list("aggregation", flat=True)) == {v for v, _ in AGGREGATION_CHOICES}
    assert set(key.values_list("unit", flat=True)) >= DOMAIN_UNITS
    assert key.filter(cumulative=True).exists()
    assert {"month", "quarter", "financial_year", "half_year"} <= set(
        key.values_list("frequency", flat=True)
    )


def test_ratio_actuals_are_the_numerator_over_the_denominator_times_the_scale(
    castlebridge: BuildSummary,
) -> None:
    ratios = Actual.objects.filter(indicator__aggregation="ratio").select_related("indicator")
    assert ratios.count() > 500
    for actual in ratios:
        assert actual.numerator is not None and actual.denominator is not None
        assert actual.numerator == actual.numerator.to_integral_value()
        scale = RATIO_SCALE.get(Unit(actual.indicator.unit), Decimal(1))
        expected = (actual.numerator * scale / actual.denominator).quantize(Decimal("0.000001"))
        assert actual.value == expected
    assert (
        not Actual.objects.exclude(indicator__aggregation="ratio")
        .filter(numerator__isnull=False)
        .exists()
    )


def test_percentages_stay_between_0_and_100(castlebridge: BuildSummary) -> None:
    values = Actual.objects.filter(
        indicator__unit=Unit.PERCENT, indicator__polarity__in=["higher", "lower"]
    ).values_list("value", flat=True)
    assert all(0 <= value <= 100 for value in values)


def test_there_is_a_login_for_every_role_named_after_it(castlebridge: BuildSummary) -> None:
    for role in Person.Role:
        person = Person.objects.select_related("user").get(user__username=role.value)
        assert person.role == role
        assert person.user.check_password(PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    scopes = {
        username: Person.objects.get(user__username=username).scope
        for username in ("director", "head_of_service", "owner")
    }
    assert scopes["director"] is not None and scopes["director"].kind == OrgUnit.Kind.DIRECTORATE
    assert all(
        scope is not None and scope.kind == OrgUnit.Kind.SERVICE
        for scope in (scopes["head_of_service"], scopes["owner"])
    )
    assert ("performance", "Performance officer") in castlebridge.logins


def test_the_performance_officer_can_use_the_indicator_and_organisation_admin(
    castlebridge: BuildSummary,
) -> None:
    performance = User.objects.get(username="performance")
    assert performance.is_staff and not performance.is_superuser
    assert performance.has_perm("indicators.change_indicator")
    assert performance.has_perm("indicators.add_target")
    assert performance.has_perm("organisation.change_orgunit")


def test_the_owner_login_owns_at_least_five_indicators_in_their_service(
    castlebridge: BuildSummary,
) -> None:
    owner = Person.objects.get(user__username="owner")
    owned = Indicator.objects.filter(owner=owner)
    assert owned.count() >= 5
    assert set(owned.values_list("service", flat=True)) == {owner.scope_id}
    assert not Indicator.objects.filter(owner__isnull=True).exists()


def test_actuals_exist_only_for_periods_that_have_ended(castlebridge: BuildSummary) -> None:
    assert not Actual.objects.filter(period__end__gte=BUILD_DAY).exists()
    assert Actual.objects.count() == castlebridge.actuals
    states = Counter(Actual.objects.values_list("state", flat=True))
    assert set(states) == set(Actual.State)
    # Only each indicator's latest return is still moving through the workflow.
    in_flow = Actual.objects.filter(state__in=["draft", "submitted", "returned"])
    assert in_flow.count() <= Indicator.objects.count()
    assert not Actual.objects.filter(period__locked_at__isnull=True, state="published").exists()
    returned = Actual.objects.filter(state=Actual.State.RETURNED)
    assert returned.exists() and not returned.filter(returned_reason="").exists()
    assert not Actual.objects.filter(state="approved", approved_by__isnull=True).exists()
    commented = Actual.objects.exclude(commentary="").count() / Actual.objects.count()
    assert 0.3 < commented < 0.5


def test_targets_follow_each_indicators_polarity(castlebridge: BuildSummary) -> None:
    assert not Target.objects.filter(indicator__polarity="none").exists()
    bands = Target.objects.filter(indicator__polarity="band")
    assert bands.exists()
    assert not bands.filter(lower__isnull=True).exists()
    assert (
        not Target.objects.exclude(indicator__polarity="band").filter(value__isnull=True).exists()
    )
    untargeted = Indicator.objects.filter(polarity__in=["higher", "lower"], targets__isnull=True)
    assert 1 <= untargeted.count() <= 6


def test_the_latest_quarter_shows_a_believable_scorecard(castlebridge: BuildSummary) -> None:
    card = selectors.scorecard(council=Council.objects.get(), today=BUILD_DAY)
    assert len(card.rows) >= 80
    rated = sum(card.counts[rag] for rag in (status.Rag.GREEN, status.Rag.AMBER, status.Rag.RED))
    assert 0.55 <= card.counts[status.Rag.GREEN] / rated <= 0.65
    assert 0.12 <= card.counts[status.Rag.AMBER] / rated <= 0.25
    assert 0.12 <= card.counts[status.Rag.RED] / rated <= 0.25
    assert card.counts[status.Rag.MISSING] >= 3
    assert card.counts[status.Rag.NOT_RATED] >= 3


def test_castlebridge_is_benchmarked_against_real_english_districts(
    castlebridge: BuildSummary,
) -> None:
    from goldenthread.benchmarking import selectors
    from goldenthread.benchmarking.models import BenchmarkSetting

    council = Council.objects.get()
    assert BenchmarkSetting.objects.count() == 8
    found = selectors.indicator_benchmarks(
        council=council,
        indicators=list(BenchmarkSetting.objects.values_list("indicator_id", flat=True)),
    )
    assert len(found) == 8
    assert all(b.result.count == 13 and b.result.our_quartile for b in found.values())
    assert selectors.summary(council=council, year=None).overall.placed == 8
