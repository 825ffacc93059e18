"""Writes from the action pages: a lead's progress, new-date requests and completion; the plan
owner's additions, edits, merges and closures; remedial actions from the indicator page.

Each write is one transaction: the action read locked and checked against the version the
form was opened on (``core.editing``), the change validated (a ``ValidationError`` keyed by
the form's field names, nothing saved), then saved and audited. Every write moves the action's
``revision`` on, so the same opened page can never save twice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from goldenthread.core.audit import (
    Actor,
    audit_record,
    create_audited,
    save_audited,
    snapshot,
    update_audited,
    user_of,
)
from goldenthread.core.editing import locked
from goldenthread.core.models import AuditEntry
from goldenthread.improvement import services
from goldenthread.improvement.models import (
    Action,
    ActionLead,
    ActionPlan,
    ActionStatus,
    DueDateRequest,
    LeadKey,
    ProgressUpdate,
    Recommendation,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Person

WHAT = "action"
# What a lead may report with a progress update (done and cancelled have their own steps).
REPORTABLE = [
    (ActionStatus.NOT_STARTED.value, ActionStatus.NOT_STARTED.label),
    (ActionStatus.ON_TRACK.value, ActionStatus.ON_TRACK.label),
    (ActionStatus.AT_RISK.value, ActionStatus.AT_RISK.label),
    (ActionStatus.DELAYED.value, ActionStatus.DELAYED.label),
]


def _open_action(pk: int, version: str | None) -> Action:
    """The action read locked at ``version``; a closed action cannot be changed."""
    action = locked(Action.objects.select_related("recommendation__plan"), pk, version, what=WHAT)
    if action.is_closed:
        raise ValidationError(
            f"This action was closed on {action.closed_on or action.modified_on:%d %B %Y}: "
            "it cannot be changed."
        )
    return action


def _bump(actor: Actor, action: Action, reason: str, **fields: Any) -> Action:
    """Save ``fields`` on the action with its revision moved on, audited with ``reason``."""
    before = snapshot(action)
    for name, value in fields.items():
        setattr(action, name, value)
    action.revision += 1
    action.modified_by = user_of(actor)
    save_audited(actor=actor, instance=action, before=before, reason=reason)
    return action


def _name(actor: Actor) -> str:
    if actor is None or not actor.is_authenticated:
        return ""
    return actor.get_full_name() or actor.get_username()


def _check_dates(
    *, today: date, started_on: date | None, due: date | None, due_field: str = "due"
) -> None:
    if started_on is not None and due is not None and due < started_on:
        raise ValidationError(
            {
                due_field: f"The due date must be on or after the day the action started, "
                f"{started_on:%d %B %Y}."
            }
        )


# ---------------------------------------------------------------------------------------------
# The lead


def progress_record(
    actor: Actor,
    pk: int,
    version: str | None,
    *,
    on: date,
    text: str,
    status: str,
    percent_complete: int,
    today: date,
) -> ProgressUpdate:
    """A lead's dated progress: the text, the status they report and how complete it is."""
    with transaction.atomic():
        action = _open_action(pk, version)
        errors: dict[str, str] = {}
        if on > today:
            errors["on"] = "The date of the progress cannot be in the future."
        elif action.started_on is not None and on < action.started_on:
            errors["on"] = (
                f"The date of the progress cannot be before the action started, "
                f"{action.started_on:%d %B %Y}."
            )
        if status not in dict(REPORTABLE):
            errors["status"] = "Choose the status of the action."
        if not 0 <= percent_complete <= 100:
            errors["percent_complete"] = "Percentage complete must be from 0 to 100."
        if not text.strip():
            errors["text"] = "Describe the progress made."
        if errors:
            raise ValidationError(errors)
        update = ProgressUpdate(
            recommendation=action.recommendation,
            action=action,
            position=action.recommendation.progress.count(),
            on=on,
            text=text.strip(),
            status=status,
            by=_name(actor),
            percent_complete=percent_complete,
        )
        create_audited(actor, update, reason="Progress recorded")
        fields: dict[str, Any] = {"status": status, "percent_complete": percent_complete}
        if action.started_on is None and status != ActionStatus.NOT_STARTED:
            fields["started_on"] = on
        _bump(actor, action, "Progress recorded", **fields)
        return update


def date_request(
    actor: Actor, pk: int, version: str | None, *, new_due: date, reason: str, today: date
) -> DueDateRequest:
    """A lead asks for a new due date, with a reason; the plan's owner decides."""
    with transaction.atomic():
        action = _open_action(pk, version)
        errors: dict[str, str] = {}
        if not reason.strip():
            errors["reason"] = "Give the reason a new date is needed."
        if new_due < today:
            errors["new_due"] = "The new due date cannot be in the past."
        elif action.due is not None and new_due == action.due:
            errors["new_due"] = f"The action is already due on {action.due:%d %B %Y}."
        if errors:
            raise ValidationError(errors)
        _check_dates(today=today, started_on=action.started_on, due=new_due, due_field="new_due")
        if action.date_requests.filter(state=DueDateRequest.State.PENDING).exists():
            raise ValidationError(
                "A request for a new date is already waiting for the plan owner's decision."
            )
        request = DueDateRequest(
            action=action,
            asked_on=today,
            current_due=action.due,
            new_due=new_due,
            reason=reason.strip(),
        )
        create_audited(actor, request, reason="New due date asked for")
        _bump(actor, action, "New due date asked for")
        return request


