"""Thin views for the golden thread: a selector call, a form where there is one, a template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.core.csvfiles import csv_writer
from goldenthread.organisation.models import Person
from goldenthread.organisation.shortcuts import council_or_404
from goldenthread.periods import financial_year_label
from goldenthread.plans import selectors, services
from goldenthread.plans.forms import AppraisalYearForm, ObjectiveDeleteForm, PlanRefreshForm
from goldenthread.plans.models import Objective, Plan


def _viewer(request: HttpRequest) -> Person | None:
    if request.user.pk is None:
        return None
    return Person.objects.filter(user_id=request.user.pk).first()


def _may_edit_plans(request: HttpRequest, viewer: Person | None) -> bool:
    """The performance team keeps the framework (docs/sources.md#domain-who-uses-it): they
    refresh and restructure."""
    return access.is_performance_team(request.user)


@access.require("internal.view")
def plan_list(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    return render(
        request,
        "plans/plan_list.html",
        {
            "groups": selectors.plan_list(council=council),
            "may_create": access.can(request.user, "plans.create"),
            "council_name": council.name,
        },
    )


@access.require("internal.view")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("council", "org_unit", "area"), pk=pk)
    viewer = _viewer(request)
    graph = selectors.thread_graph(council=plan.council, today=today())
    page = selectors.plan_page(plan=plan, graph=graph, viewer=viewer)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "page": page,
            "plan": plan,
            "may_edit": _may_edit_plans(request, viewer),
            "may_edit_plan": access.can(request.user, "plans.edit", plan),
            "today": graph.today,
            "council_name": plan.council.name,
        },
    )


@access.require("internal.view")
def explorer(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    graph = selectors.thread_graph(council=council, today=today())
    return render(
        request,
        "plans/explorer.html",
        {"start": selectors.explorer_start(graph=graph), "council_name": council.name},
    )


@access.require("internal.view")
def objective_thread(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404()
    graph = selectors.thread_graph(council=council, today=today())
    if pk not in graph.objectives:
        return render(request, "plans/not_found.html", status=404)
    viewer = _viewer(request)
    thread = selectors.objective_thread(graph=graph, objective_id=pk, viewer=viewer)
    objective = thread.objective
    milestones = graph.milestones_of.get(pk, [])
    for milestone in milestones:
        milestone.objective = objective  # loaded with its plan: the rules ask no more queries
    return render(
        request,
        "plans/objective.html",
        {
            "thread": thread,
            "objective": thread.objective,
            "may_edit": _may_edit_plans(request, viewer),
            "may_edit_plan": access.can(request.user, "plans.edit", objective),
            "milestones": [
                (m, access.can(request.user, "milestones.report", m)) for m in milestones
            ],
            "today": graph.today,
            "council_name": council.name,
        },
    )


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.select_related("plan__council", "parent"), pk=pk
    )
    incoming = list(objective.links_down.select_related("source__plan"))
    staff_count = objective.staff_links.count()
    candidates = list(
        Objective.objects.filter(plan__council=objective.plan.council)
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    )
    form = ObjectiveDeleteForm(request.POST or None, objective=objective, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        move_to = next((o for o in candidates if o.pk == form.cleaned_data["move_to"]), None)
        try:
            services.objective_delete(
                actor=request.user,
                objective=objective,
                links=form.cleaned_data["links"],
                move_to=move_to,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Objective “{objective}” deleted.")
            return redirect("plan", pk=objective.plan_id)
    return render(
        request,
        "plans/objective_delete.html",
        {
            "objective": objective,
            "form": form,
            "incoming": incoming,
            "staff_count": staff_count,
            "children": objective.children.count(),
            "milestones": objective.milestones.count(),
            "council_name": objective.plan.council.name,
        },
    )


@access.require("team.manage", methods=("GET", "HEAD", "POST"))
def plan_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("council"), pk=pk)
    next_start = plan.start.replace(year=plan.start.year + 1)
    next_end = plan.end.replace(year=plan.end.year + 1)
    form = PlanRefreshForm(
        request.POST or None,
        initial={"title": plan.title, "start": next_start, "end": next_end},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.plan_refresh(
                actor=request.user,
                plan=plan,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"“{copy}” created from “{plan}”, ready for new targets.")
            return redirect("plan", pk=copy.pk)
    return render(
        request,
        "plans/plan_refresh.html",
        {"plan": plan, "form": form, "council_name": plan.council.name},
    )


@access.require("internal.view")
def coverage(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    graph = selectors.thread_graph(council=council, today=today())
    report = selectors.coverage(council=council, graph=graph)
    return render(
        request,
        "plans/coverage.html",
        {"report": report, "viewer": _viewer(request), "council_name": council.name},
    )


@access.require("internal.view")
def coverage_csv(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    graph = selectors.thread_graph(council=council, today=today())
    report = selectors.coverage(council=council, graph=graph)
    viewer = _viewer(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thread-coverage.csv"'
    writer = csv_writer(response)
    writer.writerow(["gap", "reference", "title", "plan or service", "detail"])
    for objective in report.unmeasured_priorities:
        writer.writerow(
            [
                "Priority measured by nothing",
                objective.ref,
                objective.title,
                objective.plan.title,
                "",
            ]
        )
    for indicator, reason in report.indicators_without_priority:
        writer.writerow(
            [
                "Indicator serving no priority",
                indicator.code,
                indicator.title,
                indicator.service.name,
                reason,
            ]
        )
    for objective in report.service_objectives_unlinked:
        writer.writerow(
            [
                "Service objective contributing to no priority",
                objective.ref,
                objective.title,
                objective.plan.title,
                "",
            ]
        )
    for entry in report.staff_objectives_unlinked:
        # Only people allowed to read an appraisal see whose it is and what it says.
        visible = entry.appraisal.visible_to(viewer)
        writer.writerow(
            [
                "Staff objective linked to nothing",
                "",
                entry.staff_objective.title if visible else "(private)",
                str(entry.person) if visible else "",
                financial_year_label(entry.appraisal.year),
            ]
        )
    return response


@access.require("internal.view")
def appraisals(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    viewer = _viewer(request)
    years = [(y, financial_year_label(y)) for y in selectors.appraisal_years(council=council)]
    form = AppraisalYearForm(request.GET or None, years=years)
    chosen = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    report = selectors.appraisal_report(council=council, year=chosen, today=today())
    if not form.is_bound:
        form = AppraisalYearForm(initial={"year": report.year}, years=years)
    return render(
        request,
        "plans/appraisals.html",
        {
            "report": report,
            "form": form,
            "year_label": financial_year_label(report.year),
            "visible": selectors.appraisals_visible_to(viewer=viewer, council=council),
            "may_start": access.can(request.user, "appraisals.create"),
            "council_name": council.name,
        },
    )
