"""Action plans: import → export → import loses nothing; bad files are refused whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from goldenthread.core.models import AuditEntry
from goldenthread.improvement import selectors, services, transfer
from goldenthread.improvement.models import Action, ActionPlan, Recommendation
from goldenthread.organisation.models import Council
from tests.improvement.plan_file import ACTIONS, ORDER, plan_rows, row, write_plan

pytestmark = pytest.mark.django_db


def canonical(plan: ActionPlan) -> dict[str, Any]:
    """Everything a plan holds, without database ids."""
    return {
        "plan": (plan.kind, plan.title, plan.subtitle),
        "key": [(k.initials, k.name, k.role) for k in plan.key.all()],
        "recommendations": [
            (
                rec.number,
                rec.text,
                rec.response,
                [
                    (
                        a.letter,
                        a.text,
                        a.timescale,
                        a.due,
                        a.status,
                        [
                            (lead.key.initials if lead.key else "", lead.text)
                            for lead in a.leads.all()
                        ],
                    )
                    for a in rec.actions.all()
                ],
                [
                    (u.action.letter if u.action else None, u.text, u.status, u.on, u.by)
                    for u in rec.progress.all()
                ],
            )
            for rec in selectors.plan_full(plan)
        ],
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_plan_of_14_recommendations_and_50_actions_survives_import_export_import(
    council: Council, tmp_path: Path, suffix: str
) -> None:
    report = transfer.actionplan_import(write_plan(tmp_path / f"plan{suffix}"))
    assert report.ok, [str(p) for p in report.problems]
    first = ActionPlan.objects.get(ref="audit-2007")
    assert first.recommendations.count() == 14
    assert Action.objects.filter(recommendation__plan=first).count() == 50 == sum(ACTIONS.values())
    assert [r.number for r in first.recommendations.all()] == ORDER

    exported = tmp_path / f"exported{suffix}"
    call_command(
        "export", "actionplan", "audit-2007", "--format", suffix[1:], "--out", str(exported)
    )
    again = transfer.actionplan_import(exported, ref="audit-2007-again")
    assert again.ok, [str(p) for p in again.problems]
    second = ActionPlan.objects.get(ref="audit-2007-again")
    assert canonical(second) == canonical(first)

    # And what was imported is what the file said: multi-lead actions, free-text timescales.
    data = canonical(first)
    actions = [a for r in data["recommendations"] for a in r[3]]
    r1a = next(r for r in data["recommendations"] if r[0] == 1)[3][0]
    assert r1a[0] == "a" and r1a[1].endswith("second line 2")
    assert r1a[5] == [("JJ", ""), ("TG", ""), ("SR", ""), ("DP", ""),
                      ("", "transformation board chairs"), ("", "heads of service")]  # fmt: skip
    long = [a for a in actions if a[2].startswith("Discussions to be completed by June 2007")]
    assert long and all(a[3] == date(2008, 4, 1) for a in long)
    ongoing = [a for a in actions if a[2] == "Ongoing"]
    assert ongoing and all(a[3] is None for a in ongoing)


def test_the_exported_workbook_has_the_data_first_and_the_003_report_after(
    council: Council, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    transfer.actionplan_import(write_plan(tmp_path / "plan.xlsx"))
    out = tmp_path / "out.xlsx"
    transfer.export(ActionPlan.objects.get(), "xlsx", out, today=date(2007, 7, 1))
    book = load_workbook(out)
    assert book.sheetnames == ["Action plan", "Progress report"]
    report = [r[0] for r in book["Progress report"].iter_rows(values_only=True)]
    at = report.index("RECOMMENDATION 5")
    assert report[at + 1].startswith("Recommendation 5:") and report[at + 3] == "RESPONSE"
    assert "ACTION" in report and "PROGRESS WITH R5" in report
    assert "RESPONSIBILITIES: KEY TO LEADS" in report


def test_a_bad_file_is_refused_whole_with_each_problem_named(
    council: Council, tmp_path: Path
) -> None:
    rows = plan_rows()
    rows.append(row(record="recommendation", recommendation=5, text="Repeated"))
    rows.append(row(record="action", recommendation=1, action="z", text="", timescale="Ongoing"))
    rows.append(row(record="action", recommendation=1, action="y", text="Lead", leads="TG, XY"))
    rows.append(row(record="action", recommendation=1, action="x", text="S", status="Done-ish"))
    entries = AuditEntry.objects.count()
    report = transfer.actionplan_import(write_plan(tmp_path / "bad.xlsx", rows))
    messages = [str(p) for p in report.problems]
    last = len(rows)
    assert messages == [
        f"Row {last - 3}, column “Recommendation”: Recommendation 5 is repeated (first on row 12).",
        f"Row {last - 2}, column “Text”: Action 1z has no text.",
        f"Row {last - 1}, column “Leads”: “XY” is not in the key to leads.",
        f"Row {last}, column “Status”: “done-ish” is not a status: use one of not started, "
        "on track, at risk, delayed, complete, cancelled.",
    ]
    assert not ActionPlan.objects.exists() and AuditEntry.objects.count() == entries


def test_an_existing_reference_is_refused_and_the_command_says_so(
    council: Council, tmp_path: Path
) -> None:
    path = write_plan(tmp_path / "plan.csv")
    assert transfer.actionplan_import(path).ok
    again = transfer.actionplan_import(path)
    assert [str(p) for p in again.problems] == [
        "Column “Reference”: A plan with the reference “audit-2007” exists already: "
        "import with --ref to give this one another."
    ]
    assert ActionPlan.objects.count() == 1


def test_import_command_imports_and_the_dry_run_writes_nothing(
    council: Council, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_plan(tmp_path / "plan.xlsx")
    call_command("import", "actionplan", str(path), "--dry-run", "--no-progress")
    assert "14 recommendations, 50 actions, 9 people in the key" in capsys.readouterr().out
    assert not ActionPlan.objects.exists()
    call_command("import", "actionplan", str(path), "--no-progress", "--ref", "other")
    assert ActionPlan.objects.get().ref == "other"


def test_overdue_is_a_past_due_date_on_an_open_action(council: Council) -> None:
    plan = services.plan_create(None, council=council, ref="p", kind="corporate", title="P")
    services.key_add(None, plan, "TG", "Tony Geeson")
    rec = services.recommendation_add(None, plan, 1, "Do better")
    late = services.action_add(None, rec, text="Late", timescale="End February 2007", leads="TG")
    done = services.action_add(
        None, rec, text="Done", timescale="End February 2007", status="complete"
    )
    ongoing = services.action_add(None, rec, text="Ongoing", timescale="Ongoing")
    today = date(2007, 3, 1)
    assert late.due == date(2007, 2, 28)
    assert [late.is_overdue(today), done.is_overdue(today), ongoing.is_overdue(today)] == [
        True,
        False,
        False,
    ]
    assert not late.is_overdue(date(2007, 2, 28))
    assert selectors.plans(council, today)[0].overdue_count == 1  # type: ignore[attr-defined]


def test_a_progress_update_sets_the_actions_status_and_is_audited(council: Council) -> None:
    plan = services.plan_create(None, council=council, ref="p", kind="corporate", title="P")
    rec = services.recommendation_add(None, plan, 1, "Do better")
    action = services.action_add(None, rec, text="Step", leads="heads of service")
    services.progress_add(None, rec, action=action, text="Slipping", status="delayed")
    action.refresh_from_db()
    assert action.status == "delayed" and action.tag == "govuk-tag--red"
    assert AuditEntry.objects.filter(model="improvement.action", action="update").count() == 1


def test_a_lead_not_in_the_key_is_refused_by_the_service(council: Council) -> None:
    from django.core.exceptions import ValidationError

    plan = services.plan_create(None, council=council, ref="p", kind="corporate", title="P")
    rec: Recommendation = services.recommendation_add(None, plan, 1, "Do better")
    with pytest.raises(ValidationError, match="“QQ” is not in the plan's key"):
        services.action_add(None, rec, text="Step", leads="QQ")


def test_a_plan_deletes_whole_but_a_key_entry_in_use_cannot_go_alone(council: Council) -> None:
    from django.db.models import RestrictedError

    plan = services.plan_create(None, council=council, ref="p", kind="corporate", title="P")
    key = services.key_add(None, plan, "TG", "Tony Geeson")
    rec = services.recommendation_add(None, plan, 1, "Do better")
    services.action_add(None, rec, text="Step", leads="TG")
    with pytest.raises(RestrictedError):
        key.delete()
    plan.delete()
    assert not Action.objects.exists()