def mark_done(
    actor: Actor, pk: int, version: str | None, *, on: date, note: str, today: date
) -> Action:
    """The lead marks the action done on ``on``: it is closed and complete."""
    with transaction.atomic():
        action = _open_action(pk, version)
        if on > today:
            raise ValidationError({"on": "The date it was done cannot be in the future."})
        if action.started_on is not None and on < action.started_on:
            raise ValidationError(
                {
                    "on": f"The date it was done cannot be before the action started, "
                    f"{action.started_on:%d %B %Y}."
                }
            )
        create_audited(
            actor,
            ProgressUpdate(
                recommendation=action.recommendation,
                action=action,
                position=action.recommendation.progress.count(),
                on=on,
                text=note.strip() or "Done.",
                status=ActionStatus.COMPLETE,
                by=_name(actor),
                percent_complete=100,
            ),
            reason="Action done",
        )
        pending = action.date_requests.filter(state=DueDateRequest.State.PENDING)
        for request in pending:
            update_audited(
                actor,
                request,
                {
                    "state": DueDateRequest.State.REFUSED,
                    "decided_on": on,
                    "note": "The action was done.",
                },
            )
        return _bump(
            actor, action, "Action done", status=ActionStatus.COMPLETE, percent_complete=100,
            completed_on=on, closed_on=on,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The plan's owner


def date_decide(
    actor: Actor, pk: int, version: str | None, *, agree: bool, note: str, today: date
) -> DueDateRequest:
    """The plan's owner agrees (the action's due date moves) or refuses (a note says why)."""
    with transaction.atomic():
        request = locked(
            DueDateRequest.objects.select_related("action"), pk, version, what="request"
        )
        if request.state != DueDateRequest.State.PENDING:
            raise ValidationError(
                f"This request was already {request.get_state_display().lower()}."
            )
        if not agree and not note.strip():
            raise ValidationError({"note": "Say why the new date is refused."})
        action = _open_action(request.action_id, None)
        update_audited(
            actor,
            request,
            {
                "state": DueDateRequest.State.AGREED if agree else DueDateRequest.State.REFUSED,
                "decided_on": today,
                "note": note.strip(),
            },
        )
        if agree:
            _bump(
                actor, action, "New due date agreed", due=request.new_due,
                timescale=f"{request.new_due:%-d %B %Y} (moved from {action.timescale or 'no date'})"[:300],
            )  # fmt: skip
        return request


def lead_key_for(actor: Actor, plan: ActionPlan, person: Person) -> LeadKey:
    """The plan's key entry for ``person``: theirs, or a new one under their initials."""
    found = plan.key.filter(person=person).first()
    if found is not None:
        return found
    first, last = person.user.first_name, person.user.last_name
    base = (first[:1] + last[:1]).upper() or person.user.get_username()[:2].upper()
    taken = set(plan.key.values_list("initials", flat=True))
    initials, n = base, 1
    while initials in taken:
        n += 1
        initials = f"{base}{n}"
    return create_audited(
        actor,
        LeadKey(plan=plan, initials=initials, name=str(person), role=person.job_title,
                person=person),
    )  # fmt: skip


def _set_lead(actor: Actor, action: Action, person: Person | None) -> None:
    if person is None:
        return
    key = lead_key_for(actor, action.recommendation.plan, person)
    if action.leads.filter(key=key).exists():
        return
    create_audited(
        actor, ActionLead(action=action, position=action.leads.count(), key=key, text="")
    )


def action_create(
    actor: Actor,
    recommendation: Recommendation,
    *,
    text: str,
    started_on: date | None,
    due: date | None,
    timescale: str,
    lead: Person | None,
    today: date,
) -> Action:
    """The plan's owner adds an action to a recommendation, led by ``lead``."""
    with transaction.atomic():
        if not text.strip():
            raise ValidationError({"text": "Describe the action."})
        _check_dates(today=today, started_on=started_on, due=due)
        # Read the recommendation locked, so the same form sent twice adds one action.
        Recommendation.objects.select_for_update().filter(pk=recommendation.pk).first()
        if recommendation.actions.filter(text=text.strip(), closed_on=None).exists():
            raise ValidationError({"text": "This recommendation already has this action."})
        count = recommendation.actions.count()
        action = create_audited(
            actor,
            Action(
                recommendation=recommendation, letter=chr(ord("a") + count % 26),
                position=count, text=text.strip(), started_on=started_on, due=due,
                timescale=timescale.strip() or (f"{due:%-d %B %Y}" if due else ""),
            ),
        )  # fmt: skip
        _set_lead(actor, action, lead)
        return action


def action_edit(
    actor: Actor,
    pk: int,
    version: str | None,
    *,
    text: str,
    started_on: date | None,
    due: date | None,
    timescale: str,
    lead: Person | None,
    today: date,
) -> Action:
    """The plan's owner edits an open action's words, dates and lead."""
    with transaction.atomic():
        action = _open_action(pk, version)
        if not text.strip():
            raise ValidationError({"text": "Describe the action."})
        _check_dates(today=today, started_on=started_on, due=due)
        first_progress = action.progress.exclude(on=None).order_by("on").first()
        first_on = first_progress.on if first_progress is not None else None
        if started_on is not None and first_on is not None and started_on > first_on:
            raise ValidationError(
                {"started_on": f"Progress was recorded on {first_on:%d %B %Y}: "
                               "the action cannot start after it."}
            )  # fmt: skip
        _bump(
            actor, action, "Action edited", text=text.strip(), started_on=started_on, due=due,
            timescale=timescale.strip(),
        )  # fmt: skip
        _set_lead(actor, action, lead)
        return action


def action_close(actor: Actor, pk: int, version: str | None, *, reason: str, today: date) -> Action:
    """The plan's owner closes an action that will not be done (cancelled, with a reason)."""
    with transaction.atomic():
        action = _open_action(pk, version)
        if not reason.strip():
            raise ValidationError({"reason": "Give the reason the action is closed."})
        create_audited(
            actor,
            ProgressUpdate(
                recommendation=action.recommendation, action=action,
                position=action.recommendation.progress.count(), on=today,
                text=f"Closed: {reason.strip()}", status=ActionStatus.CANCELLED, by=_name(actor),
            ),
            reason="Action closed",
        )  # fmt: skip
        for request in action.date_requests.filter(state=DueDateRequest.State.PENDING):
            update_audited(actor, request, {"state": DueDateRequest.State.REFUSED,
                                            "decided_on": today, "note": "The action was closed."})  # fmt: skip
        return _bump(actor, action, "Action closed", status=ActionStatus.CANCELLED, closed_on=today)


def action_merge(
    actor: Actor, pk: int, version: str | None, *, into: Action, today: date
) -> Action:
    """Merge one action into another of the same plan: its progress and leads move to the one
    kept, and it is closed, pointing at it."""
    with transaction.atomic():
        action = _open_action(pk, version)
        target = _open_action(into.pk, None)
        if target.pk == action.pk:
            raise ValidationError({"into": "Choose a different action to merge into."})
        if target.recommendation.plan_id != action.recommendation.plan_id:
            raise ValidationError({"into": "Choose an action of the same plan."})
        for update in action.progress.all():
            update_audited(
                actor, update, {"action": target, "recommendation": target.recommendation}
            )
        for lead in action.leads.select_related("key"):
            if lead.key is not None and not target.leads.filter(key=lead.key).exists():
                create_audited(
                    actor,
                    ActionLead(action=target, position=target.leads.count(), key=lead.key),
                )
        for indicator in action.indicators.all():
            target.indicators.add(indicator)
        for request in action.date_requests.filter(state=DueDateRequest.State.PENDING):
            update_audited(actor, request, {"state": DueDateRequest.State.REFUSED,
                                            "decided_on": today, "note": "The action was merged."})  # fmt: skip
        _bump(actor, target, f"Action {action.pk} merged into it")
        return _bump(
            actor, action, f"Merged into action {target.pk}", status=ActionStatus.CANCELLED,
            closed_on=today, merged_into=target,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Remedial actions from the indicator page


def remedial_add(
    actor: Actor,
    indicator: Indicator,
    *,
    text: str,
    due: date,
    lead: Person | None,
    today: date,
) -> Action:
    """A remedial action on the indicator's remedial plan (made the first time, owned by the
    indicator's owner), linked to the indicator so it shows on its page."""
    with transaction.atomic():
        errors: dict[str, str] = {}
        if not text.strip():
            errors["text"] = "Describe the remedial action."
        if due < today:
            errors["due"] = "The due date cannot be in the past."
        if errors:
            raise ValidationError(errors)
        ref = slugify(f"remedial-{indicator.code}")[:60]
        plan = ActionPlan.objects.filter(council=indicator.council, ref=ref).first()
        if plan is None:
            plan = services.plan_create(
                actor, council=indicator.council, ref=ref, kind=ActionPlan.Kind.REMEDIAL,
                title=f"Remedial plan: {indicator.code} {indicator.title}"[:300],
                indicator=indicator, owner_id=indicator.owner_id,
            )  # fmt: skip
            services.recommendation_add(
                actor, plan, 1, f"Bring {indicator.code} {indicator.title} back on target"
            )
        if Action.objects.filter(indicators=indicator, text=text.strip(), closed_on=None).exists():
            raise ValidationError(
                {"text": "This indicator already has an open remedial action with these words."}
            )
        recommendation = plan.recommendations.order_by("position", "number").first()
        assert recommendation is not None  # made with the plan
        action = action_create(
            actor, recommendation, text=text, started_on=today, due=due, timescale="",
            lead=lead, today=today,
        )  # fmt: skip
        action.indicators.add(indicator)
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, instance=action,
            changes={"indicators": [None, indicator.pk]},
            reason=f"Remedial action for {indicator.code}",
        )  # fmt: skip
        return action
