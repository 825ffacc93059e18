"""Writes for action plans, risks and projects: validated, and audited in the same transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from goldenthread.core.audit import Actor, audit_record, save_audited, snapshot
from goldenthread.core.editing import locked
from goldenthread.core.models import AuditEntry
from goldenthread.improvement.models import (
    Action,
    ActionLead,
    ActionPlan,
    ActionStatus,
    CheckpointDecision,
    Control,
    LeadKey,
    ProgressUpdate,
    Project,
    Recommendation,
    Risk,
    RiskScore,
    Stage,
)
from goldenthread.improvement.timescales import due_from_timescale
from goldenthread.indicators.models import Indicator

# Initials are short, have no spaces and at least two capitals: "TG", "AMc", "SMT".
# Anything else in a lead list ("heads of service", "Directors") is a role written out.
_INITIALS = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z&'.]{2,6}$")


@dataclass(frozen=True)
class Lead:
    initials: str = ""
    role: str = ""

    def __str__(self) -> str:
        return self.initials or self.role


def parse_leads(text: str) -> list[Lead]:
    """'JJ, TG, transformation board chairs' → JJ, TG and one role; '/' separates too."""
    leads = []
    for part in re.split(r"[,/;]", text or ""):
        part = " ".join(part.split())
        if not part:
            continue
        leads.append(Lead(initials=part) if _INITIALS.match(part) else Lead(role=part))
    return leads


def leads_text(leads: list[ActionLead]) -> str:
    return ", ".join(str(lead) for lead in leads)


def _create(actor: Actor, instance: models.Model) -> None:
    save_audited(actor=actor, instance=instance, before={})


# ---------------------------------------------------------------------------------------------
# Action plans


def plan_create(actor: Actor, **fields: Any) -> ActionPlan:
    with transaction.atomic():
        plan = ActionPlan(**fields)
        _create(actor, plan)
        return plan


def key_add(actor: Actor, plan: ActionPlan, initials: str, name: str, role: str = "") -> LeadKey:
    with transaction.atomic():
        key = LeadKey(plan=plan, initials=initials, name=name, role=role)
        _create(actor, key)
        return key


def recommendation_add(
    actor: Actor, plan: ActionPlan, number: int, text: str, response: str = ""
) -> Recommendation:
    with transaction.atomic():
        position = plan.recommendations.count()
        rec = Recommendation(
            plan=plan, number=number, position=position, text=text, response=response
        )
        _create(actor, rec)
        return rec


def action_add(
    actor: Actor,
    recommendation: Recommendation,
    *,
    text: str,
    letter: str = "",
    timescale: str = "",
    due: date | None = None,
    leads: str = "",
    status: str = ActionStatus.NOT_STARTED,
) -> Action:
    """Add an action; ``due`` is read from the timescale's words when not given. Initials in
    ``leads`` must be in the plan's key."""
    with transaction.atomic():
        action = Action(
            recommendation=recommendation,
            letter=letter,
            position=recommendation.actions.count(),
            text=text,
            timescale=timescale,
            due=due if due is not None else due_from_timescale(timescale),
            status=status,
        )
        _create(actor, action)
        keys = {k.initials: k for k in recommendation.plan.key.all()}
        for position, lead in enumerate(parse_leads(leads)):
            if lead.initials and lead.initials not in keys:
                raise ValidationError(
                    {"leads": f"“{lead.initials}” is not in the plan's key to leads."}
                )
            _create(
                actor,
                ActionLead(
                    action=action,
                    position=position,
                    key=keys.get(lead.initials),
                    text=lead.role,
                ),
            )
        return action


def progress_add(
    actor: Actor,
    recommendation: Recommendation,
    *,
    text: str,
    action: Action | None = None,
    on: date | None = None,
    status: str = "",
    by: str = "",
    update_action: bool = True,
) -> ProgressUpdate:
    """Record progress; a status given with an action's update becomes the action's status
    (unless ``update_action`` is False, as when importing a plan's history)."""
    with transaction.atomic():
        update = ProgressUpdate(
            recommendation=recommendation,
            action=action,
            position=recommendation.progress.count(),
            on=on,
            text=text,
            status=status,
            by=by,
        )
        _create(actor, update)
        if update_action and action is not None and status and action.status != status:
            before = snapshot(action)
            action.status = status
            save_audited(actor=actor, instance=action, before=before, reason="Progress update")
        return update


def remedial_action_add(
    actor: Actor,
    indicator: Indicator,
    *,
    text: str,
    timescale: str = "",
    leads: str = "",
    role_lead: str = "",
) -> Action:
    """A red indicator's remedial action: an action on the indicator's remedial plan (made
    the first time), linked to the indicator so its progress shows on the indicator page."""
    with transaction.atomic():
        ref = slugify(f"remedial-{indicator.code}")[:60]
        plan = ActionPlan.objects.filter(council=indicator.council, ref=ref).first()
        if plan is None:
            plan = plan_create(
                actor,
                council=indicator.council,
                ref=ref,
                kind=ActionPlan.Kind.REMEDIAL,
                title=f"Remedial plan: {indicator.code} {indicator.title}"[:300],
                indicator=indicator,
            )
            recommendation_add(
                actor, plan, 1, f"Bring {indicator.code} {indicator.title} back on target"
            )
        rec = plan.recommendations.get(number=1)
        action = action_add(
            actor,
            rec,
            text=text,
            letter=chr(ord("a") + rec.actions.count() % 26),
            timescale=timescale,
            leads=leads or role_lead,
        )
        action.indicators.add(indicator)
        return action


