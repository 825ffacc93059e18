"""The scorecard's filters; GOV.UK classes are applied here, once."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.indicators.models import FREQUENCY_CHOICES, Family
from goldenthread.scorecard.selectors import CHANGES, ScorecardChoices
from goldenthread.status import Rag

ANY = [("", "All")]


class ScorecardFilterForm(GovukFormMixin, forms.Form):
    """The scorecard's filters, read from the query string so they work without JavaScript."""

    period = forms.ChoiceField(label="Quarter", required=False)
    directorate = forms.TypedChoiceField(
        label="Directorate", required=False, coerce=int, empty_value=None
    )
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    family = forms.ChoiceField(label="Family", required=False, choices=ANY + list(Family.choices))
    frequency = forms.ChoiceField(
        label="Frequency", required=False, choices=ANY + FREQUENCY_CHOICES
    )
    rag = forms.ChoiceField(
        label="Status", required=False, choices=ANY + [(r.value, r.label) for r in Rag]
    )
    # A Cabinet portfolio, from a portfolio holder's dashboard's links (not offered as a box).
    portfolio = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    changed = forms.ChoiceField(
        label="Status since the quarter before", required=False, choices=ANY + list(CHANGES)
    )

    def __init__(self, *args: Any, choices: ScorecardChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label) for p in choices.quarters]  # type: ignore[attr-defined]
        self.fields["directorate"].choices = ANY + [(u.pk, u.name) for u in choices.directorates]  # type: ignore[attr-defined]
        self.fields["service"].choices = ANY + [(u.pk, u.name) for u in choices.services]  # type: ignore[attr-defined]
