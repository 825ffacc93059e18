"""Risk reviews by their owners and checkpoint decisions by the review board (issue 17 d):
the services (history, audit, bad input, edit conflicts), the pages, the halted banner, the
timeline, the top risks document, reminders and each owner's work items."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.improvement import selectors, services
from goldenthread.improvement.admin import RiskAdmin
from goldenthread.improvement.models import (
    CheckpointDecision,
    Control,
    Project,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskScore,
    Stage,
)
from goldenthread.organisation.models import Council, Person
from goldenthread.returns.reminders import send_reminders

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 20)


def make_person(council: Council, username: str, role: str = Person.Role.OWNER) -> Person:
    user = User.objects.create_user(
        username, password="pw-for-tests-1", email=f"{username}@example.org", first_name=username
    )
    return Person.objects.create(user=user, council=council, role=role)


@pytest.fixture
def owner(council: Council) -> Person:
    return make_person(council, "riskowner")


@pytest.fixture
def register(council: Council) -> RiskRegister:
    matrix = RiskMatrix.objects.create(council=council)
    return RiskRegister.objects.create(
        council=council, matrix=matrix, level="corporate", name="Corporate risk register"
    )


def make_risk(register: RiskRegister, owner: Person | None, reference: str = "CR1") -> Risk:
    risk = services.risk_create(
        None, on=TODAY - timedelta(days=90), register=register, reference=reference,
        title=f"Budget gap {reference}", owner="Director of Resources", owner_person=owner,
        inherent_likelihood=5, inherent_impact=5, residual_likelihood=4, residual_impact=4,
        target_likelihood=2, target_impact=4, next_review=TODAY + timedelta(days=3),
    )  # fmt: skip
    services.control_add(
        None, risk, description="Monthly budget monitoring", effectiveness="partly"
    )
    return risk


@pytest.fixture
def risk(register: RiskRegister, owner: Person) -> Risk:
    return make_risk(register, owner)


def review(risk: Risk, version: str | None, **fields: Any) -> RiskScore:
    values: dict[str, Any] = {
        "likelihood": 3,
        "impact": 4,
        "next_review": TODAY + timedelta(days=90),
        "today": TODAY,
        "further_actions": "Savings plan to Cabinet",
        **fields,
    }
    return services.risk_review(None, risk.pk, version=version, **values)


# --- risk reviews -----------------------------------------------------------------------------


def test_a_review_adds_a_history_row_updates_the_risk_and_is_audited(
    risk: Risk, owner: Person
) -> None:
    control = risk.controls.get()
    before = AuditEntry.objects.count()
    score = review(
        risk, version_of(risk), effectiveness={control.pk: "effective"},
        new_control="Reserves policy", new_control_effectiveness="partly", reviewer=owner,
    )  # fmt: skip
    risk.refresh_from_db()
    assert (risk.residual_likelihood, risk.residual_impact, risk.residual_score) == (3, 4, 12)
    assert risk.next_review == TODAY + timedelta(days=90)
    assert risk.further_actions == "Savings plan to Cabinet"
    assert risk.last_review == score
    assert [(s.on, s.score) for s in risk.history.all()] == [
        (TODAY - timedelta(days=90), 16),
        (TODAY, 12),
    ]
    assert score.reviewed_by == owner and score.next_review == TODAY + timedelta(days=90)
    assert Control.objects.get(pk=control.pk).effectiveness == "effective"
    assert risk.controls.filter(description="Reserves policy", effectiveness="partly").exists()
    audited = {e.model for e in AuditEntry.objects.order_by("pk")[before:]}
    assert {"improvement.risk", "improvement.riskscore", "improvement.control"} <= audited


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"likelihood": 6}, "likelihood", "The likelihood must be from 1 to 5"),
        ({"impact": 0}, "impact", "The impact must be from 1 to 5"),
        ({"next_review": TODAY}, "next_review", "The next review must be after today."),
        ({"next_review": TODAY + timedelta(days=800)}, "next_review", "within two years"),
        (
            {"new_control": "Extra checks", "new_control_effectiveness": ""},
            "new_control_effectiveness",
            "Select how well the new control works",
        ),
    ],
)
def test_bad_review_input_is_a_field_error_and_saves_nothing(
    risk: Risk, fields: dict[str, Any], field: str, message: str
) -> None:
    history, audit = RiskScore.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        review(risk, version_of(risk), **fields)
    assert message in " ".join(error.value.message_dict[field])
    assert (RiskScore.objects.count(), AuditEntry.objects.count()) == (history, audit)
    risk.refresh_from_db()
    assert risk.residual_score == 16


def test_two_reviews_from_one_opened_version_the_second_is_refused(risk: Risk) -> None:
    opened = version_of(risk)
    review(risk, opened, likelihood=3, impact=4)
    # The same scores again: still refused, because the first review moved the history on.
    with pytest.raises(StaleEdit, match="changed by someone else since you opened it"):
        review(risk, opened, likelihood=3, impact=4, further_actions="Second")
    risk.refresh_from_db()
    assert risk.history.count() == 2 and risk.further_actions == "Savings plan to Cabinet"


def test_the_admin_cannot_rescore_a_risk_without_a_review(risk: Risk) -> None:
    readonly = RiskAdmin(Risk, mock.Mock()).get_readonly_fields(mock.Mock(), risk)
    assert {"residual_likelihood", "residual_impact", "next_review"} <= set(readonly)


# --- the pages --------------------------------------------------------------------------------


def points(page: str) -> int:
    """The points on the page's score chart (the residual series is drawn with circles)."""
    chart = page.split('<svg class="gt-chart"', 1)[1].split("</svg>", 1)[0]
    return chart.count("<circle")


