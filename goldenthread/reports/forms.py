"""Forms for the reports pages; GOV.UK classes come from ``GovukFormMixin``."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.exception_rules import ExceptionRule
from goldenthread.reports.models import Body, Challenge
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


class ChallengeForm(GovukFormMixin, forms.Form):
    session = forms.TypedChoiceField(label="Session", coerce=int)
    indicator = forms.TypedChoiceField(label="Indicator", coerce=int)
    challenge = forms.CharField(
        label="Challenge",
        help_text="For example: service head to explain and bring an improvement plan",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    owner = forms.CharField(label="Who answers", max_length=200)
    due = forms.DateField(label="Answer due", help_text="For example, 2025-12-31")

    def __init__(
        self,
        *args: Any,
        sessions: list[tuple[int, str]],
        indicators: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]


class ChallengeUpdateForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="Answer", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(
        label="Decision", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label="Status", choices=Challenge.Status.choices)
