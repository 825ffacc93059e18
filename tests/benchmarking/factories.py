"""Small builders for benchmarking tests: authorities, a group, a measure and its values."""

from __future__ import annotations

from decimal import Decimal

from goldenthread.benchmarking import services
from goldenthread.benchmarking.models import Authority, ComparatorGroup, ComparatorValue, Measure
from goldenthread.benchmarking.statistics import statistics_refresh
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council

OUR_GSS = "E07999999"


def authorities(count: int, start: int = 1) -> list[Authority]:
    return [
        Authority.objects.create(
            gss_code=f"E07{start + i:06d}",
            name=f"Authority {start + i}",
            short_name=f"A{start + i}",
            kind="NMD",
        )
        for i in range(count)
    ]


def us(council: Council) -> Authority:
    council.gss_code = OUR_GSS
    council.save()
    return Authority.objects.create(
        gss_code=OUR_GSS, name=council.name, short_name="Us", kind="NMD"
    )


def group(members: list[Authority], name: str = "Nearest neighbours") -> ComparatorGroup:
    return services.group_save(
        actor=None, name=name, kind=ComparatorGroup.Kind.NEAREST_NEIGHBOURS, authorities=members
    )


def measure(code: str = "M1", polarity: str = "higher") -> Measure:
    return Measure.objects.create(
        source="Test", code=code, title=f"Measure {code}", polarity=polarity
    )


def values(m: Measure, year: int, figures: dict[Authority, str]) -> None:
    """Values written directly (not through the import), then their statistics stored, as the
    import's writer does."""
    ComparatorValue.objects.bulk_create(
        ComparatorValue(measure=m, authority=a, year=year, value=Decimal(v))
        for a, v in figures.items()
    )
    statistics_refresh(measures=[m.pk])


def benchmark(indicator: Indicator, m: Measure, g: ComparatorGroup) -> None:
    services.benchmark_set(actor=None, indicator=indicator, measure=m, group=g)