def signed_in(client: Client, person: Person) -> Client:
    client.force_login(person.user)
    return client


def test_the_owner_reviews_on_the_page_and_the_chart_gains_a_point(
    client: Client, risk: Risk, owner: Person, council: Council
) -> None:
    signed_in(client, owner)
    page = client.get(f"/improvement/risk/{risk.pk}/").content.decode()
    assert points(page) == 1  # the score the risk was made with
    assert "Review this risk" in page
    form = client.get(f"/improvement/risk/{risk.pk}/review/")
    assert form.status_code == 200
    control = risk.controls.get()
    with mock.patch("goldenthread.improvement.risks.today", return_value=TODAY):
        response = client.post(
            f"/improvement/risk/{risk.pk}/review/",
            {
                "version": form.context["form"].initial["version"],
                "likelihood": "2",
                "impact": "4",
                f"control_{control.pk}": "effective",
                "further_actions": "Savings plan",
                "next_review": (TODAY + timedelta(days=60)).isoformat(),
            },
        )
    assert response.status_code == 302
    page = client.get(f"/improvement/risk/{risk.pk}/").content.decode()
    assert points(page) == 2
    assert "20 Nov 2025" in page and ">8<" in page  # the new score in the data table
    assert AuditEntry.objects.filter(model="improvement.riskscore", action="create").count() == 1


