from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin


class CodeForm(GovukFormMixin, forms.Form):
    """The six-digit code from an authenticator app."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now, for example 123456",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        return code
