"""Forms for the returns pages. Numbers are typed as text (GOV.UK advice: no number inputs)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from goldenthread.checks import TEXT_MAX
from goldenthread.core.editing import VersionedFormMixin
from goldenthread.core.forms import GovukFormMixin
from goldenthread.indicators.models import Indicator
from goldenthread.returns.models import PeriodSignOff
from goldenthread.returns.services import Entry

MAX_DIGITS, PLACES = 20, 6


class FigureField(forms.Field):
    """A number as people type it: spaces, thousands commas and a trailing % are allowed."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        name = str(self.label or "the figure").lower()
        text = str(value or "").strip().replace(",", "").replace(" ", "").removesuffix("%")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(f"Enter {name} as a number, like 12.5") from None
        if not number.is_finite():
            raise forms.ValidationError(f"Enter {name} as a number, like 12.5")
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)
        # ``adjusted()`` is the power of ten of the first digit, so 1e27 counts 28 digits
        # before the point however few digits were typed.
        if -exponent > PLACES or number.adjusted() >= MAX_DIGITS - PLACES:
            raise forms.ValidationError(
                f"{self.label} is too long: use at most 14 digits before the point and 6 after."
            )
        return number


class ReturnForm(GovukFormMixin, forms.Form):
    value = FigureField(label="Value")
    numerator = FigureField(label="Numerator")
    denominator = FigureField(label="Denominator")
    commentary = forms.CharField(
        max_length=TEXT_MAX,
        label="What the figure means",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Explain the figure for councillors and the public: why it has changed and "
        "what it means for residents. Needed before you submit.",
    )
    remedial_action = forms.CharField(
        max_length=TEXT_MAX,
        label="Remedial action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is being done to bring the figure back to target. Needed when the "
        "figure is red.",
    )
    is_estimated = forms.BooleanField(
        label="This figure is estimated or provisional", required=False
    )
    forecast = FigureField(
        label="Year-end forecast", help_text="Optional: where you expect the year to end."
    )
    warnings_reason = forms.CharField(
        max_length=TEXT_MAX,
        label="Why the figure is right",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The checks flagged this figure. If it is right, say why.",
    )
    override_reason = forms.CharField(
        max_length=TEXT_MAX,
        label="Reason for overriding the lock",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the audit trail with the change.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.is_ratio:
            del self.fields["value"]
        else:
            del self.fields["numerator"], self.fields["denominator"]
            unit = indicator.get_unit_display()
            self.fields["value"].help_text = (
                f"In {unit.lower() if unit.isalpha() else unit}, to {indicator.decimals} "
                f"decimal place{'s' if indicator.decimals != 1 else ''} at most."
            )

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            commentary=data.get("commentary", "").strip(),
            remedial_action=data.get("remedial_action", "").strip(),
            is_estimated=bool(data.get("is_estimated")),
            forecast=data.get("forecast"),
        )


class ApproveForm(GovukFormMixin, forms.Form):
    """Approving names the version the approver saw, so a figure changed since is not
    approved unseen."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Open the return again and check it before approving it.",
            "invalid": "Open the return again and check it before approving it.",
        },
    )


class SendBackForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="What needs correcting",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs correcting."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason."},
    )


class SignOffForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    """Signing off a period. With returns still open the officer chooses what happens to them,
    gives a reason and confirms; ``open_count`` is how many the page showed."""

    open_returns = forms.ChoiceField(
        label="What should happen to the returns still open?",
        choices=PeriodSignOff.OpenReturns.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label="Why are you signing off with returns still open?",
        help_text="This is kept in the audit trail with the sign-off.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )
    confirm = forms.BooleanField(
        label="I have checked the returns still open and want to sign off the period",
        required=False,
    )
    open_count = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, open_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open = open_count

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.open:
            if not data.get("open_returns"):
                self.add_error("open_returns", "Choose what happens to the returns still open.")
            if not str(data.get("reason") or "").strip():
                self.add_error("reason", "Say why you are signing off with returns still open.")
            if not data.get("confirm"):
                self.add_error("confirm", "Confirm that you want to sign off with returns open.")
        return data
