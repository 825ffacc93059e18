"""Forms for raising a query and taking its next step."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.indicators.models import Period
from goldenthread.queries.models import QueryState


class RaiseForm(GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="It goes to the portfolio holder and the officer responsible for the indicator.",
        error_messages={"required": "Enter your question."},
    )
    period = forms.ModelChoiceField(
        label="Which period is it about? (optional)",
        queryset=Period.objects.none(),
        required=False,
        empty_label="The indicator in general",
    )

    def __init__(self, *args: Any, periods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = periods


class StepForm(GovukFormMixin, forms.Form):
    """The text of a step (an answer, a follow-up, a reason) and the version the user saw."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StateFilterForm(GovukFormMixin, forms.Form):
    state = forms.ChoiceField(
        label="Show queries that are",
        choices=[("", "In any state"), *QueryState.choices],
        required=False,
    )
