"""Thin views: action plans, risk registers, projects and the programme of milestones."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.documents import DocumentError
from goldenthread.improvement import selectors, transfer
from goldenthread.improvement.models import ActionPlan, Project, RiskRegister
from goldenthread.organisation.shortcuts import council_or_404

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


@access.require("internal.view")
def home(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    projects = selectors.projects(council)
    return render(
        request,
        "improvement/home.html",
        {
            "council_name": council.name,
            "plans": selectors.plans(council, today()),
            "registers": selectors.registers(council),
            "top_risks": selectors.top_risks(council),
            "projects": projects,
            "halted": [p for p in projects if p.halted],
        },
    )


@access.require("internal.view")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    action_plan = get_object_or_404(
        ActionPlan.objects.select_related("council", "owner__user"), pk=pk
    )
    return render(
        request,
        "improvement/plan.html",
        {
            "council_name": action_plan.council.name,
            "plan": action_plan,
            "can_manage": access.can(request.user, "actions.manage", action_plan),
            "key": list(action_plan.key.all()),
            "recommendations": selectors.plan_full(action_plan, today()),
        },
    )


@access.require("internal.view")
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    action_plan = get_object_or_404(ActionPlan, pk=pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format")
    work = Path(tempfile.mkdtemp(prefix="gt-download-"))
    out = work / f"{action_plan.ref}.{fmt}"
    try:
        transfer.export(action_plan, fmt, out, today=today())
    except DocumentError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    data = out.read_bytes()
    out.unlink()
    work.rmdir()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{out.name}"'
    return response


@access.require("internal.view")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    risk_register = get_object_or_404(
        RiskRegister.objects.select_related("council", "matrix", "unit"), pk=pk
    )
    return render(
        request,
        "improvement/register.html",
        {
            "council_name": risk_register.council.name,
            "view": selectors.register_view(risk_register, today()),
        },
    )


@access.require("internal.view")
def project(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.project_view(
        get_object_or_404(Project.objects.select_related("council"), pk=pk)
    )
    return render(
        request,
        "improvement/project.html",
        {
            "council_name": found.council.name,
            "project": found,
            "halted": [found] if found.halted else [],
            "can_decide": access.can(request.user, "projects.decide", found),
        },
    )
