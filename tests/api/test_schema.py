"""Schemathesis, in-process: every operation, with a valid read-and-write token, finds no
server error and no response outside the OpenAPI document (codes, bodies, content types).

Generated ids and period codes are steered onto the council's real indicators and periods
(most of the time), and If-Match onto the current ETag half the time, so writes really
create and change values and targets rather than only being refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goldenthread.api.endpoints import operations, target_etag, value_etag
from goldenthread.core.models import AuditEntry
from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Target
from goldenthread.wsgi import application
from tests.api.conftest import World
from tests.conftest import dec, period

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Mostly quarters (the indicators' frequency); a year (targets only) and a month (neither).
CODES = ["2025-26-Q1", "2025-26-Q2", "2025-26-Q3", "2024-25-Q4", "FY2025-26", "2025-05"]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the real WSGI handler, whose request signals would close the
    database connection (and with it the test's transaction) on PostgreSQL; Django's own
    test client disconnects them in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def steer(case: Any, world: World) -> None:
    """Point most generated cases at real rows (the rest keep their random values)."""
    params = case.path_parameters or {}
    ids = [i.pk for i in world.indicators]
    if isinstance(params.get("id"), int) and params["id"] % 7:
        params["id"] = ids[params["id"] % len(ids)]
    if isinstance(params.get("period"), str) and len(params["period"]) % 7:
        params["period"] = CODES[len(params["period"]) % len(CODES)]
    headers = case.headers or {}
    if len(str(headers.get("If-Match", ""))) % 2 == 0 and "id" in params:
        row = {"indicator_id": params["id"], "period__code": params.get("period")}
        if "/values/" in case.path and (actual := Actual.objects.filter(**row).first()):
            headers["If-Match"] = value_etag(actual)
        elif "/targets/" in case.path and (target := Target.objects.filter(**row).first()):
            headers["If-Match"] = target_etag(target)
    case.headers = headers
    body = case.body
    if isinstance(body, dict) and len(str(body)) % 3:
        # A figure the indicator takes (its precision, its range), so some writes succeed.
        number = str(len(str(body)) % 90 + 1)
        # Only the fields the operation takes: any other is refused (422) as unknown.
        if "/values/" in case.path:
            body.update(value=number, numerator=number, denominator="100")
        else:
            body.update(value=number, lower=None, upper=None)
        if "confirm_warnings" in body:
            body.update(submit=False, confirm_warnings=True, reason="Checked with the service")


def seed(world: World) -> None:
    """A value and a target for each waste indicator's quarters, for PATCH to change (it
    changes only what exists)."""
    for indicator in (world.tonnage, world.recycling):
        for code in CODES[:4]:
            at = period(code)
            ratio = indicator.is_ratio
            services.actual_record(
                actor=None,
                indicator=indicator,
                period=at,
                value=dec(5),
                numerator=dec(5) if ratio else None,
                denominator=dec(10) if ratio else None,
            )
            services.target_set(actor=None, indicator=indicator, period=at, value=dec(6))


@pytest.mark.parametrize("operation_id", [op["operation_id"] for op in operations()])
def test_every_operation_conforms_to_the_schema(
    world: World, improvement: World, operation_id: str
) -> None:
    found = SCHEMA.find_operation_by_label(
        next(
            f"{op['method']} {op['path']}"
            for op in operations()
            if op["operation_id"] == operation_id
        )
    )
    assert found is not None
    operation = found
    statuses: set[int] = set()
    writes_ = operation.method.upper() in {"PUT", "PATCH"}
    if operation.method.upper() == "PATCH":
        seed(world)

    @settings(
        max_examples=60 if writes_ else 30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        steer(case, world)
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {world.token}"}, checks=CHECKS
        )
        statuses.add(response.status_code)

    run()
    assert statuses & {200, 201}, f"{operation_id} never succeeded: {sorted(statuses)}"
    if operation.method.upper() == "PUT":
        # The generated writes really wrote, in the client's name: created, then changed.
        writes = AuditEntry.objects.filter(actor=world.client.user).values_list("action", flat=True)
        assert {"create", "update"} <= set(writes), set(writes)
    if operation.method.upper() == "PATCH":
        writes = AuditEntry.objects.filter(actor=world.client.user).values_list("action", flat=True)
        assert "update" in set(writes), set(writes)


def test_the_schema_lists_every_status_the_api_answers_with() -> None:
    spec = SCHEMA.raw_schema["paths"]["/api/v1/indicators/{id}/values/{period}"]["put"]
    assert set(spec["responses"]) == {
        "200",
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "412",
        "413",
        "415",
        "422",
        "428",
        "429",
    }
