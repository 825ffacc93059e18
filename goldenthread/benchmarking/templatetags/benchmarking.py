"""Template helpers for benchmark figures: a value at its measure's precision; a share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from goldenthread.benchmarking.models import Measure
from goldenthread.status import round_to_precision

register = template.Library()


@register.filter
def figure(value: Any, measure: Measure) -> str:
    """A figure at the measure's stated precision with its unit; an en dash for none."""
    if not isinstance(value, Decimal | int):
        return "–"
    text = f"{round_to_precision(Decimal(value), min(measure.decimals, 6)):,}"
    return f"{text}%" if measure.unit == "%" else text


@register.filter
def share(value: Any) -> str:
    return "–" if not isinstance(value, Decimal) else f"{round_to_precision(value, 0)}%"


@register.filter
def quartile_name(quartile: Any) -> str:
    from goldenthread.benchmarking.selectors import QUARTILE_LABELS

    return (
        QUARTILE_LABELS.get(quartile, "Not placed") if isinstance(quartile, int) else "Not placed"
    )
