"""Thin views of the action pages: the lead's progress, new-date requests and completion; the
plan owner's actions and decisions; remedial actions from the indicator page.

Each page checks its object rule (``actions.lead`` or ``actions.manage``) itself, then hands
the form to a service in ``action_services``; a stale or invalid write shows on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.core.editing import submit, version_of
from goldenthread.improvement import action_forms, action_services, selectors
from goldenthread.improvement.models import Action, ActionPlan, DueDateRequest
from goldenthread.indicators.models import Indicator

FORM = ("GET", "HEAD", "POST")


def _write(request: HttpRequest, form: forms.Form, write: Callable[[], Any]) -> bool:
    """Run the service (``core.editing.submit``): True when it saved, else its refusal is on
    the form. Some action services return nothing, so success is marked here."""
    return submit(request.user, form, lambda: write() or True) is not None


def _action(pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("recommendation__plan__council"), pk=pk)


def _page(request: HttpRequest, action: Action, form: forms.Form, **context: Any) -> HttpResponse:
    selectors.mark_status([action], today())
    return render(
        request,
        "improvement/action_form.html",
        {
            "council_name": action.recommendation.plan.council.name,
            "action": action,
            "plan": action.recommendation.plan,
            "form": form,
            **context,
        },
    )


@access.require("internal.view")
def action(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.action_detail(pk, today())
    plan = found.recommendation.plan
    return render(
        request,
        "improvement/action.html",
        {
            "council_name": plan.council.name,
            "action": found,
            "plan": plan,
            "can_lead": access.can(request.user, "actions.lead", found),
            "can_manage": access.can(request.user, "actions.manage", plan),
            "closed": found.is_closed,
        },
    )


def _lead_form(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    write: Callable[[Action, dict[str, Any], str | None], Any],
    *,
    heading: str,
    button: str,
    done: str,
    intro: str = "",
    initial: dict[str, Any] | None = None,
    rule: str = "actions.lead",
) -> HttpResponse:
    found = _action(pk)
    obj = found if rule == "actions.lead" else found.recommendation.plan
    if not access.can(request.user, rule, obj):
        raise PermissionDenied
    form = form_class(
        request.POST or None, initial={"version": version_of(found), **(initial or {})}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = data.get("version") or None
        if _write(request, form, lambda: write(found, data, version)):
            messages.success(request, done)
            return redirect("improvement:action", pk=found.pk)
    return _page(request, found, form, heading=heading, button=button, intro=intro)


@access.require("internal.view", FORM)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    when = today()
    found = _action(pk)
    return _lead_form(
        request,
        pk,
        action_forms.ProgressForm,
        lambda a, d, v: action_services.progress_record(
            request.user,
            a.pk,
            v,
            on=d["on"],
            text=d["text"],
            status=d["status"],
            percent_complete=d["percent_complete"],
            today=when,
        ),
        heading="Record progress",
        button="Save progress",
        done="Progress recorded.",
        initial={
            "on": when,
            "status": found.status if found.status in dict(action_services.REPORTABLE) else "",
            "percent_complete": found.percent_complete,
        },
    )


@access.require("internal.view", FORM)
def new_date(request: HttpRequest, pk: int) -> HttpResponse:
    when = today()
    return _lead_form(
        request,
        pk,
        action_forms.DateRequestForm,
        lambda a, d, v: action_services.date_request(
            request.user, a.pk, v, new_due=d["new_due"], reason=d["reason"], today=when
        ),
        heading="Ask for a new due date",
        button="Send request",
        done="Your request for a new date was sent to the plan's owner.",
        intro="The plan's owner agrees or refuses it. Until then the action keeps its due date.",
    )


@access.require("internal.view", FORM)
def done(request: HttpRequest, pk: int) -> HttpResponse:
    when = today()
    return _lead_form(
        request,
        pk,
        action_forms.DoneForm,
        lambda a, d, v: action_services.mark_done(
            request.user, a.pk, v, on=d["on"], note=d["note"], today=when
        ),
        heading="Mark the action done",
        button="Mark as done",
        done="The action is marked done.",
        intro="A done action is closed: no more progress can be recorded on it.",
        initial={"on": when},
    )


@access.require("internal.view", FORM)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    when = today()
    return _lead_form(
        request,
        pk,
        action_forms.CloseForm,
        lambda a, d, v: action_services.action_close(
            request.user, a.pk, v, reason=d["reason"], today=when
        ),
        heading="Close the action",
        button="Close action",
        done="The action is closed.",
        intro="Close an action that will not be done. Its progress is kept.",
        rule="actions.manage",
    )


@access.require("internal.view", FORM)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    found = _action(pk)
    if not access.can(request.user, "actions.manage", found.recommendation.plan):
        raise PermissionDenied
    form = action_forms.MergeForm(
        request.POST or None, initial={"version": version_of(found)}, action=found
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _write(
            request,
            form,
            lambda: action_services.action_merge(
                request.user,
                found.pk,
                data.get("version") or None,
                into=data["into"],
                today=today(),
            ),
        ):
            messages.success(request, "The actions are merged.")
            return redirect("improvement:action", pk=data["into"].pk)
    return _page(
        request, found, form, heading="Merge into another action", button="Merge actions",
        intro="Use this when two actions are the same work.",
    )  # fmt: skip


@access.require("internal.view", FORM)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _action(pk)
    plan = found.recommendation.plan
    if not access.can(request.user, "actions.manage", plan):
        raise PermissionDenied
    form = action_forms.ActionForm(
        request.POST or None,
        initial={
            "version": version_of(found),
            "text": found.text,
            "started_on": found.started_on,
            "due": found.due,
            "timescale": found.timescale,
        },
        plan=plan,
        adding=False,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _write(
            request,
            form,
            lambda: action_services.action_edit(
                request.user,
                found.pk,
                d.get("version") or None,
                text=d["text"],
                started_on=d["started_on"],
                due=d["due"],
                timescale=d["timescale"],
                lead=d["lead"],
                today=today(),
            ),
        ):
            messages.success(request, "The action is saved.")
            return redirect("improvement:action", pk=found.pk)
    return _page(request, found, form, heading="Edit the action", button="Save action")


@access.require("internal.view", FORM)
def add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.select_related("council"), pk=pk)
    if not access.can(request.user, "actions.manage", plan):
        raise PermissionDenied
    form = action_forms.ActionForm(request.POST or None, plan=plan, adding=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        made: list[Action] = []
        if _write(
            request,
            form,
            lambda: made.append(
                action_services.action_create(
                    request.user,
                    d["recommendation"],
                    text=d["text"],
                    started_on=d["started_on"],
                    due=d["due"],
                    timescale=d["timescale"],
                    lead=d["lead"],
                    today=today(),
                )
            ),
        ):
            messages.success(request, "The action is added.")
            return redirect("improvement:action", pk=made[0].pk)
    return render(
        request,
        "improvement/action_form.html",
        {
            "council_name": plan.council.name,
            "plan": plan,
            "form": form,
            "heading": "Add an action",
            "button": "Add action",
        },
    )


@access.require("internal.view")
def date_requests(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.select_related("council"), pk=pk)
    if not access.can(request.user, "actions.manage", plan):
        raise PermissionDenied
    return render(
        request,
        "improvement/date_requests.html",
        {
            "council_name": plan.council.name,
            "plan": plan,
            "requests": selectors.pending_date_requests(plan),
        },
    )


@access.require("internal.view", FORM)
def date_request(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        DueDateRequest.objects.select_related("action__recommendation__plan__council"), pk=pk
    )
    plan = found.action.recommendation.plan
    if not access.can(request.user, "actions.manage", plan):
        raise PermissionDenied
    form = action_forms.DecideForm(request.POST or None, initial={"version": version_of(found)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agree = d["decision"] == "agree"
        if _write(
            request,
            form,
            lambda: action_services.date_decide(
                request.user,
                found.pk,
                d.get("version") or None,
                agree=agree,
                note=d["note"],
                today=today(),
            ),
        ):
            messages.success(
                request, "The new date is agreed." if agree else "The new date is refused."
            )
            return redirect("improvement:date-requests", pk=plan.pk)
    return render(
        request,
        "improvement/date_request.html",
        {
            "council_name": plan.council.name,
            "plan": plan,
            "date_request": found,
            "action": found.action,
            "form": form,
            "is_pending": found.state == DueDateRequest.State.PENDING,
        },
    )


@access.require("internal.view", FORM)
def remedial(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("council"), pk=pk)
    if not access.can(request.user, "actions.remedial", indicator):
        raise PermissionDenied
    form = action_forms.RemedialForm(
        request.POST or None,
        council_id=indicator.council_id,
        initial={"lead": indicator.owner_id},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _write(
            request,
            form,
            lambda: action_services.remedial_add(
                request.user,
                indicator,
                text=d["text"],
                due=d["due"],
                lead=d["lead"],
                today=today(),
            ),
        ):
            messages.success(request, "The remedial action is added.")
            return redirect(reverse("indicator", args=[indicator.pk]) + "#remedial-actions")
    return render(
        request,
        "improvement/remedial_form.html",
        {"council_name": indicator.council.name, "indicator": indicator, "form": form},
    )
