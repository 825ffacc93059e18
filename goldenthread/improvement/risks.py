"""Risk pages: one risk with its score history chart, the owner's review, and a register's top
risks as a Word document. Thin views over ``services.risk_review`` and the selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.core.editing import VersionedFormMixin, submit, version_of
from goldenthread.core.forms import GovukFormMixin
from goldenthread.documents.blocks import Block, Heading, Paragraph, Table
from goldenthread.documents.word import docx_bytes
from goldenthread.improvement import selectors, services
from goldenthread.improvement.models import Control, Risk, RiskRegister
from goldenthread.improvement.views import CONTENT_TYPES

EFFECTIVENESS = [("", "Select how well it works"), *Control.Effectiveness.choices]


def owner_name(risk: Risk) -> str:
    """The owner as a person and their role ("Sonia Rees, Director of Resources"), or the
    role alone where no person is set."""
    if risk.owner_person_id and risk.owner_person:
        return f"{risk.owner_person}, {risk.owner}" if risk.owner else str(risk.owner_person)
    return risk.owner


class RiskReviewForm(VersionedFormMixin, GovukFormMixin, forms.Form):
    likelihood = forms.IntegerField(
        label="Likelihood",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the likelihood", "invalid": "Enter a whole number"},
    )
    impact = forms.IntegerField(
        label="Impact",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the impact", "invalid": "Enter a whole number"},
    )
    further_actions = forms.CharField(
        label="Further actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What else will be done to bring the risk down to its target score.",
    )
    new_control = forms.CharField(
        label="New control (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A control put in place since the last review.",
    )
    new_control_effectiveness = forms.ChoiceField(
        label="How well the new control works", choices=EFFECTIVENESS, required=False
    )
    next_review = forms.DateField(
        label="Next review",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the next review"},
    )

    def __init__(self, *args: Any, risk: Risk, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matrix = risk.register.matrix
        self.fields[
            "likelihood"
        ].help_text = (
            f"From 1 (rare) to {matrix.likelihood_levels} (almost certain), after controls."
        )
        self.fields[
            "impact"
        ].help_text = f"From 1 (insignificant) to {matrix.impact_levels} (severe), after controls."
        self.control_names = []
        for control in risk.controls.all():
            name = f"control_{control.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Control: {control.description}",
                choices=EFFECTIVENESS,
                initial=control.effectiveness,
                error_messages={"required": "Select how well the control works"},
            )
            self.fields[name].widget.attrs["class"] = "govuk-select"
            self.control_names.append(name)

    def control_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.control_names]


@access.require("internal.view")
def risk(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Risk, pk=pk)
    found = selectors.risk_view(found.pk)
    return render(
        request,
        "improvement/risk.html",
        {
            "council_name": found.register.council.name,
            "risk": found,
            "owner": owner_name(found),
            "history": list(found.history.all()),
            "chart": selectors.score_chart(found),
            "can_review": access.can(request.user, "risks.review", found),
        },
    )


@access.require("internal.view", methods=("GET", "HEAD", "POST"))
def risk_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Risk.objects.select_related("register__matrix"), pk=pk)
    if not access.can(request.user, "risks.review", found):
        raise PermissionDenied
    if request.method == "POST":
        form = RiskReviewForm(request.POST, risk=found)
        if form.is_valid():
            data = form.cleaned_data
            saved = submit(
                request.user,
                form,
                lambda: services.risk_review(
                    request.user,
                    found.pk,
                    version=form.opened_version(),
                    likelihood=data["likelihood"],
                    impact=data["impact"],
                    next_review=data["next_review"],
                    today=today(),
                    further_actions=data["further_actions"],
                    effectiveness={
                        int(name.removeprefix("control_")): data[name]
                        for name in form.control_names
                    },
                    new_control=data["new_control"],
                    new_control_effectiveness=data["new_control_effectiveness"],
                    reviewer=access.person_of(request.user),
                ),
                reopen=True,  # the page then carries the current version
            )
            if saved is not None:
                messages.success(request, f"Review of {found.reference} saved.")
                return redirect("improvement:risk", pk=found.pk)
    else:
        form = RiskReviewForm(
            risk=found,
            initial={
                "version": version_of(found),
                "likelihood": found.residual_likelihood,
                "impact": found.residual_impact,
                "further_actions": found.further_actions,
                "next_review": services.add_months(today(), found.review_months),
            },
        )
    return render(
        request,
        "improvement/risk_review.html",
        {"council_name": found.register.council.name, "risk": found, "form": form},
    )


def top_risks_blocks(register: RiskRegister, risks: list[Risk], on: str) -> list[Block]:
    rows = []
    for found in risks:
        controls = "; ".join(
            f"{c.description} ({c.get_effectiveness_display().lower()})"
            for c in found.controls.all()
        )
        rows.append(
            [
                f"{found.reference} {found.title}",
                owner_name(found),
                f"{found.residual_likelihood} × {found.residual_impact} = {found.residual_score}",
                f"{found.target_score}",
                controls or "None recorded",
                found.further_actions or "None recorded",
                f"{found.next_review:%d %b %Y}",
            ]
        )
    bands = [register.matrix.band(r.residual_score) for r in risks]
    return [
        Heading(f"{register.name}: top risks", 0),
        Paragraph(
            f"The {len(risks)} highest residual scores (after controls) on the "
            f"{register.matrix.name} matrix, as at {on}. Scores from {register.matrix.red_from} "
            f"are red, from {register.matrix.amber_from} amber."
        ),
        Table(
            header=[
                "Risk",
                "Owner",
                "Residual score",
                "Target",
                "Controls",
                "Further actions",
                "Next review",
            ],
            rows=rows,
            widths=[3, 2, 1.4, 0.8, 3, 3, 1.3],
            shading=[None] * len(rows),
        ),
        Paragraph(
            "Residual bands: "
            + ", ".join(f"{r.reference} {band}" for r, band in zip(risks, bands, strict=True))
            + "."
            if risks
            else "This register has no risks yet."
        ),
    ]


@access.require("internal.view")
def top_risks_docx(request: HttpRequest, pk: int) -> HttpResponse:
    register = get_object_or_404(RiskRegister.objects.select_related("matrix"), pk=pk)
    risks = selectors.top_risks_of(register)
    data = docx_bytes(
        top_risks_blocks(register, risks, f"{today():%d %B %Y}"),
        title=f"{register.name}: top risks",
        landscape=True,
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    name = slugify(register.name) or "register"
    response["Content-Disposition"] = f'attachment; filename="{name}-top-risks.docx"'
    return response
