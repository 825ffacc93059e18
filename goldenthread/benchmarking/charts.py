"""The comparator chart: every authority in the group as a bar, ours highlighted, the median
marked. Drawn on the server as SVG (as ``goldenthread.core.charts``) with a text
alternative; the page shows the same figures in a table. Ours differs by pattern and label as
well as colour, so it can be found without seeing colour."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from goldenthread.benchmarking.selectors import Placed
from goldenthread.core.charts import BLACK, BLUE, GREY, ORANGE, chart_open, gridlines


def comparator_chart_svg(
    *,
    title: str,
    description: str,
    placed: Sequence[Placed],
    median: Decimal | None,
    width: int = 640,
    height: int = 300,
    chart_id: str = "comparators",
) -> str:
    left, right, top, bottom = 64, 16, 24, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(p.value) for p in placed]
    low = min([0.0, *values])
    high = max([*values, 0.0]) or 1.0
    if high == low:
        high = low + 1.0

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    step = plot_w / max(len(placed), 1)
    bar = max(step * 0.7, 1.0)
    parts = [
        chart_open(title, description, width, height, chart_id),
        '<defs><pattern id="gt-ours-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ORANGE}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BLACK}" stroke-width="2"/></pattern></defs>',
    ]
    parts += gridlines(low, high, y, left, width - right)
    zero = y(0.0)
    for i, p in enumerate(placed):
        v = float(p.value)
        x = left + i * step + (step - bar) / 2
        top_y, bottom_y = min(y(v), zero), max(y(v), zero)
        fill = "url(#gt-ours-hatch)" if p.ours else BLUE
        stroke = f' stroke="{BLACK}" stroke-width="2"' if p.ours else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{bar:.1f}" '
            f'height="{max(bottom_y - top_y, 1):.1f}" fill="{fill}"{stroke}/>'
        )
        if p.ours:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top_y - 6:.1f}" text-anchor="middle" '
                f'font-weight="bold" fill="{BLACK}">{escape(p.name)}</text>'
            )
    if median is not None:
        my = y(float(median))
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{my:.1f}" y2="{my:.1f}" stroke="{BLACK}" '
            f'stroke-width="2" stroke-dasharray="8 5"/>'
        )
    ly = height - 12
    parts.append(
        f'<rect x="{left}" y="{ly - 10}" width="14" height="12" fill="{BLUE}"/>'
        f'<text x="{left + 20}" y="{ly}" fill="{BLACK}">Other authorities</text>'
        f'<rect x="{left + 150}" y="{ly - 10}" width="14" height="12" fill="url(#gt-ours-hatch)" stroke="{BLACK}"/>'
        f'<text x="{left + 170}" y="{ly}" fill="{BLACK}">Highlighted authority</text>'
        f'<line x1="{left + 330}" x2="{left + 358}" y1="{ly - 4}" y2="{ly - 4}" stroke="{BLACK}" stroke-width="2" stroke-dasharray="8 5"/>'
        f'<text x="{left + 364}" y="{ly}" fill="{GREY}">Median</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def indicator_context(indicator: object) -> dict[str, object]:
    """What the indicator page adds for benchmarking: the comparison and its chart."""
    from goldenthread.benchmarking.selectors import indicator_page_benchmark
    from goldenthread.indicators.models import Indicator

    assert isinstance(indicator, Indicator)
    found = indicator_page_benchmark(indicator)
    if found is None:
        return {"benchmark": None, "benchmark_chart": ""}
    chart = comparator_chart_svg(
        title=f"{indicator.title}: {found.group.name}, {found.year_label}",
        description=(
            f"One bar for each of the {len(found.placed)} authorities with a value, lowest to "
            "highest; ours is hatched and labelled; a dashed line marks the median. "
            "The figures are in the table below."
        ),
        placed=found.placed,
        median=found.result.median,
        chart_id="comparators",
    )
    return {"benchmark": found, "benchmark_chart": chart}