def remedial_action_ensure(actor: Actor, indicator: Indicator, *, text: str, lead: str) -> Action:
    """The indicator's remedial action with this text: the existing one, or a new one.

    Called when a red return with a remedial action is approved, so the action is tracked to
    completion like any other; the same words reported again next quarter add nothing.
    """
    existing = Action.objects.filter(indicators=indicator, text=text.strip()).first()
    if existing is not None:
        return existing
    return remedial_action_add(actor, indicator, text=text.strip(), role_lead=lead)


def remedial_action_link(actor: Actor, indicator: Indicator, action: Action) -> None:
    """Link an existing action as the indicator's remedial action."""
    with transaction.atomic():
        action.indicators.add(indicator)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=action,
            changes={"indicators": [None, indicator.pk]},
            reason=f"Remedial action for {indicator.code}",
        )


# ---------------------------------------------------------------------------------------------
# Risks


def risk_create(actor: Actor, *, on: date, **fields: Any) -> Risk:
    """Create a risk; its residual score starts its history on ``on``."""
    with transaction.atomic():
        risk = Risk(**fields)
        _create(actor, risk)
        risk.last_review = RiskScore.objects.create(
            risk=risk, on=on, likelihood=risk.residual_likelihood, impact=risk.residual_impact
        )
        risk.save(update_fields=["last_review"])
        return risk


def risk_rescore(
    actor: Actor, risk: Risk, *, likelihood: int, impact: int, on: date, reviewed: bool = True
) -> Risk:
    """A new residual score (a review): checked against the matrix, kept in the history; a
    review moves the next review date on by the review frequency."""
    with transaction.atomic():
        before = snapshot(risk)
        risk.residual_likelihood = likelihood
        risk.residual_impact = impact
        if reviewed:
            risk.next_review = add_months(on, risk.review_months)
        risk.last_review = RiskScore.objects.create(
            risk=risk, on=on, likelihood=likelihood, impact=impact
        )
        save_audited(actor=actor, instance=risk, before=before, reason="Risk review")
        return risk


def risk_review(
    actor: Actor,
    risk_pk: int,
    *,
    version: str | None,
    likelihood: int,
    impact: int,
    next_review: date,
    today: date,
    further_actions: str = "",
    effectiveness: dict[int, str] | None = None,
    new_control: str = "",
    new_control_effectiveness: str = "",
    reviewer: Any = None,
) -> RiskScore:
    """The owner's (or the performance team's) review of a risk: the residual likelihood and
    impact on the register's matrix, how well each control works, a new control, the further
    actions and the next review date. Adds a row to the score history; refused if the risk
    changed since the review page was opened; nothing is saved if anything is wrong."""
    with transaction.atomic():
        risk = locked(
            Risk.objects.select_related("register__matrix"), risk_pk, version, what="risk"
        )
        matrix = risk.register.matrix
        errors: dict[str, str] = {}
        for axis, level, top in (
            ("likelihood", likelihood, matrix.likelihood_levels),
            ("impact", impact, matrix.impact_levels),
        ):
            if not 1 <= level <= top:
                errors[axis] = f"The {axis} must be from 1 to {top} on the {matrix.name} matrix."
        if next_review <= today:
            errors["next_review"] = "The next review must be after today."
        elif next_review > add_months(today, 24):
            errors["next_review"] = "The next review must be within two years."
        valid = set(Control.Effectiveness.values)
        controls = {control.pk: control for control in risk.controls.all()}
        for pk, rating in (effectiveness or {}).items():
            if pk not in controls:
                raise ValidationError("A control on the form is not one of this risk's.")
            if rating not in valid:
                errors[f"control_{pk}"] = "Select how well the control works."
        if new_control.strip() and new_control_effectiveness not in valid:
            errors["new_control_effectiveness"] = "Select how well the new control works."
        if errors:
            raise ValidationError(errors)
        for pk, rating in (effectiveness or {}).items():
            control = controls[pk]
            if control.effectiveness != rating:
                before = snapshot(control)
                control.effectiveness = rating
                save_audited(actor=actor, instance=control, before=before, reason="Risk review")
        if new_control.strip():
            control_add(
                actor,
                risk,
                description=new_control.strip(),
                owner=risk.owner,
                effectiveness=new_control_effectiveness,
            )
        score = RiskScore(
            risk=risk,
            on=today,
            likelihood=likelihood,
            impact=impact,
            reviewed_by=reviewer,
            further_actions=further_actions.strip(),
            next_review=next_review,
        )
        _create(actor, score)
        before = snapshot(risk)
        risk.residual_likelihood = likelihood
        risk.residual_impact = impact
        risk.further_actions = further_actions.strip()
        risk.next_review = next_review
        risk.last_review = score
        save_audited(actor=actor, instance=risk, before=before, reason="Risk review")
        return score


