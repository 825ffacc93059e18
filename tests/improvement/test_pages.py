"""The improvement pages render, and each runs a fixed number of queries whatever its size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.demo import improvement as demo
from goldenthread.improvement import services
from goldenthread.improvement.models import ActionPlan, Project, RiskMatrix, RiskRegister, Stage
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(council: Council, tag: str, size: int) -> dict[str, Any]:
    """A plan, a register and a project, each with ``size`` of everything."""
    plan = services.plan_create(None, council=council, ref=f"p-{tag}", kind="corporate", title=tag)
    services.key_add(None, plan, "TG", "Tony Geeson", "Head of Policy")
    for n in range(1, size + 1):
        rec = services.recommendation_add(None, plan, n, f"Recommendation {n}", "Response")
        for letter in "abc"[: 1 + n % 3]:
            action = services.action_add(
                None, rec, text=f"Do {letter}", letter=letter, timescale="End March 2025",
                leads="TG, heads of service",
            )  # fmt: skip
            services.progress_add(None, rec, action=action, text="Going", status="on_track")
    matrix = RiskMatrix.objects.create(council=council)
    register = RiskRegister.objects.create(
        council=council, matrix=matrix, level="service", name=f"Register {tag}"
    )
    project = Project.objects.create(
        council=council, name=f"Project {tag}", sponsor="S", manager="M", review_board="B"
    )
    for n in range(1, size + 1):
        risk = services.risk_create(
            None, on=date(2025, 1, 1), register=register, reference=f"R{n}", title="Risk",
            owner="O", inherent_likelihood=5, inherent_impact=5, residual_likelihood=1 + n % 5,
            residual_impact=1 + n % 4, target_likelihood=1, target_impact=1,
            next_review=date(2025, 12, 1),
        )  # fmt: skip
        services.control_add(None, risk, description="Check", effectiveness="effective")
        risk.mitigating_actions.add(plan.recommendations.first().actions.first())  # type: ignore[union-attr, arg-type]
        stage = Stage.objects.create(project=project, number=n, name=f"Stage {n}")
        services.stage_start(None, stage, on=date(2025, 1, n))
        services.checkpoint_record(
            None, stage, decision="proceed", on=date(2025, 1, n), minute="ok"
        )
        project.milestones.create(title=f"M{n}", due=date(2025, 2, n))
        project.issues.create(title=f"I{n}", raised_on=date(2025, 1, n))
        project.risks.add(risk)
    return {"plan": plan, "register": register, "project": project}


def urls(world: dict[str, Any]) -> list[str]:
    return [
        "/improvement/",
        f"/improvement/plans/{world['plan'].pk}/",
        f"/improvement/risks/{world['register'].pk}/",
        f"/improvement/projects/{world['project'].pk}/",
        "/improvement/programme/",
    ]


def test_every_page_runs_a_fixed_number_of_queries(
    client: Client, council: Council, performance_user: User
) -> None:
    client.force_login(performance_user)
    small = [queries(client, url) for url in urls(grow(council, "small", 2))]
    large = [queries(client, url) for url in urls(grow(council, "large", 9))]
    assert small == large
    # 14, plus on the first page the navigation's "My work" and "Approvals" counts worked
    # out for the officer (mywork.selectors: up to eleven reads, one or two per part that gives
    # people work; later pages reuse them for one).
    assert max(large) <= 14 + 11


def test_the_plan_page_shows_the_003_layout_and_overdue_actions(
    client: Client, council: Council, performance_user: User
) -> None:
    world = grow(council, "x", 2)
    client.force_login(performance_user)
    page = client.get(f"/improvement/plans/{world['plan'].pk}/").content.decode()
    for text in ("Recommendation 1", "Response", "Progress with R1", "Key to leads",
                 "End March 2025", "heads of service", "Overdue"):  # fmt: skip
        assert text in page, text
    download = client.get(f"/improvement/plans/{world['plan'].pk}/export.xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="p-x.xlsx"'
    assert download.content.startswith(b"PK")


def test_a_red_indicators_remedial_action_shows_on_its_page_in_fixed_queries(
    client: Client,
    council: Council,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
    periods: None,
) -> None:
    client.force_login(performance_user)
    indicator = make_indicator()
    url = f"/indicators/{indicator.pk}/"
    none = queries(client, url)
    action = services.remedial_action_add(
        None,
        indicator,
        text="Extra staff on claims until the backlog clears",
        timescale="End December 2025",
        role_lead="Head of Benefits",
    )
    services.progress_add(
        None, action.recommendation, action=action, text="Two temporary staff started",
        on=date(2025, 11, 3), status="on_track",
    )  # fmt: skip
    one = queries(client, url)
    page = client.get(url).content.decode()
    assert "Remedial actions" in page and "Extra staff on claims" in page
    assert "Two temporary staff started" in page and "Head of Benefits" in page
    assert ActionPlan.objects.get().kind == "remedial"
    other = services.action_add(None, action.recommendation, text="Review the process")
    services.remedial_action_link(None, indicator, other)
    assert queries(client, url) == one == none + 2  # actions, then their leads and progress


def test_the_demo_builds_its_plan_registers_and_projects(council: Council) -> None:
    demo.build(council=council, today=date(2025, 11, 20), seed=2026)
    assert ActionPlan.objects.filter(kind="inspection").count() == 1
    assert RiskRegister.objects.count() == 2
    halted = Project.objects.get(name="New leisure centre")
    assert halted.stages.get(number=2).decisions.last().decision == "halt"  # type: ignore[union-attr]
