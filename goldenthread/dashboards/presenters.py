"""The dashboards' small multiples: each key indicator against its target over its last eight
periods, drawn on the server (``core.charts``), with a data table beside it on the page."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from goldenthread.core import charts
from goldenthread.dashboards.selectors import SmallMultiple


def small_multiple_svg(chart: SmallMultiple, number: int) -> SafeString:
    indicator = chart.row.indicator
    svg = charts.line_chart_svg(
        title=f"{indicator.code} {indicator.title}",
        description=(
            f"{indicator.title}: actual and target over the last {len(chart.labels)} periods. "
            "The figures are in the table below the chart."
        ),
        categories=[short_label(label) for label in chart.labels],
        series=[
            charts.Series("Actual", chart.values, charts.BLUE),
            charts.Series("Target", chart.targets, charts.GREY, dash="6 4", marker="square"),
        ],
        width=520,
        height=240,
        chart_id=f"dashboard-chart-{number}",
    )
    return mark_safe(svg)  # nosec B308 B703  # built by core.charts, which escapes every text


def short_label(label: str) -> str:
    """'Q1 2024/25' → 'Q1 24/25', 'April 2024' → 'Apr 24': eight periods span two years."""
    parts = label.split(" ")
    first = parts[0][:3] if parts[0].isalpha() and len(parts[0]) > 3 else parts[0]
    return f"{first} {parts[-1][2:]}" if len(parts) > 1 else first