def control_add(actor: Actor, risk: Risk, **fields: Any) -> Control:
    with transaction.atomic():
        control = Control(risk=risk, **fields)
        _create(actor, control)
        return control


def add_months(day: date, months: int) -> date:
    import calendar

    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------
# Projects


def stage_start(actor: Actor, stage: Stage, *, on: date) -> Stage:
    """Start a stage. Every stage after the first needs the review board's latest decision at
    the previous stage's checkpoint to be to proceed: a halt blocks it until a later decision
    to proceed (docs/sources.md#seed-001-2-53)."""
    with transaction.atomic():
        if stage.started_on is not None:
            raise ValidationError(f"{stage} started on {stage.started_on:%d %B %Y}.")
        previous = Stage.objects.filter(project=stage.project, number__lt=stage.number).last()
        if previous is not None:
            decision = previous.decisions.last()
            if decision is None:
                raise ValidationError(
                    f"{stage} cannot start: the review board has not decided at the "
                    f"checkpoint closing stage {previous.number}."
                )
            if not decision.allows_next:
                raise ValidationError(
                    f"{stage} cannot start: the review board halted the project at the "
                    f"checkpoint closing stage {previous.number} on "
                    f"{decision.decided_on:%d %B %Y}. A later decision to proceed is needed."
                )
        before = snapshot(stage)
        stage.started_on = on
        save_audited(actor=actor, instance=stage, before=before, reason="Stage started")
        return stage


def checkpoint_record(
    actor: Actor, stage: Stage, *, decision: str, on: date, minute: str, conditions: str = ""
) -> CheckpointDecision:
    """The review board's decision at the checkpoint closing ``stage``; to proceed (with or
    without conditions) closes the stage."""
    with transaction.atomic():
        if stage.started_on is None:
            raise ValidationError(f"{stage} has not started: there is no checkpoint to decide.")
        last = stage.decisions.last()
        if last is not None and on < last.decided_on:
            raise ValidationError(
                {"decided_on": f"A decision was recorded on {last.decided_on:%d %B %Y}."}
            )
        if decision == CheckpointDecision.Decision.CONDITIONS and not conditions.strip():
            raise ValidationError(
                {"conditions": "Enter the conditions the review board set for going ahead."}
            )
        record = CheckpointDecision(
            stage=stage,
            decided_on=on,
            decision=decision,
            minute=minute,
            conditions=conditions.strip()
            if decision == CheckpointDecision.Decision.CONDITIONS
            else "",
        )
        _create(actor, record)
        before = snapshot(stage)
        stage.closed_on = on if record.allows_next else None
        save_audited(actor=actor, instance=stage, before=before, reason="Checkpoint decision")
        project = stage.project
        before = snapshot(project)
        project.last_decision = record
        save_audited(actor=actor, instance=project, before=before, reason="Checkpoint decision")
        return record


def current_stage(project: Project) -> Stage | None:
    """The stage whose closing checkpoint the board decides now: the latest one started."""
    return project.stages.filter(started_on__isnull=False).order_by("number").last()


def checkpoint_decide(
    actor: Actor,
    project_pk: int,
    *,
    version: str | None,
    decision: str,
    on: date,
    today: date,
    minute: str,
    conditions: str = "",
) -> CheckpointDecision:
    """The review board's decision at the current stage's checkpoint, from the decision page:
    refused if the project changed since the page was opened (another decision moves
    ``last_decision`` on); go with conditions needs the conditions; the date cannot be in the
    future or before the stage started."""
    with transaction.atomic():
        project = locked(Project.objects.all(), project_pk, version, what="project")
        errors: dict[str, str] = {}
        if decision not in CheckpointDecision.Decision.values:
            errors["decision"] = "Select the review board's decision."
        if not minute.strip():
            errors["minute"] = "Enter the review board's minute of the decision."
        if on > today:
            errors["decided_on"] = "The date of the decision must be today or in the past."
        stage = current_stage(project)
        if stage is None:
            raise ValidationError("No stage of this project has started: there is no checkpoint.")
        if stage.started_on is not None and on < stage.started_on:
            errors["decided_on"] = (
                f"The date of the decision must be on or after {stage} started, "
                f"{stage.started_on:%d %B %Y}."
            )
        if decision == CheckpointDecision.Decision.CONDITIONS and not conditions.strip():
            errors["conditions"] = "Enter the conditions the review board set for going ahead."
        if errors:
            raise ValidationError(errors)
        return checkpoint_record(
            actor, stage, decision=decision, on=on, minute=minute.strip(), conditions=conditions
        )
