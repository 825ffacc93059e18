"""Periods look after themselves: ``migrate`` and ``goldenthread periods extend`` create the
years ahead; the admin changes deadlines but never deletes a period with data; an import
naming a year not yet created says how to create it."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from goldenthread.indicators.models import Indicator, Period
from goldenthread.indicators.services import actual_record, periods_ensure
from goldenthread.organisation.models import Council
from goldenthread.periods import PeriodKind, generate_periods
from tests.conftest import period
from tests.imports.conftest import problem_texts, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = "2025-11-20"  # financial year 2025/26


def fy_codes() -> list[str]:
    return list(
        Period.objects.filter(kind="financial_year")
        .order_by("start")
        .values_list("code", flat=True)
    )


def extend(*args: str) -> str:
    out = io.StringIO()
    call_command("periods", "extend", *args, stdout=out)
    return out.getvalue()


def test_extend_creates_every_kind_to_two_years_ahead_then_has_nothing_to_do(
    council: Council,
) -> None:
    periods_ensure(
        kinds=[PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR], first_year=2024, last_year=2024
    )
    out = extend()
    assert fy_codes() == ["FY2024-25", "FY2025-26", "FY2026-27", "FY2027-28"]
    assert Period.objects.count() == len(generate_periods(list(PeriodKind), 2024, 2027))
    assert "periods now run to 2027/28" in out
    assert extend() == "Nothing to do: periods already run to 2027/28.\n"


def test_extend_to_a_later_year(council: Council) -> None:
    periods_ensure(kinds=[PeriodKind.FINANCIAL_YEAR], first_year=2025, last_year=2025)
    extend("--to", "FY2030-31")
    assert fy_codes()[-1] == "FY2030-31"
    assert Period.objects.filter(code="AY2030-31-summer").exists()


@pytest.mark.parametrize("bad", ["2030", "FY2030-32", "next year"])
def test_a_bad_year_is_refused_and_nothing_written(council: Council, bad: str) -> None:
    with pytest.raises(CommandError) as error:
        extend("--to", bad)
    assert "--to:" in str(error.value) and "e.g. --to FY2030-31" in str(error.value)
    assert Period.objects.count() == 0


def test_migrate_creates_the_years_ahead_once_a_council_exists(council: Council) -> None:
    periods_ensure(kinds=[PeriodKind.FINANCIAL_YEAR], first_year=2023, last_year=2024)
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert fy_codes() == ["FY2023-24", "FY2024-25", "FY2025-26", "FY2026-27", "FY2027-28"]
    assert "reporting periods for the years ahead" in out.getvalue()
    before = Period.objects.count()
    call_command("migrate", verbosity=0)
    assert Period.objects.count() == before


def test_migrate_creates_no_periods_before_a_council_is_set_up(db: Any) -> None:
    call_command("migrate", verbosity=0)
    assert Period.objects.count() == 0


def test_the_admin_changes_deadlines_but_never_deletes_a_period_with_data(
    admin_client: Client, make_indicator: Any, periods: None
) -> None:
    indicator: Indicator = make_indicator(code="BV 8")
    with_data, empty = period("2024-25-Q1"), period("2024-25-Q2")
    actual_record(actor=None, indicator=indicator, period=with_data, value=Decimal("9.5"))
    assert admin_client.get(f"/admin/indicators/period/{with_data.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/indicators/period/{empty.pk}/delete/").status_code == 200
    listing = admin_client.get("/admin/indicators/period/?q=2024-25-Q1")
    assert listing.status_code == 200 and b"2024-25-Q1" in listing.content
    assert b"delete_selected" not in listing.content
    assert admin_client.get("/admin/indicators/period/add/").status_code == 403


def test_an_import_naming_a_year_not_yet_created_says_how_to_create_it(
    make_indicator: Any, periods: None, tmp_path: Any
) -> None:
    make_indicator(code="BV 8")
    path = tmp_path / "values.csv"
    path.write_text("Indicator,Period,Value\nBV 8,2029-30-Q2,1\nBV 8,2025-26-Q9,1\n")
    report = run_import("values", path)
    assert problem_texts(report) == [
        "Row 2, column “Period”: there is no period “2029-30-Q2” yet: its year has not been "
        "created; run `goldenthread periods extend --to FY2029-30`",
        "Row 3, column “Period”: there is no period “2025-26-Q9”; use a code like 2026-27-Q2 "
        "or 2026-04",
    ]
    assert not report.ok
