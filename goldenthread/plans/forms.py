"""Forms for the plan pages; GOV.UK classes come from ``GovukFormMixin``."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.editing import VersionedFormMixin
from goldenthread.core.forms import GovukFormMixin
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.plans.models import Area, Milestone, Objective, Partner, Plan
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


# --- writing plans, objectives, links and milestones (issue 17b) ------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def _person_label(person: Person) -> str:
    return f"{person} ({person.get_role_display()})" if person.role else str(person)


class PeopleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


def people_of(council: Council) -> Any:
    """The council's people who can own plans, objectives and milestones (not councillors
    or partners)."""
    return (
        Person.objects.filter(council=council, user__is_active=True)
        .exclude(role__in=[Person.Role.COUNCILLOR, Person.Role.PARTNER])
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


class PlanForm(GovukFormMixin, VersionedFormMixin, forms.ModelForm):
    """A plan's details; which are required depends on its kind (``Plan.clean``)."""

    owner = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Owner (optional)",
        help_text="The person who keeps this plan. They can edit it, its objectives and "
        "its milestones.",
    )

    class Meta:
        model = Plan
        fields = [
            "kind",
            "title",
            "owner",
            "org_unit",
            "area",
            "start",
            "end",
            "purpose",
            "resources",
            "risks",
            "pump_priming_grant",
            "reward_rule",
            "reward_threshold",
        ]
        labels = {
            "org_unit": "Directorate, service or section",
            "area": "Area (community action plans)",
            "pump_priming_grant": "Pump-priming grant in £ (LPSA only)",
            "reward_threshold": "Pro rata threshold in % (LPSA only)",
        }
        help_texts = {"start": "For example, 2026-04-01", "end": "For example, 2027-03-31"}
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(council)  # type: ignore[attr-defined]
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            council=council
        ).order_by("name")
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            council=council
        ).order_by("name")


class ObjectiveForm(GovukFormMixin, VersionedFormMixin, forms.ModelForm):
    """An objective in a plan: its place in the plan's tree, its owner and its target."""

    owner = PeopleChoiceField(
        queryset=Person.objects.none(), required=False, label="Owner (optional)"
    )

    class Meta:
        model = Objective
        fields = [
            "kind",
            "ref",
            "title",
            "parent",
            "owner",
            "description",
            "target_text",
            "target_value",
            "position",
        ]
        labels = {
            "ref": "Reference (optional)",
            "parent": "Sits under (optional)",
            "target_text": "Measurable target (optional)",
            "target_value": "Target figure (optional)",
            "position": "Order in the plan",
        }
        help_texts = {
            "parent": "Another objective in the same plan. Leave empty for a top-level one.",
            "position": "Lower numbers come first.",
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(plan.council)  # type: ignore[attr-defined]
        parents = Objective.objects.filter(plan=plan).order_by("position", "ref", "pk")
        if self.instance.pk is not None:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class ObjectiveLinkForm(GovukFormMixin, forms.Form):
    """Add a "contributes to" link up to an objective in another plan."""

    target = forms.TypedChoiceField(
        label="Contributes to",
        coerce=int,
        error_messages={"required": "Choose the objective it contributes to"},
        help_text="An objective in a plan at the same level or higher.",
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose an objective"), *choices]  # type: ignore[attr-defined]


class MilestoneForm(GovukFormMixin, VersionedFormMixin, forms.ModelForm):
    """A milestone's title, due date (within its plan) and owner."""

    owner = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Owner (optional)",
        help_text="The person who marks it done or late.",
    )

    class Meta:
        model = Milestone
        fields = ["title", "due", "owner"]
        labels = {"due": "Due date"}
        widgets = {"due": DATE_WIDGET}

    def __init__(self, *args: Any, council: Council, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(council)  # type: ignore[attr-defined]
        self.fields[
            "due"
        ].help_text = f"Between {plan.start:%Y-%m-%d} and {plan.end:%Y-%m-%d}, when the plan runs."


class MilestoneDoneForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    done_on = forms.DateField(
        label="Date it was done",
        help_text="For example, 2025-11-03",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the milestone was done",
            "invalid": "Enter the date it was done as a real date, for example 2025-11-03",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or where to find it.",
    )


class MilestoneLateForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it late?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the milestone is late"},
    )
    new_due = forms.DateField(
        label="New date it will be done by",
        help_text="After today, and before the plan ends.",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the new date it will be done by",
            "invalid": "Enter the new date as a real date, for example 2026-01-31",
        },
    )


class StretchTargetForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label="Indicator")
    expected_without_stretch = forms.DecimalField(
        label="Expected without the stretch",
        help_text="The level expected at the end of the agreement without the extra effort.",
        max_digits=20,
        decimal_places=6,
    )
    stretch = forms.DecimalField(
        label="Stretch target",
        help_text="The agreed stretch level.",
        max_digits=20,
        decimal_places=6,
    )
    reward_grant = forms.DecimalField(
        label="Reward grant in £",
        help_text="Paid if the stretch is achieved.",
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            council=council
        ).order_by("code")


class TargetShareForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), label="Partner")
    area = forms.ModelChoiceField(
        queryset=Area.objects.none(),
        label="District (optional)",
        required=False,
        help_text="Only where the partner's share is split by district.",
    )
    value = forms.DecimalField(label="Share", min_value=0, max_digits=20, decimal_places=6)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(council=council)  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(council=council)  # type: ignore[attr-defined]


class AppraisalDoneForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    done = forms.DateField(
        label="Date the appraisal took place",
        help_text="For example, 2025-06-20",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the appraisal took place",
            "invalid": "Enter the date as a real date, for example 2025-06-20",
        },
    )


class StaffObjectiveForm(GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=300,
        error_messages={"required": "Enter the objective"},
    )
    supports = forms.TypedChoiceField(
        label="Serves (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A section, service, directorate or corporate objective it helps deliver.",
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supports"].choices = [("", "None"), *choices]  # type: ignore[attr-defined]


class AppraisalForm(GovukFormMixin, forms.Form):
    """Start a person's appraisal for a year; the team names the manager, a manager is it."""

    person = PeopleChoiceField(
        queryset=Person.objects.none(),
        label="Person",
        error_messages={"required": "Choose the person being appraised"},
    )
    year = forms.TypedChoiceField(
        label="Year", coerce=int, error_messages={"required": "Choose the year"}
    )
    due = forms.DateField(
        label="Due by",
        help_text="For example, 2026-06-30",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the appraisal is due by",
            "invalid": "Enter the due date as a real date, for example 2026-06-30",
        },
    )
    manager = PeopleChoiceField(
        queryset=Person.objects.none(), label="Appraising manager (optional)", required=False
    )

    def __init__(
        self,
        *args: Any,
        people: Any,
        managers: Any | None,
        years: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["year"].choices = years  # type: ignore[attr-defined]
        if managers is None:
            del self.fields["manager"]
        else:
            self.fields["manager"].queryset = managers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person, manager = data.get("person"), data.get("manager")
        if person is not None and manager is not None and person.pk == manager.pk:
            self.add_error("manager", "A person cannot be their own appraising manager.")
        return data
