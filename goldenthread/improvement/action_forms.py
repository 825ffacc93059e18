"""The forms of the action pages: each opened on a version of the row it changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from goldenthread.core.editing import VersionedFormMixin
from goldenthread.core.forms import GovukFormMixin
from goldenthread.improvement.action_services import REPORTABLE
from goldenthread.improvement.models import Action, Recommendation
from goldenthread.organisation.models import Person


def _date(label: str, hint: str = "For example, 2025-11-14") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=hint,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RecommendationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"Recommendation {obj.number}"


class ActionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"R{obj.recommendation.number} {obj.letter}) {obj.text[:90]}"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.job_title}" if obj.job_title else str(obj)


def people(council_id: int) -> QuerySet[Person]:
    return (
        Person.objects.filter(council_id=council_id, user__is_active=True)
        .exclude(role__in=[Person.Role.PARTNER, Person.Role.COUNCILLOR])
        .select_related("user")
    )


class ProgressForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    on = _date("Date of the progress", "The day this was true. For example, 2025-11-14")
    text = forms.CharField(label="Progress made", widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label="Status", choices=[("", "Choose a status"), *REPORTABLE])
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DateRequestForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    new_due = _date("New due date")
    reason = forms.CharField(
        label="Why a new date is needed",
        help_text="The plan's owner reads this to agree or refuse the new date.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DoneForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    on = _date("Date it was done")
    note = forms.CharField(
        label="What was done (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    """Agree or refuse: the page's two buttons post ``decision``."""

    note = forms.CharField(
        label="Note to the lead",
        help_text="Needed when you refuse: say why.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        choices=[("agree", "Agree"), ("refuse", "Refuse")],
        widget=forms.HiddenInput,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("decision") and not self.has_error("decision"):
            # A form-wide error: the choice is the page's two buttons, not a field.
            raise forms.ValidationError("Choose to agree or refuse the new date.")
        return data


class ActionForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    recommendation = RecommendationChoice(
        label="Recommendation", queryset=Recommendation.objects.none()
    )
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(
        label="Start date",
        required=False,
        help_text="No progress can be dated before it. For example, 2025-11-01",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due = forms.DateField(
        label="Due date",
        required=False,
        help_text="Leave empty for ongoing work. For example, 2026-03-31",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    timescale = forms.CharField(
        label="Timescale as written (optional)",
        required=False,
        max_length=300,
        help_text="For example, “End March 2026”. Left empty, the due date is written.",
    )
    lead = PersonChoice(label="Lead", queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, plan: Any, adding: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            recommendations = plan.recommendations.all()
            field = self.fields["recommendation"]
            assert isinstance(field, forms.ModelChoiceField)  # declared above
            field.queryset = recommendations
        else:
            del self.fields["recommendation"]
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ModelChoiceField)  # declared above
        lead.queryset = people(plan.council_id)
        lead.help_text = (
            "Who records its progress. Adding a lead keeps the others."
            if not adding
            else "Who records its progress."
        )


class CloseForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the action is closed", widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    into = ActionChoice(
        label="Merge into",
        queryset=Action.objects.none(),
        help_text="Its progress and leads move to the action you choose; this one is closed.",
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)  # declared above
        field.queryset = (
            Action.objects.filter(
                recommendation__plan_id=action.recommendation.plan_id, closed_on=None
            )
            .exclude(pk=action.pk)
            .exclude(status__in=["complete", "cancelled"])
            .select_related("recommendation")
            .order_by("recommendation__position", "recommendation__number", "position", "pk")
        )


class RemedialForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Remedial action",
        help_text="What will be done to bring the indicator back on target.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = _date("Due date", "For example, 2026-03-31")
    lead = PersonChoice(label="Lead", queryset=Person.objects.none())

    def __init__(self, *args: Any, council_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ModelChoiceField)  # declared above
        lead.queryset = people(council_id)
