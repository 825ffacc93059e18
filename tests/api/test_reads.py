"""Reads: only the token's services, paginated in a stable order, with each value's status."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from goldenthread.indicators import services
from tests.api.conftest import World, approved, bearer
from tests.conftest import dec, period


def codes(response: Any) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_indicators_are_those_of_the_tokens_services_only(world: World, api: Client) -> None:
    response = api.get("/api/v1/indicators")
    assert response.status_code == 200
    assert codes(response) == ["LPI 1", "LPI 2"]
    assert response.json()["count"] == 2


def test_a_whole_council_token_reads_every_service(world: World) -> None:
    from goldenthread.api.services import client_create

    _, token = client_create(actor=None, council=world.council, name="All", whole_council=True)
    assert codes(Client(headers=bearer(token)).get("/api/v1/indicators")) == [
        "LPI 1",
        "LPI 2",
        "LPI 9",
    ]


def test_a_service_token_covers_the_services_sections(world: World) -> None:
    from goldenthread.organisation.models import OrgUnit

    section = OrgUnit.objects.create(
        council=world.council, kind="section", name="Bins", code="bins", parent=world.waste
    )
    services.indicator_update(actor=None, indicator=world.voids, service=section)
    assert "LPI 9" in codes(Client(headers=bearer(world.token)).get("/api/v1/indicators"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators/{id}",
        "/api/v1/indicators/{id}/values",
        "/api/v1/indicators/{id}/targets",
    ],
)
def test_another_services_indicator_is_not_found(world: World, api: Client, path: str) -> None:
    response = api.get(path.format(id=world.voids.pk))
    assert response.status_code == 404
    assert api.get(path.format(id=world.tonnage.pk)).status_code == 200


def test_filters_by_service_key_and_frequency(world: World, api: Client) -> None:
    services.indicator_update(actor=None, indicator=world.recycling, is_key=False)
    assert codes(api.get("/api/v1/indicators?key=false")) == ["LPI 2"]
    assert codes(api.get("/api/v1/indicators?service=housing")) == []
    assert codes(api.get("/api/v1/indicators?service=waste&frequency=quarter")) == [
        "LPI 1",
        "LPI 2",
    ]
    assert codes(api.get("/api/v1/indicators?frequency=month")) == []


def test_pages_follow_one_another_with_next_and_previous(world: World, api: Client) -> None:
    first = api.get("/api/v1/periods?kind=quarter&limit=5").json()
    assert first["count"] == 16 and len(first["results"]) == 5 and first["previous"] is None
    second = api.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"].endswith("page=1")
    last = api.get("/api/v1/periods?kind=quarter&limit=5&page=4").json()
    assert [p["code"] for p in last["results"]] == [period_code(15)]
    assert last["next"] is None
    starts = [p["start"] for p in first["results"] + second["results"]]
    assert starts == sorted(starts)


def period_code(index: int) -> str:
    from goldenthread.indicators.models import Period

    return list(Period.objects.filter(kind="quarter").order_by("start"))[index].code


def test_a_page_past_the_end_is_empty_and_a_bad_limit_is_422(world: World, api: Client) -> None:
    assert api.get("/api/v1/periods?page=999").json()["results"] == []
    response = api.get("/api/v1/periods?limit=1000")
    assert response.status_code == 422
    assert "query.limit" in response.json()["errors"]


def test_values_come_with_state_version_rag_and_direction(world: World, api: Client) -> None:
    services.target_set(
        actor=None, indicator=world.tonnage, period=period("2025-26-Q1"), value=dec(10)
    )
    approved(world.tonnage, "2024-25-Q4", "9")
    approved(world.tonnage, "2025-26-Q1", "12")  # lower is better: red against 10, worse than 9
    rows = api.get(f"/api/v1/indicators/{world.tonnage.pk}/values").json()["results"]
    assert [r["period"] for r in rows] == ["2024-25-Q4", "2025-26-Q1"]
    latest = rows[-1]
    assert latest["value"] == "12" and latest["target"] == "10"
    assert latest["state"] == "approved" and latest["version"] == 1
    assert latest["rag"] == "red" and latest["direction"] == "worsening"
    assert rows[0]["rag"] == "not_rated"


def test_targets_list_with_their_etags(world: World, api: Client) -> None:
    services.target_set(
        actor=None, indicator=world.tonnage, period=period("2025-26-Q1"), value=dec("10.5")
    )
    rows = api.get(f"/api/v1/indicators/{world.tonnage.pk}/targets").json()["results"]
    assert rows[0]["period"] == "2025-26-Q1" and rows[0]["value"] == "10.5"
    assert rows[0]["etag"].startswith('"t')


def test_actions_and_risks_are_those_of_the_tokens_services(
    improvement: World, api: Client
) -> None:
    actions = api.get("/api/v1/actions").json()["results"]
    assert [a["indicators"] for a in actions] == [["LPI 1"], ["LPI 2"]]
    risks = api.get("/api/v1/risks").json()["results"]
    assert [(r["register_name"], r["residual_score"]) for r in risks] == [
        ("Waste and Recycling", 9)
    ]


def many_indicators(world: World, count: int) -> None:
    for n in range(count):
        indicator = services.indicator_create(
            actor=None,
            council=world.council,
            code=f"BULK {n:03d}",
            title="Bulk",
            polarity="lower",
            service=world.waste,
            first_year=2022,
        )
        approved(indicator, "2025-26-Q1", str(n))


@pytest.mark.parametrize("size", [2, 12])
def test_list_pages_read_a_fixed_number_of_queries(
    world: World, api: Client, django_assert_num_queries: Any, size: int
) -> None:
    many_indicators(world, size)
    api.get("/api/v1/periods")  # notes the token's first use: one write, not on every read
    # token (1), its services (1), org-unit parents (1), count (1), rows (1)
    with django_assert_num_queries(5):
        assert len(api.get("/api/v1/indicators?limit=100").json()["results"]) == size + 2


@pytest.mark.parametrize("size", [2, 12])
def test_values_read_a_fixed_number_of_queries(
    world: World, api: Client, django_assert_num_queries: Any, size: int
) -> None:
    quarters = ["2022-23-Q1", "2022-23-Q2", "2022-23-Q3", "2022-23-Q4"] * 4
    years = ["2022-23", "2023-24", "2024-25", "2025-26"]
    codes_ = [q.replace("2022-23", years[i // 4]) for i, q in enumerate(quarters)][:size]
    for code in codes_:
        approved(world.tonnage, code, "5")
        services.target_set(actor=None, indicator=world.tonnage, period=period(code), value=dec(4))
    api.get("/api/v1/periods")
    # authentication and scope (3), the indicator (1), whether the token writes it and so
    # sees unchecked figures (1: the org-unit parents), count and rows (2), periods, earlier
    # values and targets (3)
    with django_assert_num_queries(10):
        rows = api.get(f"/api/v1/indicators/{world.tonnage.pk}/values").json()["results"]
    assert len(rows) == size and all(r["rag"] == "red" for r in rows)


@pytest.mark.parametrize("size", [1, 6])
def test_actions_and_risks_read_a_fixed_number_of_queries(
    improvement: World, api: Client, django_assert_num_queries: Any, size: int
) -> None:
    from goldenthread.improvement.models import Action, Recommendation

    recommendation = Recommendation.objects.get()
    for n in range(size):
        Action.objects.create(
            recommendation=recommendation, position=10 + n, text="More"
        ).indicators.add(improvement.tonnage)
    api.get("/api/v1/periods")
    with django_assert_num_queries(6):  # token, scope (2), count, rows, their indicators
        assert len(api.get("/api/v1/actions").json()["results"]) == size + 2
    with django_assert_num_queries(5):  # token, scope (2), count, rows
        assert api.get("/api/v1/risks").json()["count"] == 1


@pytest.mark.parametrize("size", [2, 12])
def test_targets_and_periods_read_a_fixed_number_of_queries(
    world: World, api: Client, django_assert_num_queries: Any, size: int
) -> None:
    from goldenthread.indicators.models import Period

    for quarter in Period.objects.filter(kind="quarter").order_by("start")[:size]:
        services.target_set(actor=None, indicator=world.tonnage, period=quarter, value=dec(4))
    api.get("/api/v1/periods")
    # token, scope (2), the indicator, count, rows
    with django_assert_num_queries(6):
        assert api.get(f"/api/v1/indicators/{world.tonnage.pk}/targets").json()["count"] == size
    with django_assert_num_queries(3):  # token, count, rows
        assert len(api.get(f"/api/v1/periods?kind=quarter&limit={size}").json()["results"]) == size