def test_bad_input_on_the_review_page_shows_a_field_error(
    client: Client, risk: Risk, owner: Person
) -> None:
    signed_in(client, owner)
    version = version_of(risk)
    response = client.post(
        f"/improvement/risk/{risk.pk}/review/",
        {"version": version, "likelihood": "7", "impact": "4",
         f"control_{risk.controls.get().pk}": "partly",
         "next_review": (TODAY + timedelta(days=30)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "The likelihood must be from 1 to 5" in page
    assert 'href="#id_likelihood"' in page and "govuk-form-group--error" in page
    assert risk.history.count() == 1


def test_a_stale_review_page_is_refused_and_the_refusal_audited(
    client: Client, risk: Risk, owner: Person
) -> None:
    signed_in(client, owner)
    opened = version_of(risk)
    review(risk, opened)
    response = client.post(
        f"/improvement/risk/{risk.pk}/review/",
        {"version": opened, "likelihood": "1", "impact": "1",
         f"control_{risk.controls.get().pk}": "partly",
         "next_review": (date.today() + timedelta(days=30)).isoformat()},
    )  # fmt: skip
    assert "changed by someone else since you opened it" in response.content.decode()
    assert risk.history.count() == 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED).count() == 1
    risk.refresh_from_db()
    assert f'value="{version_of(risk)}"' in response.content.decode()  # saving again is deliberate


def test_only_the_owner_and_the_team_may_review(
    client: Client, risk: Risk, council: Council, performance_user: User
) -> None:
    other = make_person(council, "someoneelse")
    signed_in(client, other)
    assert client.get(f"/improvement/risk/{risk.pk}/").status_code == 200
    assert client.get(f"/improvement/risk/{risk.pk}/review/").status_code == 403
    assert client.post(f"/improvement/risk/{risk.pk}/review/", {}).status_code == 403
    client.force_login(performance_user)
    assert client.get(f"/improvement/risk/{risk.pk}/review/").status_code == 200


def test_the_top_risks_document_opens_and_lists_the_highest_scores(
    client: Client, register: RiskRegister, owner: Person, performance_user: User, tmp_path: Path
) -> None:
    for n, residual in enumerate([(2, 2), (5, 4), (3, 3)], start=1):
        made = make_risk(register, owner, f"CR{n}")
        services.risk_rescore(None, made, likelihood=residual[0], impact=residual[1], on=TODAY)
    client.force_login(performance_user)
    response = client.get(f"/improvement/risks/{register.pk}/top-risks.docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="corporate-risk-register-top-risks.docx"'
    )
    document = Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert [row.cells[0].text for row in table.rows][1:] == [
        "CR2 Budget gap CR2",
        "CR3 Budget gap CR3",
        "CR1 Budget gap CR1",
    ]
    assert table.rows[1].cells[1].text == "riskowner, Director of Resources"
    assert table.rows[1].cells[2].text == "5 × 4 = 20"
    if shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "top.docx"
    source.write_bytes(response.content)
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert (tmp_path / "top.pdf").read_bytes().startswith(b"%PDF")


def test_the_risk_page_takes_the_same_queries_at_two_sizes(
    client: Client, risk: Risk, owner: Person, register: RiskRegister
) -> None:
    signed_in(client, owner)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count(f"/improvement/risk/{risk.pk}/")
    for n in range(8):
        services.risk_rescore(None, risk, likelihood=1 + n % 5, impact=2, on=TODAY)
        services.control_add(None, risk, description=f"Control {n}", effectiveness="effective")
    assert count(f"/improvement/risk/{risk.pk}/") == small
    small_review = count(f"/improvement/risk/{risk.pk}/review/")
    services.control_add(None, risk, description="One more", effectiveness="effective")
    count(f"/improvement/risk/{risk.pk}/review/")  # the navigation's counts worked out again
    assert count(f"/improvement/risk/{risk.pk}/review/") == small_review


# --- work items and reminders ---------------------------------------------------------------


def test_work_items_are_the_owners_reviews_due_or_overdue_in_one_query(
    register: RiskRegister, owner: Person, council: Council
) -> None:
    due = make_risk(register, owner, "CR1")  # due in 3 days
    overdue = make_risk(register, owner, "CR2")
    Risk.objects.filter(pk=overdue.pk).update(next_review=TODAY - timedelta(days=4))
    later = make_risk(register, owner, "CR3")
    Risk.objects.filter(pk=later.pk).update(next_review=TODAY + timedelta(days=60))
    make_risk(register, make_person(council, "other"), "CR4")
    with CaptureQueriesContext(connection) as captured:
        items = selectors.risk_work_items(owner, TODAY)
    assert len(captured) == 1
    assert [(i.title, i.state, i.due) for i in items] == [
        ("CR2 Budget gap CR2", "Overdue 4 days", TODAY - timedelta(days=4)),
        ("CR1 Budget gap CR1", "Due in 3 days", TODAY + timedelta(days=3)),
    ]
    assert items[0].url == f"/improvement/risk/{overdue.pk}/review/"
    assert items[0].kind == "Risk reviews due" and items[0].detail == "Corporate risk register"
    assert due.pk != overdue.pk


def test_risk_owners_are_reminded_once_per_stage(
    register: RiskRegister, owner: Person, council: Council
) -> None:
    risk = make_risk(register, owner)  # due in 3 days
    make_risk(register, None, "CR2")  # no person: nobody to remind
    assert send_reminders(today=TODAY) == 1
    assert "CR1 Budget gap CR1" in mail.outbox[0].body
    assert mail.outbox[0].to == ["riskowner@example.org"]
    assert f"/improvement/risk/{risk.pk}/review/" in mail.outbox[0].body
    assert send_reminders(today=TODAY + timedelta(days=1)) == 0  # the same stage: not again
    assert send_reminders(today=TODAY + timedelta(days=4)) == 1  # now overdue: a new stage
    assert "overdue since" in mail.outbox[1].body
    assert send_reminders(today=TODAY + timedelta(days=5)) == 0
    review(risk, None, next_review=TODAY + timedelta(days=10))  # reviewed: the next is new
    assert send_reminders(today=TODAY + timedelta(days=5)) == 1


# --- checkpoint decisions ---------------------------------------------------------------------


@pytest.fixture
def director(council: Council) -> Person:
    return make_person(council, "sponsor", Person.Role.DIRECTOR)


@pytest.fixture
def project(council: Council, director: Person) -> Project:
    project = Project.objects.create(
        council=council, name="New leisure centre", sponsor="Director of Place",
        manager="M", review_board="Board", director=director,
    )  # fmt: skip
    for number, name in enumerate(["Feasibility", "Procurement", "Construction"], start=1):
        stage = Stage.objects.create(project=project, number=number, name=name)
        project.milestones.create(title=f"{name} complete", due=date(2025, 3 * number, 1))
        if number == 1:
            services.stage_start(None, stage, on=date(2025, 4, 1))
    return project


def decide(project: Project, version: str | None, **fields: Any) -> CheckpointDecision:
    values: dict[str, Any] = {
        "decision": "halt",
        "on": TODAY,
        "today": TODAY,
        "minute": "Costs too high",
        **fields,
    }
    return services.checkpoint_decide(None, project.pk, version=version, **values)


def test_a_halt_is_recorded_on_the_current_stage_and_audited(project: Project) -> None:
    decision = decide(project, version_of(project))
    project.refresh_from_db()
    assert project.halted and project.last_decision == decision
    assert decision.stage.number == 1
    assert (
        AuditEntry.objects.filter(model="improvement.checkpointdecision", action="create").count()
        == 1
    )
    decide(project, version_of(project), decision="conditions", conditions="Monthly cost report")
    project.refresh_from_db()
    assert not project.halted
    assert project.last_decision.conditions == "Monthly cost report"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"decision": "conditions", "conditions": " "}, "conditions", "Enter the conditions"),
        ({"on": TODAY + timedelta(days=1)}, "decided_on", "today or in the past"),
        ({"on": date(2025, 3, 1)}, "decided_on", "on or after Stage 1: Feasibility started"),
        ({"minute": ""}, "minute", "Enter the review board's minute"),
        ({"decision": "maybe"}, "decision", "Select the review board's decision"),
    ],
)
def test_bad_decision_input_is_a_field_error_and_saves_nothing(
    project: Project, fields: dict[str, Any], field: str, message: str
) -> None:
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        decide(project, version_of(project), **fields)
    assert message in " ".join(error.value.message_dict[field])
    assert CheckpointDecision.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_two_decisions_from_one_opened_version_the_second_is_refused(project: Project) -> None:
    opened = version_of(project)
    decide(project, opened)
    with pytest.raises(StaleEdit, match="changed by someone else since you opened it"):
        decide(project, opened)  # the same decision again: still refused
    assert CheckpointDecision.objects.count() == 1


