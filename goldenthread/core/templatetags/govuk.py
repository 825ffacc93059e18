"""Render a bound field's widget the GOV.UK way: error modifier and described-by links."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from goldenthread.core.forms import widget_class

register = template.Library()


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    css = widget_class(field.field.widget)
    attrs: dict[str, str | bool] = {"class": css + (f" {css}--error" if field.errors else "")}
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
