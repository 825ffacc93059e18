"""Forms for the performance team's indicator and target pages and owners' proposals."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from django import forms

from goldenthread.core.editing import VersionedFormMixin
from goldenthread.core.forms import GovukFormMixin
from goldenthread.indicators.models import Indicator, Period
from goldenthread.indicators.selectors import RollMethod
from goldenthread.indicators.services import DEFINITION_FIELDS, PROPOSABLE_FIELDS, ProfileMethod
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import financial_year_label

YEAR_HINT = "The start year of the financial year: 2025 for 2025/26."

# What each definition field means, from the status rules (DOMAIN.md) the scorecard applies.
HINTS = {
    "code": "As published: for example BV 12, NI 195 or LPI 7. Unique in the council.",
    "definition": "What is counted and how, so that every return is made the same way.",
    "owner": "The data owner, who enters its returns and may propose changes to it.",
    "service": "The service that answers for it; its head of service and director approve.",
    "unit": "A ratio indicator needs a %, a rate or a number unit.",
    "polarity": "Higher or lower is better; a band is met by any figure within it; "
    "“none” is shown for context but never rated.",
    "decimals": "The stated precision, 0 to 6 places: figures are shown, rated and compared "
    "with last year at this precision.",
    "frequency": "How often returns are made. It cannot change once there are targets or returns.",
    "aggregation": "How the periods make the year to date: sums add up; a ratio is Σ numerator ÷ "
    "Σ denominator, never an average of percentages; latest takes the last figure (a snapshot).",
    "cumulative": "Each period's figure is already the year to date, so the last period is the "
    "outturn.",
    "tolerance_kind": "How far a figure may miss its target and still be amber: a percentage of "
    "the target or an absolute amount. Leave empty for the council's default.",
    "tolerance_amount": "For example 5 for 5% or 5 units. A miss within it is amber; beyond it, "
    "red.",
    "valid_min": "Returns below this are refused. Leave both ends empty for the unit's usual "
    "range (0 to 100 for a percentage; no limit otherwise).",
    "valid_max": "Returns above this are refused.",
    "baseline": "The figure improvement is measured from. Zero is a value: leave it empty if it "
    "is not known.",
    "baseline_year": YEAR_HINT,
    "first_year": "The first financial year it is reported. " + YEAR_HINT,
    "last_year": "Empty while it is current. Retiring it keeps its history.",
    "is_key": "Shown on the corporate scorecard.",
    "is_public": "Its published figures appear on the public site.",
}


def _hinted(form: forms.BaseForm) -> None:
    """The hints above, and stored figures shown as typed (60, not 60.000000)."""
    for name, field in form.fields.items():
        if name in HINTS:
            field.help_text = HINTS[name]
    for name, value in form.initial.items():
        if isinstance(value, Decimal):
            form.initial[name] = f"{value.normalize():f}"


class IndicatorForm(GovukFormMixin, VersionedFormMixin, forms.ModelForm):
    """Every field of a definition, for the performance team."""

    class Meta:
        model = Indicator
        fields = DEFINITION_FIELDS

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["service"].queryset = OrgUnit.objects.filter(council=council)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            council=council
        ).select_related("user")
        _hinted(self)


class ProposeDefinitionForm(GovukFormMixin, VersionedFormMixin, forms.ModelForm):
    """The fields an owner may propose changes to, as they stand, and why."""

    reason = forms.CharField(
        label="Why is the change needed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The performance team reads this when they decide.",
    )

    class Meta:
        model = Indicator
        fields = PROPOSABLE_FIELDS

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        # A copy: validating the form must not change the indicator in hand.
        super().__init__(*args, instance=copy.copy(indicator), **kwargs)
        _hinted(self)

    def proposed(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PROPOSABLE_FIELDS}


def _figure(label: str, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=20, decimal_places=6, help_text=hint
    )


class TargetFiguresMixin(forms.Form):
    value = _figure("Annual target", "The target for the whole year, in the indicator's unit.")
    lower = _figure("Band: lowest figure that meets the target", "Band indicators only.")
    upper = _figure("Band: highest figure that meets the target", "Band indicators only.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value, lower, upper = data.get("value"), data.get("lower"), data.get("upper")
        if (lower is None) != (upper is None):
            missing = "upper" if upper is None else "lower"
            self.add_error(missing, "A band needs both its lowest and highest figures.")
        elif lower is not None and upper is not None and lower > upper:
            self.add_error("upper", "The highest figure cannot be below the lowest.")
        if value is None and lower is None and upper is None and not self.has_error("value"):
            self.add_error("value", "Enter the annual target, or a band.")
        return data


class TargetYearForm(GovukFormMixin, VersionedFormMixin, TargetFiguresMixin):
    """A year's annual target, its profile over the year's periods, stretch and note."""

    method = forms.ChoiceField(
        label="How should the annual target be spread over the year?",
        choices=ProfileMethod.choices,
        initial=ProfileMethod.EVEN,
        widget=forms.RadioSelect,
        help_text="Only counts that add up (sums) are shared out; rates, means, snapshots, "
        "running totals and bands keep the annual figure in every period unless typed.",
    )
    is_stretch = forms.BooleanField(
        label="This is a stretch target",
        required=False,
        help_text="Beyond what would be expected, for example one agreed in an LPSA with a "
        "reward grant.",
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = periods
        if not periods:
            del self.fields["method"]
        for period in periods:
            self.fields[self.period_field(period)] = _figure(period.label)

    @staticmethod
    def period_field(period: Period) -> str:
        return f"p_{period.code}"

    def period_fields(self) -> list[forms.BoundField]:
        return [self[self.period_field(p)] for p in self.periods]

    def typed(self) -> list[Decimal | None]:
        return [self.cleaned_data.get(self.period_field(p)) for p in self.periods]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") == ProfileMethod.TYPED:
            for period in self.periods:
                name = self.period_field(period)
                if data.get(name) is None and not self.has_error(name):
                    self.add_error(name, f"Enter the target for {period.label}.")
        return data


class ProposeTargetForm(GovukFormMixin, VersionedFormMixin, TargetFiguresMixin):
    reason = forms.CharField(
        label="Why should the target change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The performance team reads this when they decide.",
    )


class YearForm(GovukFormMixin, forms.Form):
    """Which financial year a target page shows (a GET form)."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, financial_year_label(y)) for y in years]  # type: ignore[attr-defined]


class RetireForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    last_year = forms.TypedChoiceField(
        label="Last year it is reported",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="It stays on the pages of that year and earlier years, with its history.",
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, years: list[int], retired: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [(y, financial_year_label(y)) for y in years]
        if retired:
            choices = [("", "Reinstate it: reported again from now on"), *choices]
        self.fields["last_year"].choices = choices  # type: ignore[attr-defined]
        self.fields["last_year"].required = not retired


class DecideForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept: make the change"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to the owner",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you decline; the owner sees it.",
    )


class RollForwardForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    from_year = forms.TypedChoiceField(
        label="Roll forward the targets of", coerce=int, help_text="Into the year after it."
    )
    method = forms.ChoiceField(
        label="Next year's target is",
        choices=RollMethod.choices,
        initial=RollMethod.SAME,
        widget=forms.RadioSelect,
    )
    uplift = forms.DecimalField(
        label="Change by this percentage",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("-99.99"),
        max_value=Decimal(1000),
        help_text="For a percentage change only: 5 raises each target by 5%, -5 lowers it.",
    )
    overwrite = forms.BooleanField(
        label="Replace targets already set for next year",
        required=False,
        help_text="Otherwise indicators that already have next year's target are left alone.",
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(y, financial_year_label(y)) for y in years]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uplift_missing = data.get("uplift") is None and not self.has_error("uplift")
        if data.get("method") == RollMethod.UPLIFT and uplift_missing:
            self.add_error("uplift", "Enter the percentage to change the targets by.")
        return data
