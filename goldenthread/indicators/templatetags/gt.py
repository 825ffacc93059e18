"""Template helpers: figures in their units, RAG tags and direction, each written once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

from goldenthread.indicators import presenters
from goldenthread.indicators.presenters import Measured, format_measure, format_target
from goldenthread.status import Direction, Rag

register = template.Library()


@register.filter
def measure(value: Decimal | int | None, indicator: Measured) -> str:
    # A template hands over "" for an attribute of a missing object: that is no value.
    number = Decimal(value) if isinstance(value, Decimal | int) else None
    return format_measure(number, indicator.unit, indicator.decimals)


@register.filter
def target_text(target: Any, indicator: Measured) -> str:
    return format_target(target, indicator)


@register.simple_tag
def rag_tag(rag: Rag) -> SafeString:
    return presenters.rag_tag(rag)


@register.simple_tag
def direction(value: Direction) -> SafeString:
    return presenters.direction_text(value)


@register.filter
def audit_lines(entry: Any) -> list[str]:
    return presenters.audit_changes(entry.changes or {})


@register.filter
def audit_subject(entry: Any) -> str:
    return presenters.audit_subject(entry.model, entry.object_repr)
