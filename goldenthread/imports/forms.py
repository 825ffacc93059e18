"""The import page's forms: the upload, and the template to download."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.forms import GovukFormMixin
from goldenthread.imports.registry import Kind, TemplateChoices

FORMATS = [("xlsx", "Excel (XLSX)"), ("csv", "CSV")]
ANY = [("", "Any")]


class ImportForm(forms.Form):
    """A file to import, of a kind the user may import; checked first unless they say not."""

    kind = forms.ChoiceField(label="What the file holds", widget=forms.RadioSelect)
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV (UTF-8 or Windows-1252) or Excel (XLSX). The first row names the columns.",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The file is empty"},
    )
    dry_run = forms.BooleanField(
        label="Check the file and show what would change, without importing",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, kinds: list[Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Select what the file holds"
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].name


class TemplateForm(GovukFormMixin, forms.Form):
    """Which template to download: the indicators of an owner, a service or a period."""

    kind = forms.ChoiceField(label="Template for")
    service = forms.ChoiceField(label="Service", required=False)
    owner = forms.ChoiceField(label="Owner", required=False)
    period = forms.ChoiceField(
        label="Period",
        required=False,
        help_text="Leave as Any for each indicator's periods so far this financial year.",
    )
    format = forms.ChoiceField(label="File type", choices=FORMATS, initial="xlsx")

    def __init__(
        self,
        *args: Any,
        kinds: list[Kind],
        choices: TemplateChoices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]  # type: ignore[attr-defined]
        if kinds:
            self.fields["kind"].initial = kinds[0].name
        self.fields["service"].choices = ANY + choices.services  # type: ignore[attr-defined]
        self.fields["owner"].choices = ANY + choices.owners  # type: ignore[attr-defined]
        self.fields["period"].choices = ANY + choices.periods  # type: ignore[attr-defined]
