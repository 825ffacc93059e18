"""Template filters for the reports pages: pounds as councils write them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from goldenthread.indicators.presenters import format_measure

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    """£1,234,567 (whole pounds), −£5,000 for a negative amount, a dash for none."""
    return format_measure(value, "pounds", 0)


@register.filter
def signed_percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:+.1f}%"


@register.filter
def rag_count(rags: dict[str, int], rag: str) -> int:
    return rags.get(rag, 0)
