"""Writes to plans, objectives, links, milestones, partnership targets and appraisals.

Every write validates (``full_clean``: fields, ``clean`` and the database constraints), writes
and records its audit entry in one transaction, through ``goldenthread.core.audit``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from goldenthread.core.audit import (
    Actor,
    create_audited,
    delete_audited,
    update_audited,
)
from goldenthread.core.editing import StaleEdit, locked, version_of
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import financial_year_label
from goldenthread.plans.models import (
    Appraisal,
    Area,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveLink,
    Partner,
    Plan,
    StaffObjective,
    StaffObjectiveLink,
    StretchTarget,
    TargetShare,
)

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def area_create(*, actor: Actor, council: Council, **fields: Any) -> Area:
    """A ward, community committee area or district."""
    return create_audited(actor, Area(council=council, **fields))


@transaction.atomic
def partner_create(*, actor: Actor, council: Council, **fields: Any) -> Partner:
    """A partner organisation that can own a share of an LAA target."""
    return create_audited(actor, Partner(council=council, **fields))


def _copy_back(saved: M, given: M) -> M:
    """The service wrote the row it re-read locked; let the caller's instance see the result."""
    for field in saved._meta.concrete_fields:
        setattr(given, field.attname, getattr(saved, field.attname))
    return saved


def _refuse_duplicate(queryset: models.QuerySet[Any], field: str, message: str) -> None:
    """A create sent twice (two tabs, a double click) makes one row: the second is refused.
    The caller has locked the parent row (or, for plans, SQLite's IMMEDIATE transactions and
    PostgreSQL's row locks serialise the writers)."""
    if queryset.exists():
        raise ValidationError({field: message})


@transaction.atomic
def plan_create(*, actor: Actor, council: Council, **fields: Any) -> Plan:
    """A plan of any kind; its kind decides which of its fields are required. A second plan
    of the same kind, title and start is refused as a duplicate."""
    Council.objects.select_for_update().get(pk=council.pk)
    if fields.get("title") and fields.get("start"):
        _refuse_duplicate(
            Plan.objects.filter(
                council=council,
                kind=fields.get("kind"),
                title=fields["title"],
                start=fields["start"],
            ),
            "title",
            "There is already a plan of this kind with this title and start date.",
        )
    return create_audited(actor, Plan(council=council, **fields))


@transaction.atomic
def plan_update(*, actor: Actor, plan: Plan, version: str | None = None, **fields: Any) -> Plan:
    """Change a plan's details (the audit entry keeps the fields before and after).

    Refused (``StaleEdit``) if the plan changed since ``version`` was read; refused on the
    dates if a milestone would fall outside the plan's new period.
    """
    given, plan = plan, locked(Plan.objects.all(), plan.pk, version, "plan")
    start, end = fields.get("start", plan.start), fields.get("end", plan.end)
    outside = Milestone.objects.filter(objective__plan=plan).exclude(due__range=(start, end))
    first = outside.order_by("due").first()
    if first is not None:
        field = "start" if first.due < start else "end"
        raise ValidationError(
            {
                field: f"The milestone “{first}” is due on {first.due:%-d %B %Y}, outside these "
                "dates: move it first."
            }
        )
    return _copy_back(update_audited(actor, plan, fields), given)


