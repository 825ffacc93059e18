"""A neighbour list keeps its year (CIPFA's or the source's own list, as published), shown on
the measure page's group choice; files without a ``year`` column stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from goldenthread.benchmarking import services
from goldenthread.benchmarking.models import ComparatorGroup
from tests.benchmarking import factories as f

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "groups.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_groups_file_with_a_year_stores_it_and_the_page_names_it(
    tmp_path: Path, client: Client, performance_user: User
) -> None:
    a, b, c, d = f.authorities(4)
    rows = "".join(f"CIPFA nearest neighbours,{x.gss_code},2024\n" for x in (a, b, c, d))
    report = services.groups_import(
        write(tmp_path, "group,gss_code,year\n" + rows), actor=None, dry_run=False
    )
    assert report.ok, report.problems
    assert ComparatorGroup.objects.get(name="CIPFA nearest neighbours").year == 2024
    m = f.measure("Y1")
    f.values(m, 2024, {x: str(i) for i, x in enumerate((a, b, c, d))})
    client.force_login(performance_user)
    page = client.get(reverse("benchmark-measure", args=[m.pk])).content.decode()
    assert "CIPFA nearest neighbours (2024)" in page


def test_a_new_year_of_the_same_list_replaces_it_and_the_same_file_changes_nothing(
    tmp_path: Path,
) -> None:
    members = f.authorities(2)
    for year, unchanged in (("2023", 0), ("2024", 0), ("2024", 1)):
        rows = "".join(f"Neighbours,{x.gss_code},{year}\n" for x in members)
        path = write(tmp_path, "group,gss_code,year\n" + rows)
        report = services.groups_import(path, actor=None, dry_run=False)
        assert report.ok and report.unchanged == unchanged
        assert ComparatorGroup.objects.get(name="Neighbours").year == int(year)


def test_a_file_without_a_year_column_is_still_valid_and_stores_no_year(tmp_path: Path) -> None:
    members = f.authorities(2)
    rows = "".join(f"Club,{x.gss_code}\n" for x in members)
    report = services.groups_import(
        write(tmp_path, "group,gss_code\n" + rows), actor=None, dry_run=False
    )
    assert report.ok
    group = ComparatorGroup.objects.get(name="Club")
    assert group.year is None and group.label == "Club"


def test_a_year_that_is_not_a_year_or_differs_within_a_group_is_refused(tmp_path: Path) -> None:
    a, b = f.authorities(2)
    text = (
        f"group,gss_code,year\nN,{a.gss_code},2024/25\nM,{a.gss_code},2023\nM,{b.gss_code},2024\n"
    )
    report = services.groups_import(write(tmp_path, text), actor=None, dry_run=False)
    assert not report.ok
    assert {(p.row, p.column) for p in report.problems} == {(2, "year"), (4, "year")}
    assert not ComparatorGroup.objects.exists()
