"""Forms for the plan pages; GOV.UK classes come from ``GovukFormMixin``."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.plans.models import Objective
from goldenthread.plans.services import LinkHandling


class ObjectiveDeleteForm(GovukFormMixin, forms.Form):
    """Asks what to do with the links into an objective before it is deleted."""

    links = forms.ChoiceField(
        label="What should happen to the links into this objective?",
        choices=LinkHandling.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    move_to = forms.TypedChoiceField(
        label="Objective to move the links to",
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self, *args: Any, objective: Objective, candidates: list[Objective], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_to"].choices = [("", "Choose an objective")] + [  # type: ignore[attr-defined]
            (o.pk, f"{o.plan.title}: {o}") for o in candidates if o.pk != objective.pk
        ]


class PlanRefreshForm(GovukFormMixin, forms.Form):
    """The new plan's title and dates."""

    title = forms.CharField(label="Title of the new plan", max_length=300)
    start = forms.DateField(
        label="Start date",
        help_text="For example, 2026-04-01",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="End date",
        help_text="For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must not be before the start date.")
        return data


class AppraisalYearForm(GovukFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = years  # type: ignore[attr-defined]
