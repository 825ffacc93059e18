"""The pages that write the golden thread (issue 17b): plans, objectives, "contributes to"
links and milestones; milestone owners marking them done or late; stretch targets and partner
shares; appraisals and staff objectives.

Each view is thin: the rule in ``access`` (the page's, then the object's), a form opened on
the row's ``version``, one service call, and the service's refusal shown on the form.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.core.editing import submit, version_of
from goldenthread.organisation.models import Person
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.periods import financial_year_label, financial_year_of
from goldenthread.plans import services
from goldenthread.plans.forms import (
    AppraisalDoneForm,
    AppraisalForm,
    MilestoneDoneForm,
    MilestoneForm,
    MilestoneLateForm,
    ObjectiveForm,
    ObjectiveLinkForm,
    PlanForm,
    StaffObjectiveForm,
    StretchTargetForm,
    TargetShareForm,
    people_of,
)
from goldenthread.plans.models import (
    PLAN_LEVEL,
    STAFF_LINKABLE_KINDS,
    Appraisal,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    StretchTarget,
)

T = TypeVar("T")


def _check(request: HttpRequest, rule: str, obj: Any) -> None:
    if not access.can(request.user, rule, obj):
        raise PermissionDenied


def _page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    caption: str,
    back: str,
    button: str,
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back": back,
            "button": button,
            "intro": intro,
            "council_name": council_or_404().name,
            **extra,
        },
    )


def _model_fields(form: forms.BaseForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


# --- plans ---------------------------------------------------------------------------------


@access.require("plans.create", methods=("GET", "HEAD", "POST"))
def plan_new(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    form = PlanForm(request.POST or None, council=council, instance=Plan(council=council))
    if request.method == "POST" and form.is_valid():
        plan = submit(
            request.user,
            form,
            lambda: services.plan_create(
                actor=request.user, council=council, **_model_fields(form)
            ),
        )
        if plan is not None:
            messages.success(request, f"Plan “{plan}” created.")
            return redirect("plan", pk=plan.pk)
    return _page(
        request,
        form,
        title="New plan",
        caption="Plans",
        back="/plans/",
        button="Create plan",
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("council"), pk=pk)
    _check(request, "plans.edit", plan)
    form = PlanForm(
        request.POST or None,
        council=plan.council,
        instance=Plan.objects.get(pk=pk),  # the form's own copy: the service writes ``plan``
        initial={"version": version_of(plan)},
    )
    if not access.is_performance_team(request.user):
        del form.fields["owner"]  # who keeps a plan is the team's call
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.plan_update(
                actor=request.user,
                plan=plan,
                version=form.opened_version(),
                **_model_fields(form),
            ),
        )
        if saved is not None:
            messages.success(request, "Plan saved.")
            return redirect("plan", pk=plan.pk)
    return _page(
        request,
        form,
        title=f"Edit {plan.title}",
        caption=plan.get_kind_display(),
        back=f"/plans/{plan.pk}/",
        button="Save plan",
    )


# --- objectives and links ------------------------------------------------------------------


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def objective_new(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("council"), pk=pk)
    _check(request, "plans.edit", plan)
    form = ObjectiveForm(request.POST or None, plan=plan, instance=Objective(plan=plan))
    if request.method == "POST" and form.is_valid():
        fields = _model_fields(form)
        parent = fields.pop("parent")
        objective = submit(
            request.user,
            form,
            lambda: services.objective_create(
                actor=request.user, plan=plan, parent=parent, **fields
            ),
        )
        if objective is not None:
            messages.success(request, f"Objective “{objective}” added.")
            return redirect("objective", pk=objective.pk)
    return _page(
        request,
        form,
        title="Add an objective",
        caption=plan.title,
        back=f"/plans/{plan.pk}/",
        button="Add objective",
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan__council"), pk=pk)
    _check(request, "plans.edit", objective)
    form = ObjectiveForm(
        request.POST or None,
        plan=objective.plan,
        instance=Objective.objects.select_related("plan").get(pk=pk),
        initial={"version": version_of(objective)},
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.objective_update(
                actor=request.user,
                objective=objective,
                version=form.opened_version(),
                **_model_fields(form),
            ),
        )
        if saved is not None:
            messages.success(request, "Objective saved.")
            return redirect("objective", pk=objective.pk)
    return _page(
        request,
        form,
        title=f"Edit {objective}",
        caption=objective.plan.title,
        back=f"/plans/objectives/{objective.pk}/",
        button="Save objective",
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def objective_links(request: HttpRequest, pk: int) -> HttpResponse:
    """The objectives this one contributes to: add one, or remove one (POST ``remove``)."""
    objective = get_object_or_404(Objective.objects.select_related("plan__council"), pk=pk)
    _check(request, "plans.edit", objective)
    level = objective.plan.level
    upper_kinds = [kind for kind, at in PLAN_LEVEL.items() if at <= level]
    candidates = (
        Objective.objects.filter(plan__council=objective.plan.council, plan__kind__in=upper_kinds)
        .exclude(plan=objective.plan)
        .select_related("plan")
        .order_by("plan__start", "plan__title", "position", "ref", "pk")
    )
    choices = [(o.pk, f"{o.plan.title}: {o}") for o in candidates]
    by_pk = {o.pk: o for o in candidates}
    current = list(
        ObjectiveLink.objects.filter(source=objective)
        .select_related("target__plan")
        .order_by("target__plan__title", "target__position", "target__pk")
    )
    form = ObjectiveLinkForm(
        request.POST if request.method == "POST" and "remove" not in request.POST else None,
        choices=choices,
    )
    remove_form = forms.Form(data={})  # bound and valid: somewhere to put a removal's refusal
    remove_form.is_valid()
    if request.method == "POST" and "remove" in request.POST:
        link = next((x for x in current if str(x.target_id) == request.POST["remove"]), None)
        if link is None:
            remove_form.add_error(None, "That link was already removed.")
        elif (
            submit(
                request.user,
                remove_form,
                lambda: (
                    services.objective_unlink(
                        actor=request.user, source=objective, target=link.target
                    )
                    or True
                ),
            )
            is not None
        ):
            messages.success(request, f"No longer contributes to “{link.target}”.")
            return redirect("objective-links", pk=objective.pk)
    elif request.method == "POST" and form.is_valid():
        target = by_pk[form.cleaned_data["target"]]
        made = submit(
            request.user,
            form,
            lambda: services.objective_link(actor=request.user, source=objective, target=target),
        )
        if made is not None:
            messages.success(request, f"Now contributes to “{target}”.")
            return redirect("objective-links", pk=objective.pk)
    return render(
        request,
        "plans/objective_links.html",
        {
            "objective": objective,
            "form": remove_form if remove_form.errors else form,
            "link_form": form,
            "current": current,
            "council_name": objective.plan.council.name,
        },
    )


# --- milestones ----------------------------------------------------------------------------


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan__council"), pk=pk)
    _check(request, "plans.edit", objective)
    plan = objective.plan
    form = MilestoneForm(
        request.POST or None,
        council=plan.council,
        plan=plan,
        instance=Milestone(objective=objective),
    )
    if request.method == "POST" and form.is_valid():
        milestone = submit(
            request.user,
            form,
            lambda: services.milestone_create(
                actor=request.user, objective=objective, **_model_fields(form)
            ),
        )
        if milestone is not None:
            messages.success(request, f"Milestone “{milestone}” added.")
            return redirect("objective", pk=objective.pk)
    return _page(
        request,
        form,
        title="Add a milestone",
        caption=str(objective),
        back=f"/plans/objectives/{objective.pk}/",
        button="Add milestone",
    )


def _milestone(request: HttpRequest, pk: int, rule: str) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.select_related("objective__plan__council", "owner__user"), pk=pk
    )
    _check(request, rule, milestone)
    return milestone


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk, "plans.edit")
    plan = milestone.objective.plan
    form = MilestoneForm(
        request.POST or None,
        council=plan.council,
        plan=plan,
        instance=Milestone.objects.select_related("objective__plan").get(pk=pk),
        initial={"version": version_of(milestone)},
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.milestone_update(
                actor=request.user,
                milestone=milestone,
                version=form.opened_version(),
                **_model_fields(form),
            ),
        )
        if saved is not None:
            messages.success(request, "Milestone saved.")
            return redirect("objective", pk=milestone.objective_id)
    return _page(
        request,
        form,
        title=f"Edit milestone: {milestone}",
        caption=str(milestone.objective),
        back=f"/plans/objectives/{milestone.objective_id}/",
        button="Save milestone",
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk, "milestones.report")
    form = MilestoneDoneForm(
        request.POST or None, initial={"version": version_of(milestone), "done_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.milestone_done(
                actor=request.user,
                milestone=milestone,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                today=today(),
                version=form.opened_version(),
            ),
        )
        if saved is not None:
            messages.success(request, f"Milestone “{milestone}” marked done.")
            return redirect("objective", pk=milestone.objective_id)
    return _page(
        request,
        form,
        title=f"Mark done: {milestone}",
        caption=str(milestone.objective),
        back=f"/plans/objectives/{milestone.objective_id}/",
        button="Mark as done",
        intro=f"Due {milestone.due:%-d %B %Y}.",
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def milestone_late(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone(request, pk, "milestones.report")
    form = MilestoneLateForm(request.POST or None, initial={"version": version_of(milestone)})
    if request.method == "POST" and form.is_valid():
        saved = submit(
            request.user,
            form,
            lambda: services.milestone_late(
                actor=request.user,
                milestone=milestone,
                reason=form.cleaned_data["reason"],
                new_due=form.cleaned_data["new_due"],
                today=today(),
                version=form.opened_version(),
            ),
            rename={"due": "new_due", "late_reason": "reason"},
        )
        if saved is not None:
            messages.success(request, f"Milestone “{milestone}” marked late.")
            return redirect("objective", pk=milestone.objective_id)
    plan = milestone.objective.plan
    return _page(
        request,
        form,
        title=f"Mark late: {milestone}",
        caption=str(milestone.objective),
        back=f"/plans/objectives/{milestone.objective_id}/",
        button="Mark as late",
        intro=f"Due {milestone.due:%-d %B %Y}. The plan runs to {plan.end:%-d %B %Y}.",
    )


# --- stretch targets and partner shares ---------------------------------------------------


@access.require("plans.agreements", methods=("GET", "HEAD", "POST"))
def stretch_target(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan__council"), pk=pk)
    if objective.plan.kind != PlanKind.LPSA:
        raise Http404("Stretch targets belong to objectives in an LPSA.")
    existing = StretchTarget.objects.filter(objective=objective).first()
    initial: dict[str, Any] = {"version": version_of(existing) if existing else ""}
    if existing is not None:
        initial |= {
            "indicator": existing.indicator_id,
            "expected_without_stretch": existing.expected_without_stretch.normalize(),
            "stretch": existing.stretch.normalize(),
            "reward_grant": existing.reward_grant.normalize(),
        }
    else:
        initial["reward_grant"] = StretchTarget._meta.get_field("reward_grant").default
    form = StretchTargetForm(request.POST or None, council=objective.plan.council, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            request.user,
            form,
            lambda: services.stretch_target_set(
                actor=request.user,
                objective=objective,
                indicator=data["indicator"],
                expected_without_stretch=data["expected_without_stretch"],
                stretch=data["stretch"],
                reward_grant=data["reward_grant"],
                version=data.get("version") or "",
            ),
        )
        if saved is not None:
            messages.success(request, "Stretch target saved.")
            return redirect("plan", pk=objective.plan_id)
    return _page(
        request,
        form,
        title=f"Stretch target: {objective}",
        caption=objective.plan.title,
        back=f"/plans/{objective.plan_id}/",
        button="Save stretch target",
    )


@access.require("plans.agreements", methods=("GET", "HEAD", "POST"))
def target_shares(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("plan__council"), pk=pk)
    if objective.plan.kind != PlanKind.LAA:
        raise Http404("Partner shares belong to targets in an LAA.")
    form = TargetShareForm(
        request.POST or None,
        council=objective.plan.council,
        initial={"version": services.shares_version(objective)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            request.user,
            form,
            lambda: services.target_share_set(
                actor=request.user,
                objective=objective,
                partner=data["partner"],
                area=data["area"],
                value=data["value"],
                version=data.get("version") or "",
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved.partner}’s share saved.")
            return redirect("target-shares", pk=objective.pk)
    shares = list(objective.shares.select_related("partner", "area"))
    return render(
        request,
        "plans/target_shares.html",
        {
            "objective": objective,
            "form": form,
            "shares": shares,
            "total": sum((s.value for s in shares), start=0),
            "council_name": objective.plan.council.name,
        },
    )


# --- appraisals ----------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> Person | None:
    return access.person_of(request.user)


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def appraisal(request: HttpRequest, pk: int) -> HttpResponse:
    """One appraisal, for whoever may read it; its manager (or the team) records the date
    it took place and its staff objectives."""
    record = get_object_or_404(
        Appraisal.objects.select_related("person__user", "manager__user", "person__council"),
        pk=pk,
    )
    if not (record.visible_to(_viewer(request)) or access.is_performance_team(request.user)):
        raise PermissionDenied
    may_record = access.can(request.user, "appraisals.record", record)
    if request.method == "POST" and not may_record:
        raise PermissionDenied
    done_form = AppraisalDoneForm(
        request.POST if request.method == "POST" and "done" in request.POST else None,
        initial={"version": version_of(record), "done": record.done},
        prefix=None,
    )
    choices = [
        (o.pk, f"{o.plan.title}: {o}")
        for o in Objective.objects.filter(
            plan__council=record.person.council, plan__kind__in=list(STAFF_LINKABLE_KINDS)
        )
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    ]
    objective_form = StaffObjectiveForm(
        request.POST if request.method == "POST" and "title" in request.POST else None,
        choices=choices,
    )
    if request.method == "POST" and done_form.is_bound and done_form.is_valid():
        saved = submit(
            request.user,
            done_form,
            lambda: services.appraisal_complete(
                actor=request.user,
                appraisal=record,
                done=done_form.cleaned_data["done"],
                today=today(),
                version=done_form.opened_version(),
            ),
        )
        if saved is not None:
            messages.success(request, "Appraisal date recorded.")
            return redirect("appraisal", pk=record.pk)
    elif request.method == "POST" and objective_form.is_bound and objective_form.is_valid():
        chosen = objective_form.cleaned_data["supports"]
        supports = Objective.objects.filter(pk=chosen) if chosen else Objective.objects.none()
        made = submit(
            request.user,
            objective_form,
            lambda: services.staff_objective_create(
                actor=request.user,
                appraisal=record,
                title=objective_form.cleaned_data["title"],
                supports=list(supports),
            ),
            rename={"objective": "supports"},
        )
        if made is not None:
            messages.success(request, f"Objective “{made}” added.")
            return redirect("appraisal", pk=record.pk)
    objectives = list(record.objectives.prefetch_related("supports__plan"))
    return render(
        request,
        "plans/appraisal.html",
        {
            "appraisal": record,
            "objectives": objectives,
            "may_record": may_record,
            "done_form": done_form,
            "objective_form": objective_form,
            "form": done_form if done_form.errors else objective_form,
            "council_name": record.person.council.name,
        },
    )


@access.require("appraisals.create", methods=("GET", "HEAD", "POST"))
def appraisal_new(request: HttpRequest) -> HttpResponse:
    """Start an appraisal: the team for anyone, naming the manager; a director or head of
    service for the people in their scope, as their manager."""
    council = council_or_404()
    viewer = _viewer(request)
    team = access.is_performance_team(request.user)
    people = people_of(council)
    if not team:
        assert viewer is not None  # approvers have a place in the council
        parents = access.unit_parents()
        people = people.filter(
            pk__in=[
                p.pk
                for p in people
                if p.pk != viewer.pk
                and p.scope_id is not None
                and access.covers(viewer.scope_id, p.scope_id, parents)
            ]
        )
    year = financial_year_of(today())
    years = [(y, financial_year_label(y)) for y in (year, year + 1)]
    form = AppraisalForm(
        request.POST or None,
        people=people,
        managers=people_of(council) if team else None,
        years=years,
        initial={"year": year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = submit(
            request.user,
            form,
            lambda: services.appraisal_create(
                actor=request.user,
                person=data["person"],
                year=data["year"],
                due=data["due"],
                manager=data.get("manager") if team else viewer,
            ),
        )
        if made is not None:
            messages.success(request, f"Appraisal started for {made.person}.")
            return redirect("appraisal", pk=made.pk)
    return _page(
        request,
        form,
        title="Start an appraisal",
        caption="Appraisals",
        back="/plans/appraisals/",
        button="Start appraisal",
        intro="Only the person, their appraising manager and the performance team will see it."
        + ("" if team else " You will be the appraising manager."),
    )
