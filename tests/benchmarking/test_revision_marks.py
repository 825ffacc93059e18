"""A value's revision mark ("Rev", "prov") is shown beside it on the measure page and in the
bands export (ADR 0008: values as published, marks kept)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from goldenthread.benchmarking.models import ComparatorValue
from goldenthread.benchmarking.statistics import statistics_refresh
from tests.benchmarking import factories as f

pytestmark = pytest.mark.django_db


def marked_measure() -> tuple[int, int, list[str]]:
    members = f.authorities(4)
    g = f.group(members)
    m = f.measure("R1")
    f.values(m, 2024, {a: str(i * 10) for i, a in enumerate(members)})
    ComparatorValue.objects.filter(measure=m, authority=members[1]).update(mark="Rev")
    ComparatorValue.objects.filter(measure=m, authority=members[2]).update(mark="prov")
    statistics_refresh(measures=[m.pk])
    return m.pk, g.pk, [a.gss_code for a in members]


def test_the_measure_page_shows_each_values_mark_beside_it(
    client: Client, performance_user: User
) -> None:
    measure, group, _ = marked_measure()
    client.force_login(performance_user)
    page = client.get(reverse("benchmark-measure", args=[measure]) + f"?group={group}")
    text = page.content.decode()
    assert "(Rev)</abbr>" in text
    assert 'title="provisional, as the source marks it">(prov)</abbr>' in text


def test_the_bands_export_has_a_mark_column(tmp_path: Path) -> None:
    _, _, codes = marked_measure()
    out = tmp_path / "bands.csv"
    call_command("export", "bands", "--source", "Test", "--out", str(out))
    marks = {r["gss_code"]: r["mark"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert marks == {codes[0]: "", codes[1]: "Rev", codes[2]: "prov", codes[3]: ""}
