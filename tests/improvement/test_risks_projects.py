"""Risk scores and ordering (worked examples), the matrix's bounds, and checkpoint halts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from goldenthread.core.models import AuditEntry
from goldenthread.improvement import selectors, services
from goldenthread.improvement.models import Project, Risk, RiskMatrix, RiskRegister, Stage
from goldenthread.organisation.models import Council

pytestmark = pytest.mark.django_db

ON = date(2025, 4, 1)


def make_register(council: Council, **matrix: int) -> RiskRegister:
    grid = RiskMatrix.objects.create(council=council, name="Test matrix", **matrix)
    return RiskRegister.objects.create(council=council, matrix=grid, level="corporate", name="R")


def add(register: RiskRegister, reference: str, residual: tuple[int, int], **extra: int) -> Risk:
    fields = {
        "inherent_likelihood": 5,
        "inherent_impact": 5,
        "target_likelihood": 1,
        "target_impact": 1,
        **extra,
    }
    return services.risk_create(
        None, on=ON, register=register, reference=reference, title=f"Risk {reference}",
        owner="Owner", residual_likelihood=residual[0], residual_impact=residual[1],
        next_review=date(2025, 7, 1), **fields,
    )  # fmt: skip


def test_scores_are_likelihood_times_impact_at_each_stage(council: Council) -> None:
    risk = add(make_register(council), "R1", (3, 4), inherent_likelihood=5, inherent_impact=4,
               target_likelihood=2, target_impact=3)  # fmt: skip
    assert (risk.inherent_score, risk.residual_score, risk.target_score) == (20, 12, 6)
    matrix = risk.register.matrix
    assert [matrix.band(s) for s in (4, 5, 14, 15, 25)] == ["green", "amber", "amber", "red", "red"]


def test_risks_are_ordered_by_residual_score_then_impact_then_likelihood(
    council: Council,
) -> None:
    register = make_register(council)
    for reference, residual in [("R1", (4, 4)), ("R2", (5, 2)), ("R3", (2, 5)), ("R4", (3, 3)),
                                ("R5", (1, 4)), ("R6", (4, 4))]:  # fmt: skip
        add(register, reference, residual)
    view = selectors.register_view(register, ON)
    # 16, 16 (tie: by reference), 10 with impact 5 above 10 with impact 2, 9, 4.
    assert [r.reference for r in view.risks] == ["R1", "R6", "R3", "R2", "R4", "R5"]
    assert [r.residual_score for r in view.risks] == [16, 16, 10, 10, 9, 4]
    assert [r.reference for r in selectors.top_risks(council, limit=3)] == ["R1", "R6", "R3"]
    cells = {(c.likelihood, c.impact): c for _, _, row in view.heat_map.rows for c in row}
    assert [r.reference for r in cells[(4, 4)].risks] == ["R1", "R6"]
    assert (cells[(4, 4)].band, cells[(2, 5)].band, cells[(1, 4)].band) == ("red", "amber", "green")
    assert [row[0] for row in view.heat_map.rows] == [5, 4, 3, 2, 1]
    assert sum(len(c.risks) for c in cells.values()) == 6


def test_a_configured_matrix_refuses_a_likelihood_outside_it(council: Council) -> None:
    register = make_register(council, likelihood_levels=4, impact_levels=3, amber_from=4,
                             red_from=9)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        add(register, "R1", (5, 3), inherent_likelihood=4, inherent_impact=3)
    assert error.value.message_dict == {
        "residual_likelihood": [
            "The residual likelihood must be from 1 to 4 on the Test matrix matrix."
        ]
    }
    assert not Risk.objects.exists()
    risk = add(register, "R2", (4, 3), inherent_likelihood=4, inherent_impact=3)
    assert risk.register.matrix.band(risk.residual_score) == "red"
    assert len(selectors.heat_map(register.matrix, [risk]).rows) == 4


def test_a_review_rescores_keeps_history_and_moves_the_next_review(council: Council) -> None:
    risk = add(make_register(council), "R1", (4, 4))
    services.risk_rescore(None, risk, likelihood=3, impact=4, on=date(2025, 8, 31))
    risk.refresh_from_db()
    assert risk.next_review == date(2025, 11, 30)  # three months on, end of month kept
    assert [(h.on, h.score) for h in risk.history.all()] == [(ON, 16), (date(2025, 8, 31), 12)]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.risk_rescore(None, risk, likelihood=6, impact=4, on=date(2025, 9, 1))
    assert risk.history.count() == 2 and AuditEntry.objects.count() == before
    assert selectors.register_view(risk.register, date(2025, 11, 20)).reviews_due == [risk]


@pytest.fixture
def project(council: Council) -> Project:
    project = Project.objects.create(
        council=council, name="Leisure centre", sponsor="S", manager="M", review_board="Board"
    )
    for number, name in enumerate(["Feasibility", "Procurement", "Construction"], start=1):
        Stage.objects.create(project=project, number=number, name=name)
    return project


def test_a_halted_stage_blocks_the_next_until_a_later_decision_to_proceed(
    project: Project,
) -> None:
    one, two, _ = project.stages.all()
    services.stage_start(None, one, on=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="has not decided"):
        services.stage_start(None, two, on=date(2025, 6, 1))
    services.checkpoint_record(None, one, decision="halt", on=date(2025, 6, 1), minute="Costs")
    with pytest.raises(ValidationError) as error:
        services.stage_start(None, two, on=date(2025, 6, 2))
    assert error.value.messages == [
        "Stage 2: Procurement cannot start: the review board halted the project at the "
        "checkpoint closing stage 1 on 01 June 2025. A later decision to proceed is needed."
    ]
    two.refresh_from_db()
    assert two.started_on is None
    one.refresh_from_db()
    assert one.closed_on is None
    services.checkpoint_record(
        None, one, decision="conditions", on=date(2025, 7, 1), minute="Revised case agreed",
        conditions="Costs reported to every board",
    )  # fmt: skip
    services.stage_start(None, two, on=date(2025, 7, 2))
    two.refresh_from_db()
    one.refresh_from_db()
    assert (one.closed_on, two.started_on) == (date(2025, 7, 1), date(2025, 7, 2))


def test_a_checkpoint_needs_a_started_stage_and_dates_that_move_forward(
    project: Project,
) -> None:
    one = project.stages.get(number=1)
    with pytest.raises(ValidationError, match="has not started"):
        services.checkpoint_record(None, one, decision="proceed", on=date(2025, 5, 1), minute="")
    services.stage_start(None, one, on=date(2025, 4, 1))
    services.checkpoint_record(None, one, decision="halt", on=date(2025, 6, 1), minute="Wait")
    with pytest.raises(ValidationError, match="A decision was recorded on 01 June 2025"):
        services.checkpoint_record(None, one, decision="proceed", on=date(2025, 5, 1), minute="")