def test_the_sponsor_halts_on_the_page_and_the_banner_shows_everywhere(
    client: Client, project: Project, director: Person, council: Council
) -> None:
    signed_in(client, director)
    url = f"/improvement/projects/{project.pk}/checkpoint/"
    form = client.get(url)
    assert form.status_code == 200
    missing = client.post(
        url,
        {"version": form.context["form"].initial["version"], "decision": "conditions",
         "decided_on": date.today().isoformat(), "minute": "Go", "conditions": ""},
    )  # fmt: skip
    assert "Enter the conditions the review board set" in missing.content.decode()
    assert CheckpointDecision.objects.count() == 0
    done = client.post(
        url,
        {"version": form.context["form"].initial["version"], "decision": "halt",
         "decided_on": date.today().isoformat(), "minute": "Tender prices too high"},
    )  # fmt: skip
    assert done.status_code == 302
    for page_url in (
        f"/improvement/projects/{project.pk}/",
        "/improvement/programme/",
        "/improvement/",
        url,
    ):
        page = client.get(page_url).content.decode()
        assert "govuk-notification-banner" in page, page_url
        assert "New leisure centre is halted" in page or "New leisure centre</a> is halted" in page
    programme = client.get("/improvement/programme/").content.decode()
    assert 'aria-labelledby="programme-timeline-title programme-timeline-desc"' in programme
    assert ">Halted</text>" in programme and "timeline-table" in programme


def test_only_the_sponsor_and_the_team_may_decide(
    client: Client, project: Project, council: Council, performance_user: User
) -> None:
    signed_in(client, make_person(council, "otherdirector", Person.Role.DIRECTOR))
    url = f"/improvement/projects/{project.pk}/checkpoint/"
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    client.force_login(performance_user)
    assert client.get(url).status_code == 200


def test_the_programme_takes_the_same_queries_at_two_sizes(
    client: Client, council: Council, director: Person, performance_user: User
) -> None:
    client.force_login(performance_user)

    def grow(size: int) -> None:
        for n in range(size):
            made = Project.objects.create(
                council=council, name=f"P{size}-{n}", sponsor="S", manager="M", review_board="B"
            )
            stage = Stage.objects.create(project=made, number=1, name="One")
            services.stage_start(None, stage, on=date(2025, 1, 1))
            services.checkpoint_record(
                None, stage, decision="halt", on=date(2025, 2, 1), minute="x"
            )
            made.milestones.create(title="M", due=date(2025, 6, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/improvement/programme/").status_code == 200
        return len(captured)

    grow(2)
    small = count()
    grow(9)
    assert count() == small
