"""Benchmarking for the demo council: Castlebridge against a real group of English districts.

The twelve comparators are real East of England district councils (names and GSS codes from
mySociety's list, CC BY 4.0); their figures are ILLUSTRATIVE, generated around Castlebridge's
own, and the measures' source says so. Castlebridge's own figure for a year is its outturn
by the status rules (``status.year_to_date`` over the year's periods: the last figure of a
cumulative indicator, Σnum ÷ Σden of a ratio), so a benchmark never contradicts the outturn
shown beside it on the same page (issue 19: a mean of quarterly year-to-date figures gave
60.9 % of business rates collected against an outturn of 97.9 %). The real Scottish LGBF data loads separately
(``goldenthread import authorities …`` then ``goldenthread import lgbf …``; see README).
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

from goldenthread import status
from goldenthread.benchmarking.models import (
    Authority,
    BenchmarkSetting,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    Measure,
)
from goldenthread.benchmarking.statistics import statistics_refresh
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import Council

SOURCE = "Demo (illustrative figures)"
CASTLEBRIDGE_GSS = "E07999999"  # not a real code: Castlebridge is fictional
GROUP = "Castlebridge's nearest neighbours (illustrative)"
MEASURES = 8
NEIGHBOURS = [
    ("E07000200", "Babergh District Council", "Babergh", "BAB"),
    ("E07000066", "Basildon Borough Council", "Basildon", "BAI"),
    ("E07000067", "Braintree District Council", "Braintree", "BRA"),
    ("E07000143", "Breckland District Council", "Breckland", "BRE"),
    ("E07000144", "Broadland District Council", "Broadland", "BRO"),
    ("E07000068", "Brentwood Borough Council", "Brentwood", "BRW"),
    ("E07000095", "Broxbourne Borough Council", "Broxbourne", "BRX"),
    ("E07000069", "Castle Point Borough Council", "Castle Point", "CAS"),
    ("E07000070", "Chelmsford City Council", "Chelmsford", "CHL"),
    ("E07000071", "Colchester Borough Council", "Colchester", "COL"),
    ("E07000096", "Dacorum Borough Council", "Dacorum", "DAC"),
    ("E07000242", "East Hertfordshire District Council", "East Hertfordshire", "EHE"),
]


def _authority(gss: str, name: str, short_name: str, code: str) -> Authority:
    authority, _ = Authority.objects.get_or_create(
        gss_code=gss,
        defaults={
            "name": name,
            "short_name": short_name,
            "code": code,
            "kind": "NMD",
            "kind_name": "Non-metropolitan district",
            "region": "East of England",
            "nation": "England",
        },
    )
    return authority


def build(*, council: Council, seed: int, last_year: int) -> None:
    """Measures, a group, illustrative comparator values and settings for a few indicators.
    Bulk writes: the demo is rebuilt in tests, so this stays well under a second."""
    rng = random.Random(seed + 7)  # nosec B311  # seeded, repeatable demo figures, not a secret
    council.gss_code = CASTLEBRIDGE_GSS
    council.save(update_fields=["gss_code"])
    us = _authority(CASTLEBRIDGE_GSS, council.name, "Castlebridge", "")
    neighbours = [_authority(*row) for row in NEIGHBOURS]
    group, _ = ComparatorGroup.objects.get_or_create(
        name=GROUP,
        defaults={
            "kind": ComparatorGroup.Kind.NEAREST_NEIGHBOURS,
            "council": council,
            "source": "Demo: real East of England districts, illustrative figures",
        },
    )
    GroupMember.objects.bulk_create(
        [GroupMember(group=group, authority=a) for a in neighbours], ignore_conflicts=True
    )
    chosen = list(
        Indicator.objects.filter(
            council=council, is_key=True, polarity__in=["higher", "lower"]
        ).order_by("code")[:MEASURES]
    )
    yearly: dict[tuple[int, int], list[status.Observation]] = defaultdict(list)
    for indicator_id, year, value, numerator, denominator in (
        Actual.objects.filter(indicator__in=chosen, period__financial_year__lt=last_year)
        .order_by("period__start")
        .values_list("indicator_id", "period__financial_year", "value", "numerator", "denominator")
    ):
        yearly[(indicator_id, year)].append(status.Observation(value, numerator, denominator))
    tolerance = council.default_tolerance
    values: list[ComparatorValue] = []
    settings: list[BenchmarkSetting] = []
    for indicator in chosen:
        measure = Measure.objects.create(
            source=SOURCE,
            code=indicator.code,
            title=indicator.title,
            polarity=indicator.polarity,
            unit="%" if indicator.unit == "percent" else indicator.get_unit_display(),
            decimals=indicator.decimals,
        )
        settings.append(BenchmarkSetting(indicator=indicator, measure=measure, group=group))
        rule = indicator.rule(tolerance)
        for (indicator_id, year), observations in sorted(yearly.items()):
            if indicator_id != indicator.pk:
                continue
            ours = status.year_to_date(observations, rule)
            if ours is None:
                continue
            values.append(_value(measure, us, year, ours))
            for neighbour in neighbours:
                spread = Decimal(rng.randint(-25, 25)) / 100
                values.append(_value(measure, neighbour, year, ours * (1 + spread)))
    BenchmarkSetting.objects.bulk_create(settings)
    ComparatorValue.objects.bulk_create(values, batch_size=2000)
    # Pages read stored statistics, as after a values import (ADR 0007).
    statistics_refresh(measures=[s.measure_id for s in settings])


def _value(measure: Measure, authority: Authority, year: int, value: Decimal) -> ComparatorValue:
    return ComparatorValue(
        measure=measure,
        authority=authority,
        year=year,
        period_label=f"{year}/{(year + 1) % 100:02d}",
        value=round(value, 4),
    )
