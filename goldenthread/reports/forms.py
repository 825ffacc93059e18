"""Forms for the reports pages; GOV.UK classes come from ``GovukFormMixin``."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.exception_rules import ExceptionRule
from goldenthread.reports.models import Body
from goldenthread.reports.selectors import ExceptionChoices

ANY = [("", "All")]


class ExceptionFilterForm(GovukFormMixin, forms.Form):
    period = forms.ChoiceField(label="Quarter", required=False)
    body = forms.TypedChoiceField(label="Reported to", required=False, coerce=int, empty_value=None)
    directorate = forms.TypedChoiceField(
        label="Directorate", required=False, coerce=int, empty_value=None
    )
    rule = forms.ChoiceField(
        label="Rule", required=False, choices=ANY + [(r.value, r.label) for r in ExceptionRule]
    )

    def __init__(self, *args: Any, choices: ExceptionChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "Latest with data due")] + [  # type: ignore[attr-defined]
            (p.code, p.label) for p in choices.quarters
        ]
        self.fields["body"].choices = ANY + [(b.pk, b.name) for b in choices.bodies]  # type: ignore[attr-defined]
        self.fields["directorate"].choices = ANY + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in choices.directorates
        ]


class ReferralForm(GovukFormMixin, forms.Form):
    from_body = forms.TypedChoiceField(label="Referred by", coerce=int)
    to_body = forms.TypedChoiceField(label="Referred to", coerce=int)
    note = forms.CharField(
        label="Why is it referred, and what is asked for?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args: Any, senders: list[Body], receivers: list[Body], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["from_body"].choices = [(b.pk, b.name) for b in senders]  # type: ignore[attr-defined]
        self.fields["to_body"].choices = [(b.pk, b.name) for b in receivers]  # type: ignore[attr-defined]
