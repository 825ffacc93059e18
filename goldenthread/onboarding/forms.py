"""The first-run questions as a GOV.UK form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from goldenthread.core.editing import VersionedFormMixin
from goldenthread.core.forms import GovukFormMixin
from goldenthread.onboarding.services import FINANCIAL_YEAR_FIRST_MONTH, Answers
from goldenthread.organisation.models import Invitation


class SetupForm(GovukFormMixin, forms.Form):
    gss_code = forms.CharField(
        label="Your council's ONS code",
        max_length=9,
        help_text="The 9-character GSS code, for example E07000223.",
    )
    name = forms.CharField(
        label="Your council's name (optional)",
        max_length=200,
        required=False,
        help_text="Leave empty to use the official name.",
    )
    first_year = forms.IntegerField(
        label="First financial year",
        help_text="The year it starts: 2024 for 2024/25. Periods are created from then on.",
    )
    first_month = forms.IntegerField(
        label="First month of the financial year",
        initial=FINANCIAL_YEAR_FIRST_MONTH,
        help_text="4 for April.",
    )
    tolerance = forms.DecimalField(
        label="Default tolerance (%)",
        initial=Decimal("5"),
        max_digits=8,
        decimal_places=2,
        help_text="How far from target an indicator is amber rather than red, unless it sets its own.",
    )
    admin_username = forms.CharField(label="Your username", max_length=150, initial="admin")
    admin_email = forms.EmailField(label="Your email address", required=False)
    admin_password = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput(render_value=False), strip=False
    )
    admin_password_again = forms.CharField(
        label="Enter the password again", widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_year", "first_month"):
            self.fields[name].widget.attrs.update(inputmode="numeric")
        for name in ("admin_password", "admin_password_again"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("admin_password")
            and data.get("admin_password_again")
            and data["admin_password"] != data["admin_password_again"]
        ):
            self.add_error("admin_password_again", "The two passwords are not the same.")
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            gss_code=data["gss_code"].strip().upper(),
            name=data["name"],
            first_year=data["first_year"],
            first_month=data["first_month"],
            tolerance=data["tolerance"],
            admin_username=data["admin_username"],
            admin_email=data["admin_email"],
            admin_password=data["admin_password"],
        )


class InvitationActionForm(GovukFormMixin, VersionedFormMixin, forms.Form):
    """Resend or revoke one invitation, from the invitations page."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("resend", "Resend"), ("revoke", "Revoke")], widget=forms.HiddenInput
    )


class InvitationFilterForm(GovukFormMixin, forms.Form):
    unit = forms.ChoiceField(label="Unit", required=False)
    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any"), *((s.value, s.label) for s in Invitation.State)],
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Every unit"), *units]  # type: ignore[attr-defined]
