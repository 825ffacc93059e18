"""Statistics stored by ``statistics_refresh`` and read by the measure page and the export."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.benchmarking.models import GroupStatistic, SourceConvention
from goldenthread.benchmarking.statistics import statistics_refresh
from goldenthread.organisation.models import Council
from tests.benchmarking import factories as f

pytestmark = pytest.mark.django_db


def test_refresh_stores_lait_bands_with_ties_on_q3_below_the_top() -> None:
    SourceConvention.objects.update_or_create(
        source="Test", defaults={"name": "DfE LAIT", "min_group": 1}
    )
    members = f.authorities(5)
    g = f.group(members)
    m = f.measure("T1", "higher")
    f.values(m, 2024, {a: v for a, v in zip(members, ("0", "10", "20", "30", "40"), strict=True)})
    assert statistics_refresh(measures=[m.pk]) == 1
    stored = GroupStatistic.objects.get(measure=m, group=g, year=2024)
    assert stored.convention == "DfE LAIT"
    assert (stored.lower, stored.median, stored.upper) == (10, 20, 30)
    bands = {int(pk): placing[2] for pk, placing in stored.placings.items()}
    assert bands[members[3].pk] == 2  # 30 is on q3: B, not A (LAIT's interval rule)
    assert bands[members[4].pk] == 1
    assert stored.mad == 10
    assert stored.placings[str(members[4].pk)][3] == "2.000000"  # (40 − 20) ÷ 10


def test_a_group_change_refreshes_its_statistics() -> None:
    members = f.authorities(6)
    m = f.measure("T2")
    f.values(m, 2024, {a: str(i) for i, a in enumerate(members)})
    g = f.group(members[:4], name="Club")
    assert GroupStatistic.objects.get(group=g).count == 4
    f.group(members, name="Club")
    assert GroupStatistic.objects.get(group=g).count == 6


def measure_page_queries(client: Client, council: Council, size: int) -> tuple[int, str]:
    members = f.authorities(size, start=size * 10)
    g = f.group(members, name=f"Group {size}")
    m = f.measure(f"S{size}")
    f.values(m, 2024, {a: str(i % 7) for i, a in enumerate(members[:-1])})  # one without
    statistics_refresh(measures=[m.pk])
    url = (
        reverse("benchmark-measure", args=[m.pk]) + f"?group={g.pk}&viewpoint={members[0].gss_code}"
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_measure_page_reads_stored_statistics_in_fixed_queries(
    client: Client, council: Council, performance_user: User
) -> None:
    client.force_login(performance_user)
    small, _ = measure_page_queries(client, council, 6)
    large, page = measure_page_queries(client, council, 150)
    assert small == large
    assert "MADs from the median" in page
    assert "Quartiles worked out as" in page
    assert "Members without a value" in page


def test_the_bands_export_has_a_row_per_authority(tmp_path: Path) -> None:
    members = f.authorities(4)
    f.group(members)
    m = f.measure("E1", "lower")
    f.values(m, 2024, {a: str(i) for i, a in enumerate(members)})  # bypasses the import
    statistics_refresh(measures=[m.pk])
    out = tmp_path / "bands.csv"
    call_command("export", "bands", "--source", "Test", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 4
    lowest = next(r for r in rows if Decimal(r["value"]) == 0)
    assert lowest["band"] == "A" and lowest["rank"] == "1"


def test_a_change_of_the_councils_code_refreshes_the_statistics_it_is_in(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Issue 20: the stored statistics add the council's own value to groups that do not list
    it, by its ONS code; a code set or corrected later must bring them up to date."""
    neighbours = f.authorities(4)
    ours, other = f.authorities(2, start=50)
    m = f.measure("T9")
    f.values(m, 2024, {a: str(i) for i, a in enumerate([*neighbours, ours, other])})
    g = f.group(neighbours, name="Neighbours")
    council = Council.objects.create(name="Testshire")
    assert GroupStatistic.objects.get(group=g).count == 4
    with django_capture_on_commit_callbacks(execute=True):
        council.gss_code = ours.gss_code
        council.save()
    assert GroupStatistic.objects.get(group=g).count == 5
    with django_capture_on_commit_callbacks(execute=True):
        council.name = "Testshire Council"  # not the code: nothing to refresh
        council.save()
    assert GroupStatistic.objects.get(group=g).count == 5
    with django_capture_on_commit_callbacks(execute=True):
        council.gss_code = ""
        council.save()
    assert GroupStatistic.objects.get(group=g).count == 4
