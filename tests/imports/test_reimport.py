"""Importing the same file a second time changes nothing, for every kind that can be
imported twice: the second run compares each figure as it is stored, so it finds 0 to
create and 0 to update (ADR 0006, ADR 0008). Values, finance and the LGBF have their own
tests (tests/imports/test_values.py, tests/reports/test_finance.py,
tests/benchmarking/test_files_as_published.py); an action plan's reference may be imported
once only (tests/improvement/test_actionplans.py)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from goldenthread.benchmarking.models import Authority, Measure
from goldenthread.imports.registry import REGISTRY, Report
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council

pytestmark = pytest.mark.django_db


def twice(kind: str, path: Path) -> tuple[Report, Report]:
    def run() -> Report:
        return REGISTRY[kind].run(path, actor=None, dry_run=False, progress=None, options={})

    first = run()
    assert first.ok, first.problems
    return first, run()


def unchanged(report: Report) -> bool:
    return report.ok and (report.created, report.updated) == (0, 0)


def _template(kind: str, council: Council, path: Path) -> Path:
    template = REGISTRY[kind].template
    assert template is not None
    header, rows = template.table(
        council=council, today=date(2025, 11, 1), service="", owner="", period="", allowed=None
    )
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


@pytest.mark.parametrize("kind", ["indicators", "targets", "values"])
def test_a_template_imported_back_twice_changes_nothing(
    kind: str,
    council: Council,
    make_indicator: Callable[..., Indicator],
    periods: None,
    tmp_path: Path,
) -> None:
    make_indicator(code="BV 8", title="Days to pay invoices", decimals=6)
    path = _template(kind, council, tmp_path / f"{kind}.csv")
    first, second = twice(kind, path)
    assert unchanged(first) and unchanged(second)


def test_authorities_imported_twice_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "authorities.csv"
    path.write_text(
        "gss-code,official-name,nice-name,local-authority-type,pop-2020\n"
        "E07000223,Adur District Council,Adur,NMD,64301\n"
    )
    _, second = twice("authorities", path)
    assert unchanged(second) and second.unchanged == 1


def test_groups_imported_twice_change_nothing(tmp_path: Path) -> None:
    for gss, name in (("E07000223", "Adur"), ("E07000224", "Arun")):
        Authority.objects.create(gss_code=gss, name=name, short_name=name, kind="NMD")
    path = tmp_path / "groups.csv"
    path.write_text("group,gss_code\nNeighbours,E07000223\nNeighbours,E07000224\n")
    _, second = twice("groups", path)
    assert unchanged(second) and second.unchanged == 1


def test_comparators_to_12_places_imported_twice_change_nothing(tmp_path: Path) -> None:
    Authority.objects.create(gss_code="E07000223", name="Adur", short_name="Adur", kind="NMD")
    Measure.objects.create(source="LG Inform", code="RECYC", title="Recycling", polarity="higher")
    path = tmp_path / "values.csv"
    path.write_text(
        "measure,authority,year,value,numerator,denominator\n"
        "RECYC,Adur,2024-25 (r),43.050000000001,830.984100000001,1922292.000000000001\n"
    )
    _, second = twice("comparators", path)
    assert unchanged(second) and second.unchanged == 1
