"""Thin views for councillors' queries: services decide, these show the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.indicators.models import Indicator, Period
from goldenthread.queries import selectors, services
from goldenthread.queries.forms import RaiseForm, StateFilterForm, StepForm
from goldenthread.queries.models import Query


@dataclass(frozen=True)
class StepCopy:
    """What the query page says for one step's form."""

    label: str
    hint: str
    button: str
    button_class: str
    done: str


STEP_COPY = {
    "draft": StepCopy(
        "Draft an answer for the portfolio holder",
        "The portfolio holder sees it and can send it as it is or change it.",
        "Save the draft answer",
        "",
        "Draft answer saved. The portfolio holder has been told.",
    ),
    "answer": StepCopy(
        "Your answer",
        "Any draft from the officer is filled in: send it as it is or change it.",
        "Send the answer",
        "",
        "Answer sent to the councillor.",
    ),
    "follow_up": StepCopy(
        "Ask a follow-up question",
        "If the answer does not settle it, ask again: the query goes back to the portfolio "
        "holder and the officer.",
        "Ask the follow-up question",
        "govuk-button--secondary",
        "Follow-up question sent.",
    ),
    "close": StepCopy(
        "Close the query",
        "Optional: a comment for the record.",
        "Close the query",
        "govuk-button--secondary",
        "Query closed.",
    ),
    "refer": StepCopy(
        "Refer to the scrutiny committee",
        "Only when the portfolio holder's answer does not settle the matter. Say why.",
        "Refer to scrutiny",
        "govuk-button--warning",
        "Query referred to scrutiny.",
    ),
}


@access.require("internal.view")
def query_list(request: HttpRequest) -> HttpResponse:
    form = StateFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_bound and form.is_valid() else ""
    lists = selectors.query_lists(user=request.user, state=state)
    return render(request, "queries/list.html", {"lists": lists, "form": form, "state": state})


def _periods_of(indicator: Indicator) -> object:
    """The indicator's periods of the last three years that have started, newest first."""
    now = today()
    return Period.objects.filter(
        kind=indicator.frequency, start__lte=now, start__gte=now - timedelta(days=3 * 366)
    ).order_by("-start")


@access.require("queries.raise", methods=("GET", "HEAD", "POST"))
def query_raise(request: HttpRequest, indicator_pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("council", "service__parent__parent", "owner__user"),
        pk=indicator_pk,
    )
    form = RaiseForm(request.POST or None, periods=_periods_of(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            query = services.query_raise(
                actor=request.user,
                indicator=indicator,
                question=form.cleaned_data["question"],
                period=form.cleaned_data["period"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Query raised. The portfolio holder and officer are told.")
            return redirect("queries:detail", pk=query.pk)
    return render(
        request,
        "queries/raise.html",
        {
            "indicator": indicator,
            "routing": selectors.routing_of(indicator),
            "form": form,
            "council_name": indicator.council.name,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _visible_query(request: HttpRequest, pk: int) -> Query:
    query = get_object_or_404(selectors.with_people(Query.objects.all()), pk=pk)
    if not access.can(request.user, "queries.view", query):
        raise PermissionDenied
    return query


def _detail(
    request: HttpRequest,
    query: Query,
    failed: tuple[str, StepForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = []
    for step in services.steps_open_to(request.user, query):
        if failed and failed[0] == step:
            form = failed[1]
        else:
            initial = {"version": query.version}
            if step == "answer" or step == "draft":
                initial["text"] = query.draft_answer  # type: ignore[assignment]
            form = StepForm(initial=initial, prefix=step)
        forms.append((step, STEP_COPY[step], form))
    return render(
        request,
        "queries/detail.html",
        {
            "query": query,
            "events": selectors.timeline(query),
            "forms": forms,
            "failed": failed[1] if failed else None,
        },
        status=status,
    )


@access.require("internal.view")
def query_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_query(request, pk))


STEP_SERVICES = {
    "draft": services.query_draft,
    "answer": services.query_answer,
    "follow_up": services.query_follow_up,
    "close": services.query_close,
    "refer": services.query_refer,
}


@access.require("internal.view", methods=("POST",))
def query_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SERVICES:
        raise Http404
    query = _visible_query(request, pk)
    if not access.can(request.user, services.TRANSITIONS[step].rule, query):
        raise PermissionDenied  # not theirs to take, whatever the form says
    form = StepForm(request.POST, prefix=step)
    if form.is_valid():
        try:
            STEP_SERVICES[step](
                actor=request.user,
                query=query,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except services.QueryChanged as error:
            messages.error(request, error.messages[0])
            return redirect("queries:detail", pk=query.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("text", error.error_dict["text"])
            else:
                form.add_error(None, error)
        else:
            messages.success(request, STEP_COPY[step].done)
            return redirect("queries:detail", pk=query.pk)
    return _detail(request, query, failed=(step, form), status=400)
