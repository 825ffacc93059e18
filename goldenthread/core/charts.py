"""Charts drawn on the server as SVG, so they show without JavaScript and print in reports.

Every chart has a text alternative (``<title>`` and ``<desc>``) and, on the page, a data table
with the same figures. Series differ by line style and marker as well as colour, so they can
be told apart in greyscale and by people who do not see colour.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

BLUE, ORANGE, GREY, BLACK = "#1d70b8", "#f47738", "#505a5f", "#0b0c0c"


def _bounds(values: Sequence[Decimal | float | None]) -> tuple[float, float]:
    present = [float(v) for v in values if v is not None]
    if not present:
        return 0.0, 1.0
    low, high = min(present), max(present)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    return low, high


def _polylines(points: Sequence[str | None], style: str) -> str:
    """Lines through the points (each ``"x,y"``), broken where a point is missing (never drawn
    across a gap)."""
    runs: list[list[str]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return "".join(
        f'<polyline points="{" ".join(run)}" fill="none" {style}/>' for run in runs if len(run) > 1
    )


@functools.cache
def _sparkline_xs(count: int, width: int) -> tuple[str, ...]:
    """The x of each of ``count`` points across ``width``: the same for every sparkline of a
    scorecard, so formatted once."""
    step = width / max(count - 1, 1)
    return tuple(f"{i * step:.1f}" for i in range(count))


def sparkline_svg(
    values: Sequence[Decimal | None], description: str, width: int = 96, height: int = 24
) -> str:
    """A small trend line; gaps where a period has no value; lone values as dots; the last
    point marked."""
    # Each value converted and each coordinate formatted once: a scorecard draws 800 of these.
    floats = [None if v is None else float(v) for v in values]
    low, high = _bounds(floats)
    ys = [
        None if v is None else f"{2 + (height - 4) * (1 - (v - low) / (high - low)):.1f}"
        for v in floats
    ]
    xs = _sparkline_xs(len(values), width)
    lines = _polylines(
        [None if y is None else f"{x},{y}" for x, y in zip(xs, ys, strict=True)],
        f'stroke="{BLUE}" stroke-width="2"',
    )
    # A value with no neighbour has no line through it: draw it as a dot so it is not lost.
    last = len(ys) - 1
    dots = "".join(
        f'<circle cx="{xs[i]}" cy="{y}" r="1.5" fill="{BLUE}"/>'
        for i, y in enumerate(ys)
        if y is not None
        and (i == 0 or ys[i - 1] is None)
        and i < last  # the last value gets its own marker below
        and ys[i + 1] is None
    )
    if ys and ys[-1] is not None:
        dots += f'<circle cx="{xs[-1]}" cy="{ys[-1]}" r="2.5" fill="{BLACK}"/>'
    return (
        f'<svg class="gt-sparkline" width="{width}" height="{height}" viewBox="-3 0 {width + 6} {height}" '
        f'role="img" aria-label="{escape(description)}" focusable="false">{lines}{dots}</svg>'
    )


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | None]
    colour: str
    dash: str = ""
    marker: str = "circle"  # circle, square, diamond or none


def tick_label(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if v == int(v):
        return f"{int(v)}"
    return f"{v:.4f}".rstrip("0").rstrip(".")


def chart_open(title: str, description: str, width: int, height: int, chart_id: str) -> str:
    """An accessible chart's opening: an SVG image named by its title and description."""
    return (
        f'<svg class="gt-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="arial, sans-serif" font-size="13">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round-numbered ticks (steps of 1, 2, 2.5 or 5 × a power of ten) from
    a multiple of the step at or below ``low`` to one at or above ``high``: an axis reads
    0, 50, 100, 150, never 178,610 or 1.7333."""
    if high <= low:
        high = low + 1.0
    rough = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * 0.999)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(k * step, 10) for k in range(first, max(last, first + 1) + 1)]


def gridlines(
    low: float, high: float, y: Callable[[float], float], x_from: float, x_to: float
) -> list[str]:
    """Labelled horizontal gridlines at the round-numbered ticks between ``low`` and
    ``high`` (``nice_ticks``; give bounds from it for lines at both edges)."""
    lines = []
    for v in nice_ticks(low, high):
        if v < low - 1e-9 or v > high + 1e-9:
            continue
        lines.append(
            f'<line x1="{x_from}" x2="{x_to}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{x_from - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="{BLACK}">{tick_label(v)}</text>'
        )
    return lines


def line_chart_svg(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
    chart_id: str = "chart",
) -> str:
    """A line chart of several series over the same periods, with axes, gridlines and a legend."""
    # Room on the right for half of the last period label, which is centred on its point.
    left, right, top, bottom = 56, 40, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    all_values = [v for s in series for v in s.values]
    low, high = _bounds(all_values)
    if low > 0 and low < high * 0.5:
        low = 0.0
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    step = plot_w / max(len(categories) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [chart_open(title, description, width, height, chart_id)]
    parts += gridlines(low, high, y, left, width - right)
    for i, label in enumerate(categories):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="{BLACK}">{escape(label)}</text>'
        )
    for s in series:
        gapped = [None if v is None else (x(i), y(float(v))) for i, v in enumerate(s.values)]
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(
            _polylines(
                [None if p is None else f"{p[0]:.1f},{p[1]:.1f}" for p in gapped],
                f'stroke="{s.colour}" stroke-width="3"{dash}',
            )
        )
        for px, py in (point for point in gapped if point is not None):
            if s.marker == "circle":
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{s.colour}"/>')
            elif s.marker == "square":
                parts.append(
                    f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{s.colour}"/>'
                )
            elif s.marker == "diamond":
                parts.append(
                    f'<polygon points="{px:.1f},{py - 5:.1f} {px + 5:.1f},{py:.1f} {px:.1f},{py + 5:.1f} '
                    f'{px - 5:.1f},{py:.1f}" fill="{s.colour}"/>'
                )
    legend_x = left
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        ly = height - 16
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 28}" y1="{ly}" y2="{ly}" stroke="{s.colour}" stroke-width="3"{dash}/>'
            f'<text x="{legend_x + 34}" y="{ly + 4}" fill="{BLACK}">{escape(s.name)}</text>'
        )
        legend_x += 40 + 8 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)


def labelled_bars_svg(
    *,
    title: str,
    description: str,
    bars: Sequence[tuple[str, int, str]],
    width: int = 640,
    chart_id: str = "bars",
) -> str:
    """Horizontal bars, one for each (label, count, colour), each named and counted in words
    beside it, so the colour is never the only way to tell them apart (issue 19's IPR)."""
    left, right, row, top = 150, 60, 34, 8
    height = top * 2 + row * max(len(bars), 1)
    most = max((count for _, count, _ in bars), default=0) or 1
    plot_w = width - left - right
    parts = [chart_open(title, description, width, height, chart_id)]
    for i, (label, count, colour) in enumerate(bars):
        y = top + i * row
        length = plot_w * count / most
        parts.append(
            f'<text x="{left - 8}" y="{y + row / 2 + 5:.1f}" text-anchor="end" fill="{BLACK}">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" '
            f'fill="{colour}" stroke="{BLACK}" stroke-width="1"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + row / 2 + 5:.1f}" fill="{BLACK}" '
            f'font-weight="bold">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
