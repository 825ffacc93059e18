"""The reports pages and downloads, through the Django test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Person
from goldenthread.reports import services
from goldenthread.reports.models import Referral
from tests.reports.fixtures import Scenario, record_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client: Client, performance_user: User) -> Client:
    client.force_login(performance_user)
    return client


def test_index_lists_directorates_and_meetings(team: Client, scenario: Scenario) -> None:
    page = team.get("/reports/").content.decode()
    assert "Place" in page and "People" in page
    assert "4 December 2025" in page


def test_matrix_page_and_download(team: Client, scenario: Scenario) -> None:
    page = team.get(f"/reports/matrix/{scenario.place.pk}/").content.decode()
    assert "Level 1: National performance indicators" in page
    assert page.count('<abbr title="Overview and Scrutiny">Scrutiny</abbr>') == 3
    download = team.get(f"/reports/matrix/{scenario.place.pk}/?format=xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="reporting-matrix-place.xlsx"'
    assert download.content.startswith(b"PK")


def test_exceptions_page_filters(team: Client, scenario: Scenario) -> None:
    page = team.get("/reports/exceptions/").content.decode()
    assert "4 indicators are exceptions" in page
    page = team.get(f"/reports/exceptions/?body={scenario.cabinet.pk}&rule=red").content.decode()
    assert "1 indicator is an exception" in page and "T red" in page
    assert "T worsening" not in page


def test_page_query_counts_do_not_grow(
    team: Client,
    scenario: Scenario,
    make_quarterly: Callable[..., Indicator],
    django_assert_max_num_queries: Any,
) -> None:
    def counts() -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as exceptions:
            team.get("/reports/exceptions/")
        with CaptureQueriesContext(connection) as matrix:
            team.get(f"/reports/matrix/{scenario.place.pk}/")
        return len(exceptions), len(matrix)

    before = counts()
    for n in range(6):
        indicator = make_quarterly(f"Y {n}", family="bvpi")
        record_history(indicator, [40, 45, 47, 47])
        services.matrix_set(
            actor=None, indicator=indicator, body=scenario.cabinet, times_per_year=4
        )
    assert counts() == before


def test_refer_to_cabinet_lands_in_the_next_pack(team: Client, scenario: Scenario) -> None:
    url = f"/reports/refer/{scenario.indicators['static'].pk}/?period=2025-26-Q2"
    assert "Refer by exception" in team.get(url).content.decode()
    response = team.post(
        url,
        {
            "from_body": scenario.scrutiny.pk,
            "to_body": scenario.cabinet.pk,
            "note": "Explain, please.",
        },
    )
    december = scenario.cabinet_meetings[1]
    assert (
        response.status_code == 302 and response["Location"] == f"/reports/meetings/{december.pk}/"
    )
    pack = team.get(response["Location"]).content.decode()
    assert "Explain, please." in pack and "Overview and Scrutiny" in pack
    assert Referral.objects.count() == 1


def test_refer_without_a_note_says_so(team: Client, scenario: Scenario) -> None:
    url = f"/reports/refer/{scenario.indicators['static'].pk}/?period=2025-26-Q2"
    response = team.post(
        url, {"from_body": scenario.scrutiny.pk, "to_body": scenario.cabinet.pk, "note": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Referral.objects.count() == 0


def test_an_owner_cannot_refer(client: Client, scenario: Scenario) -> None:
    user = User.objects.create_user("owner1", password="pw-for-tests-1")
    Person.objects.create(user=user, council=scenario.council, role=Person.Role.OWNER)
    client.force_login(user)
    url = f"/reports/refer/{scenario.indicators['static'].pk}/?period=2025-26-Q2"
    assert client.get(url).status_code == 403
    assert "Refer to Cabinet" not in client.get("/reports/exceptions/").content.decode()


def test_ipr_page_and_downloads(team: Client, scenario: Scenario) -> None:
    page = team.get("/reports/ipr/?period=2025-26-Q2").content.decode()
    assert "Areas of concern" in page and "Remedial action for T red" in page
    docx = team.get("/reports/ipr/?period=2025-26-Q2&format=docx")
    assert docx.content.startswith(b"PK")
    html = team.get("/reports/ipr/?period=2025-26-Q2&format=html")
    assert html["Content-Disposition"].endswith('2025-26-Q2.html"')


def test_scorecard_downloads(team: Client, scenario: Scenario) -> None:
    csv = team.get("/reports/scorecard/?period=2025-26-Q2&format=csv")
    assert csv.content.decode().startswith("Code,Indicator")
    xlsx = team.get("/reports/scorecard/?period=2025-26-Q2&format=xlsx")
    assert xlsx.content.startswith(b"PK")


def test_the_council_configures_reports_in_the_admin(
    admin_client: Client, scenario: Scenario
) -> None:
    for model in (
        "body",
        "meeting",
        "matrixentry",
        "exceptionpolicy",
        "challengesession",
        "unitcost",
        "cycleevent",
    ):
        assert admin_client.get(f"/admin/reports/{model}/").status_code == 200
    response = admin_client.post(
        "/admin/reports/exceptionpolicy/add/",
        {
            "council": scenario.council.pk,
            "worsening_periods": 3,
            "static_periods": 2,
            "missed_periods": 4,
            "report_red": "on",
            "report_missing": "on",
        },
    )
    assert response.status_code == 302
    from goldenthread.core.models import AuditEntry
    from goldenthread.reports.selectors import policy_of

    policy = policy_of(scenario.council)
    assert (policy.worsening_periods, policy.missed_periods) == (3, 4)
    assert AuditEntry.objects.filter(model="reports.exceptionpolicy").count() == 1
