"""Project pages: the review board's checkpoint decision, and the programme as a timeline.
Thin views over ``services.checkpoint_decide`` and the selectors."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.core.editing import VersionedFormMixin, submit, version_of
from goldenthread.core.forms import GovukFormMixin
from goldenthread.improvement import selectors, services
from goldenthread.improvement.models import CheckpointDecision, Project
from goldenthread.organisation.shortcuts import council_or_404

DECISION_HINTS = {
    CheckpointDecision.Decision.PROCEED: "The stage is complete: the next stage may start.",
    CheckpointDecision.Decision.CONDITIONS: (
        "The next stage may start, on conditions the board sets."
    ),
    CheckpointDecision.Decision.HALT: (
        "The project stops here until a later decision to go ahead."
    ),
}


class CheckpointForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=CheckpointDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the review board's decision"},
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a decision to go ahead with conditions: what must be done, by when.",
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the decision"},
    )
    minute = forms.CharField(
        label="Minute",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The review board's minute of the decision.",
        error_messages={"required": "Enter the review board's minute of the decision"},
    )

    def decision_options(self) -> list[tuple[str, str, str]]:
        return [
            (str(value), str(label), DECISION_HINTS[CheckpointDecision.Decision(value)])
            for value, label in CheckpointDecision.Decision.choices
        ]


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def checkpoint(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("council", "last_decision"), pk=pk)
    if not access.can(request.user, "projects.decide", project):
        raise PermissionDenied
    stage = services.current_stage(project)
    if request.method == "POST":
        form = CheckpointForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = submit(
                request.user,
                form,
                lambda: services.checkpoint_decide(
                    request.user,
                    project.pk,
                    version=form.opened_version(),
                    decision=data["decision"],
                    on=data["decided_on"],
                    today=today(),
                    minute=data["minute"],
                    conditions=data["conditions"],
                ),
                reopen=True,  # the page then carries the current version
            )
            if saved is not None:
                messages.success(request, "The review board's decision is recorded.")
                return redirect("improvement:project", pk=project.pk)
    else:
        form = CheckpointForm(initial={"version": version_of(project), "decided_on": today()})
    return render(
        request,
        "improvement/checkpoint.html",
        {
            "council_name": project.council.name,
            "project": project,
            "halted": [project] if project.halted else [],
            "stage": stage,
            "form": form,
        },
    )


@access.require("internal.view")
def programme(request: HttpRequest) -> HttpResponse:
    council = council_or_404()
    rows = selectors.timeline(council)
    on = today()
    return render(
        request,
        "improvement/programme.html",
        {
            "council_name": council.name,
            "rows": rows,
            "halted": [row.project for row in rows if row.project.halted],
            "chart": selectors.timeline_svg(rows, on),
            "milestones": selectors.programme(council),
            "today": on,
        },
    )
