"""The comparator chart: every authority in the group as a named horizontal bar, ours
highlighted, the median marked. Drawn on the server as SVG (as ``goldenthread.core.charts``)
with a text alternative; the page shows the same figures in a table. Ours differs by pattern,
weight and label as well as colour, so it can be found without seeing colour. Bars run
across so that every authority's name fits beside its bar (issue 19: upright bars named
only ours)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from goldenthread.benchmarking.selectors import Placed
from goldenthread.core.charts import BLACK, BLUE, GREY, ORANGE, chart_open, nice_ticks, tick_label

ROW = 22  # px per authority
NAME_WIDTH = 190  # px for the names on the left
NAME_CHARACTERS = 28


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARACTERS else name[: NAME_CHARACTERS - 1] + "…"


def comparator_chart_svg(
    *,
    title: str,
    description: str,
    placed: Sequence[Placed],
    median: Decimal | None,
    width: int = 640,
    height: int = 0,
    chart_id: str = "comparators",
) -> str:
    """``height`` 0: as tall as the authorities need."""
    left, right, top, bottom = NAME_WIDTH, 56, 28, 44
    height = height or top + bottom + ROW * max(len(placed), 1)
    plot_w = width - left - right
    values = [float(p.value) for p in placed]
    ticks = nice_ticks(min([0.0, *values]), max([*values, 0.0]) or 1.0)
    low, high = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + plot_w * (v - low) / (high - low)

    parts = [
        chart_open(title, description, width, height, chart_id),
        '<defs><pattern id="gt-ours-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ORANGE}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BLACK}" stroke-width="2"/></pattern></defs>',
    ]
    axis_y = top + ROW * len(placed)
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{axis_y}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{x(tick):.1f}" y="{top - 10}" text-anchor="middle" fill="{BLACK}">'
            f"{tick_label(tick)}</text>"
        )
    zero = x(0.0)
    for i, p in enumerate(placed):
        v = float(p.value)
        row_y = top + i * ROW
        start, end = min(x(v), zero), max(x(v), zero)
        fill = "url(#gt-ours-hatch)" if p.ours else BLUE
        stroke = f' stroke="{BLACK}" stroke-width="2"' if p.ours else ""
        weight = ' font-weight="bold"' if p.ours else ""
        parts.append(
            f'<text x="{left - 8}" y="{row_y + ROW * 0.68:.1f}" text-anchor="end" '
            f'fill="{BLACK}"{weight}>{escape(_short(p.name))}</text>'
            f'<rect x="{start:.1f}" y="{row_y + 3:.1f}" width="{max(end - start, 1):.1f}" '
            f'height="{ROW - 6}" fill="{fill}"{stroke}/>'
        )
    if median is not None:
        mx = x(float(median))
        parts.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top - 4}" y2="{axis_y + 4}" '
            f'stroke="{BLACK}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
    ly = height - 12
    parts.append(
        f'<rect x="{left}" y="{ly - 10}" width="14" height="12" fill="{BLUE}"/>'
        f'<text x="{left + 20}" y="{ly}" fill="{BLACK}">Other authorities</text>'
        f'<rect x="{left + 150}" y="{ly - 10}" width="14" height="12" fill="url(#gt-ours-hatch)" stroke="{BLACK}"/>'
        f'<text x="{left + 170}" y="{ly}" fill="{BLACK}">Highlighted</text>'
        f'<line x1="{left + 265}" x2="{left + 293}" y1="{ly - 4}" y2="{ly - 4}" stroke="{BLACK}" stroke-width="2" stroke-dasharray="8 5"/>'
        f'<text x="{left + 299}" y="{ly}" fill="{GREY}">Median</text>'
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
