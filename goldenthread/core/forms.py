"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms


class GovukFormMixin:
    """Give every widget its GOV.UK Frontend class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.setdefault("class", widget_class(field.widget))


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.Select):
        return "govuk-select"
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    return "govuk-input"