@transaction.atomic
def objective_create(
    *, actor: Actor, plan: Plan, parent: Objective | None = None, **fields: Any
) -> Objective:
    """An objective in ``plan``, under ``parent`` if given (which must be in the same plan).
    A second objective with the same title under the same parent is refused as a duplicate."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    if fields.get("title"):
        _refuse_duplicate(
            Objective.objects.filter(plan=plan, parent=parent, title=fields["title"]),
            "title",
            "This plan already has an objective with this title here.",
        )
    return create_audited(actor, Objective(plan=plan, parent=parent, **fields))


@transaction.atomic
def objective_update(
    *, actor: Actor, objective: Objective, version: str | None = None, **fields: Any
) -> Objective:
    """Change an objective, including moving it under another parent (never below itself).
    Refused (``StaleEdit``) if it changed since ``version`` was read."""
    current = locked(Objective.objects.all(), objective.pk, version, "objective")
    return _copy_back(update_audited(actor, current, fields), objective)


@transaction.atomic
def objective_link(*, actor: Actor, source: Objective, target: Objective) -> ObjectiveLink:
    """Record that ``source`` contributes to ``target``: refused if the link would point down
    a level or make an objective its own ancestor (or if it is already there)."""
    Objective.objects.select_for_update().get(pk=source.pk)
    _refuse_duplicate(
        ObjectiveLink.objects.filter(source=source, target=target),
        "target",
        f"“{source}” already contributes to “{target}”.",
    )
    return create_audited(actor, ObjectiveLink(source=source, target=target))


@transaction.atomic
def objective_unlink(*, actor: Actor, source: Objective, target: Objective) -> None:
    """Remove a contribution link (refused if someone removed it already)."""
    link = ObjectiveLink.objects.select_for_update().filter(source=source, target=target).first()
    if link is None:
        raise ValidationError({"target": f"“{source}” no longer contributes to “{target}”."})
    delete_audited(actor, link)


@transaction.atomic
def objective_measure(
    *, actor: Actor, objective: Objective, indicator: Indicator
) -> ObjectiveIndicator:
    """Record that ``indicator`` measures ``objective``."""
    return create_audited(actor, ObjectiveIndicator(objective=objective, indicator=indicator))


class LinkHandling(models.TextChoices):
    """What to do with the links into an objective that is being deleted."""

    MOVE = "move", "Move them to another objective"
    REMOVE = "remove", "Remove them"


@transaction.atomic
def objective_delete(
    *,
    actor: Actor,
    objective: Objective,
    links: str = "",
    move_to: Objective | None = None,
) -> None:
    """Delete an objective; the links into it are moved or removed only as asked.

    Objectives that contribute to it and staff objectives that serve it are either moved to
    ``move_to`` (``links="move"``) or unlinked (``links="remove"``), each change audited. With
    links in and no choice, nothing is deleted. Sub-objectives and milestones must be moved
    or deleted first: they are work, not links.
    """
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    incoming = list(objective.links_down.select_related("source"))
    staff = list(objective.staff_links.select_related("staff_objective"))
    children = objective.children.count()
    milestones = objective.milestones.count()
    if children or milestones:
        parts = []
        if children:
            parts.append(f"{children} sub-objective{'s' if children != 1 else ''}")
        if milestones:
            parts.append(f"{milestones} milestone{'s' if milestones != 1 else ''}")
        raise ValidationError(
            {"objective": f"Move or delete its {' and '.join(parts)} before deleting it."}
        )
    if (incoming or staff) and links not in LinkHandling.values:
        raise ValidationError(
            {"links": "Choose whether to move or remove the links into this objective."}
        )
    if links == LinkHandling.MOVE:
        if move_to is None:
            raise ValidationError({"move_to": "Choose the objective to move the links to."})
        if move_to.pk == objective.pk:
            raise ValidationError({"move_to": "Choose a different objective."})
    reason = f"Objective “{objective}” deleted"
    for link in incoming:
        source = link.source
        delete_audited(actor, link, reason=reason)
        moving = links == LinkHandling.MOVE and move_to is not None
        if moving and not ObjectiveLink.objects.filter(source=source, target=move_to).exists():
            create_audited(actor, ObjectiveLink(source=source, target=move_to), reason=reason)
    for staff_link in staff:
        staff_objective = staff_link.staff_objective
        delete_audited(actor, staff_link, reason=reason)
        if links == LinkHandling.MOVE and move_to is not None:
            exists = StaffObjectiveLink.objects.filter(
                staff_objective=staff_objective, objective=move_to
            ).exists()
            if not exists:
                create_audited(
                    actor,
                    StaffObjectiveLink(staff_objective=staff_objective, objective=move_to),
                    reason=reason,
                )
    for up in objective.links_up.all():
        delete_audited(actor, up, reason=reason)
    for measure in objective.indicator_links.all():
        delete_audited(actor, measure, reason=reason)
    delete_audited(actor, objective)


@transaction.atomic
def milestone_create(*, actor: Actor, objective: Objective, **fields: Any) -> Milestone:
    """A dated milestone for an objective, due within its plan. A second milestone with the
    same title and due date is refused as a duplicate."""
    Objective.objects.select_for_update().get(pk=objective.pk)
    if fields.get("title") and fields.get("due"):
        _refuse_duplicate(
            Milestone.objects.filter(objective=objective, title=fields["title"], due=fields["due"]),
            "title",
            "This objective already has a milestone with this title and due date.",
        )
    return create_audited(actor, Milestone(objective=objective, **fields))


@transaction.atomic
def milestone_update(
    *, actor: Actor, milestone: Milestone, version: str | None = None, **fields: Any
) -> Milestone:
    """Change a milestone's title, status, due date or owner. Refused (``StaleEdit``) if it
    changed since ``version`` was read."""
    current = locked(Milestone.objects.all(), milestone.pk, version, "milestone")
    return _copy_back(update_audited(actor, current, fields), milestone)


@transaction.atomic
def milestone_done(
    *,
    actor: Actor,
    milestone: Milestone,
    done_on: date,
    note: str = "",
    today: date,
    version: str | None = None,
) -> Milestone:
    """Its owner marks a milestone done on ``done_on`` (not in the future), with a note."""
    milestone = locked(
        Milestone.objects.select_related("objective__plan"), milestone.pk, version, "milestone"
    )
    if milestone.status in (Milestone.Status.DONE, Milestone.Status.CANCELLED):
        raise ValidationError(
            {"done_on": f"This milestone is already {milestone.get_status_display().lower()}."}
        )
    if done_on > today:
        raise ValidationError({"done_on": "The date it was done cannot be in the future."})
    return update_audited(
        actor, milestone, {"status": Milestone.Status.DONE, "done_on": done_on, "note": note}
    )


@transaction.atomic
def milestone_late(
    *,
    actor: Actor,
    milestone: Milestone,
    reason: str,
    new_due: date,
    today: date,
    version: str | None = None,
) -> Milestone:
    """Its owner marks a milestone late: why, and the new date it will be done by (after
    today and within the plan). It stays in progress, due on the new date."""
    milestone = locked(
        Milestone.objects.select_related("objective__plan"), milestone.pk, version, "milestone"
    )
    errors: dict[str, str] = {}
    if milestone.status in (Milestone.Status.DONE, Milestone.Status.CANCELLED):
        errors["new_due"] = f"This milestone is already {milestone.get_status_display().lower()}."
    elif new_due <= today:
        errors["new_due"] = "The new date must be after today."
    if not reason.strip():
        errors["reason"] = "Say why the milestone is late."
    if errors:
        raise ValidationError(errors)
    return update_audited(
        actor,
        milestone,
        {"status": Milestone.Status.IN_PROGRESS, "due": new_due, "late_reason": reason.strip()},
    )


@transaction.atomic
def stretch_target_set(
    *,
    actor: Actor,
    objective: Objective,
    indicator: Indicator,
    expected_without_stretch: Decimal,
    stretch: Decimal,
    reward_grant: Decimal | None = None,
    version: str | None = None,
) -> StretchTarget:
    """Set (or replace) an LPSA objective's stretch target and reward grant. ``version`` is
    the stretch target's as the form was opened ("" when there was none): refused
    (``StaleEdit``) if it has changed, or been set meanwhile."""
    existing = StretchTarget.objects.select_for_update().filter(objective=objective).first()
    if existing is not None:
        existing = locked(StretchTarget.objects.all(), existing.pk, version, "stretch target")
    elif version:
        raise ValidationError("This stretch target was removed since you opened it.")
    fields: dict[str, Any] = {
        "indicator": indicator,
        "expected_without_stretch": expected_without_stretch,
        "stretch": stretch,
    }
    if reward_grant is not None:
        fields["reward_grant"] = reward_grant
    if existing is not None:
        return update_audited(actor, existing, fields)
    return create_audited(actor, StretchTarget(objective=objective, **fields))


def shares_version(objective: Objective) -> str:
    """One version for a shared target's whole set of partner shares: it moves on when any
    share is added or changed, so a shares form opened on it can be checked as one."""
    rows = TargetShare.objects.filter(objective=objective).order_by("pk")
    joined = "|".join(f"{row.pk}:{version_of(row)}" for row in rows)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


@transaction.atomic
def target_share_set(
    *,
    actor: Actor,
    objective: Objective,
    partner: Partner,
    value: Decimal,
    area: Area | None = None,
    version: str | None = None,
) -> TargetShare:
    """Set one partner's (or one district's) share of an LAA shared target. ``version`` is
    ``shares_version`` as the form was opened: refused (``StaleEdit``) if any share of the
    target has been set since."""
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if version is not None and shares_version(objective) != version:
        raise StaleEdit(objective, "set of partner shares")
    existing = TargetShare.objects.filter(objective=objective, partner=partner, area=area).first()
    if existing is not None:
        return update_audited(actor, existing, {"value": value})
    return create_audited(
        actor, TargetShare(objective=objective, partner=partner, area=area, value=value)
    )


@transaction.atomic
def appraisal_create(
    *,
    actor: Actor,
    person: Person,
    year: int,
    due: date,
    manager: Person | None = None,
    done: date | None = None,
) -> Appraisal:
    """A person's appraisal (PDR/SRD) for a financial year: one a year (a second, or the
    same sent twice, is refused)."""
    Person.objects.select_for_update().get(pk=person.pk)
    _refuse_duplicate(
        Appraisal.objects.filter(person=person, year=year),
        "year",
        f"{person} already has an appraisal for {financial_year_label(year)}.",
    )
    return create_audited(
        actor, Appraisal(person=person, manager=manager, year=year, due=due, done=done)
    )


@transaction.atomic
def appraisal_complete(
    *,
    actor: Actor,
    appraisal: Appraisal,
    done: date,
    today: date | None = None,
    version: str | None = None,
) -> Appraisal:
    """Record the date an appraisal took place (not in the future, when ``today`` is given).
    Refused (``StaleEdit``) if the appraisal changed since ``version`` was read."""
    current = locked(Appraisal.objects.all(), appraisal.pk, version, "appraisal")
    if today is not None and done > today:
        raise ValidationError({"done": "The date it took place cannot be in the future."})
    return _copy_back(update_audited(actor, current, {"done": done}), appraisal)


@transaction.atomic
def staff_objective_create(
    *, actor: Actor, appraisal: Appraisal, title: str, supports: Iterable[Objective] = ()
) -> StaffObjective:
    """An individual objective in an appraisal, linked to the objectives it serves. The same
    title twice in one appraisal is refused as a duplicate."""
    Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    _refuse_duplicate(
        StaffObjective.objects.filter(appraisal=appraisal, title=title),
        "title",
        "This appraisal already has an objective with this title.",
    )
    staff_objective = create_audited(actor, StaffObjective(appraisal=appraisal, title=title))
    for objective in supports:
        create_audited(
            actor, StaffObjectiveLink(staff_objective=staff_objective, objective=objective)
        )
    return staff_objective


@transaction.atomic
def plan_refresh(*, actor: Actor, plan: Plan, start: date, end: date, title: str = "") -> Plan:
    """Copy ``plan`` into a new span of time with its structure, ready for new targets.

    Copied: the plan's details, its objective tree, each objective's links up to other plans
    and the indicators that measure it. Not copied: measurable targets, milestones (they are
    dated), stretch targets and partner shares (they belong to one agreement).
    """
    if start <= plan.start:
        raise ValidationError({"start": "The refreshed plan must start after the one it copies."})
    copy = Plan(
        council=plan.council,
        kind=plan.kind,
        title=title or plan.title,
        org_unit=plan.org_unit,
        area=plan.area,
        start=start,
        end=end,
        purpose=plan.purpose,
        resources=plan.resources,
        risks=plan.risks,
        reward_rule=plan.reward_rule,
        reward_threshold=plan.reward_threshold,
        refreshed_from=plan,
    )
    create_audited(actor, copy, reason=f"Refreshed from “{plan}”")
    objectives = list(plan.objectives.order_by("pk"))
    links = list(
        ObjectiveLink.objects.filter(source__plan=plan).values_list("source_id", "target_id")
    )
    measures = list(
        ObjectiveIndicator.objects.filter(objective__plan=plan).values_list(
            "objective_id", "indicator_id"
        )
    )
    new_by_old: dict[int, Objective] = {}
    remaining = objectives
    # Parents before children, whatever order they were created in.
    while remaining:
        ready = [o for o in remaining if o.parent_id is None or o.parent_id in new_by_old]
        for old in ready:
            new_by_old[old.pk] = create_audited(
                actor,
                Objective(
                    plan=copy,
                    parent=new_by_old[old.parent_id] if old.parent_id else None,
                    kind=old.kind,
                    ref=old.ref,
                    title=old.title,
                    description=old.description,
                    owner_id=old.owner_id,
                    position=old.position,
                ),
            )
        remaining = [o for o in remaining if o.pk not in new_by_old]
    for source_id, target_id in links:
        create_audited(actor, ObjectiveLink(source=new_by_old[source_id], target_id=target_id))
    for objective_id, indicator_id in measures:
        create_audited(
            actor,
            ObjectiveIndicator(objective=new_by_old[objective_id], indicator_id=indicator_id),
        )
    return copy
