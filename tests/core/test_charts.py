"""Server-side SVG charts: text alternatives, and no line drawn across a missing period."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from goldenthread.benchmarking.charts import comparator_chart_svg
from goldenthread.benchmarking.selectors import Placed
from goldenthread.core.charts import BLUE, Series, line_chart_svg, nice_ticks, sparkline_svg


def test_sparkline_breaks_its_line_where_a_period_has_no_value() -> None:
    svg = sparkline_svg([Decimal(1), Decimal(2), None, Decimal(3), Decimal(4)], "Trend")
    assert svg.count("<polyline") == 2


def test_sparkline_of_a_single_value_draws_a_point_and_no_line() -> None:
    svg = sparkline_svg([None, Decimal(5)], "Trend")
    assert "<polyline" not in svg and svg.count("<circle") == 1


def test_sparkline_text_alternative_is_escaped() -> None:
    svg = sparkline_svg([Decimal(1), Decimal(2)], 'Trend for "BV 8" <b>')
    assert 'aria-label="Trend for &quot;BV 8&quot; &lt;b&gt;"' in svg


def test_line_chart_has_title_description_and_a_legend_entry_per_series() -> None:
    svg = line_chart_svg(
        title="NI 192 Household waste recycled",
        description="Actual and target by quarter",
        categories=["Q1", "Q2", "Q3", "Q4"],
        series=[
            Series("Actual", [Decimal(40), Decimal(42), None, None], BLUE),
            Series("Target", [Decimal(45)] * 4, "#000", dash="8 5", marker="square"),
        ],
        chart_id="waste",
    )
    assert 'aria-labelledby="waste-title waste-desc"' in svg
    assert '<title id="waste-title">NI 192 Household waste recycled</title>' in svg
    assert ">Actual</text>" in svg and ">Target</text>" in svg
    assert svg.count("<rect") == 4  # one square marker per target point
    assert svg.count("<circle") == 2  # actual points only where there is a value


def test_sparkline_draws_a_lone_value_between_gaps_as_a_dot() -> None:
    svg = sparkline_svg([None, Decimal(3), None, Decimal(4), Decimal(5)], "Trend")
    assert svg.count('r="1.5"') == 1  # the lone 3
    assert svg.count("<polyline") == 1  # 4 to 5


@given(
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.floats(min_value=1e-3, max_value=1e7, allow_nan=False),
)
def test_ticks_are_round_evenly_spaced_and_cover_the_range(low: float, span: float) -> None:
    assume(span > abs(low) * 1e-6)  # a range a chart shows, not float noise on a big figure
    high = low + span
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 7
    step = ticks[1] - ticks[0]
    assert ticks[0] <= low + step * 1e-6 and ticks[-1] >= high - step * 1e-6
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))


def test_an_axis_of_large_counts_reads_in_round_numbers() -> None:
    """Issue 19: ticks such as 178,610 on a cut-off axis."""
    assert nice_ticks(178_610, 412_345) == [100_000, 200_000, 300_000, 400_000, 500_000]
    svg = line_chart_svg(
        title="Visits",
        description="Visits by quarter",
        categories=["Q1", "Q2"],
        series=[Series("Actual", [Decimal(178_610), Decimal(412_345)], BLUE)],
    )
    labels = re.findall(r'text-anchor="end" fill="#0b0c0c">([\d,.]+)</text>', svg)
    assert labels == ["0", "200,000", "400,000", "600,000"]


def test_every_comparator_bar_is_named() -> None:
    placed = [
        Placed(name=f"Authority {i}", value=Decimal(10 + i), ours=(i == 3)) for i in range(13)
    ]
    svg = comparator_chart_svg(
        title="Recycling", description="13 authorities", placed=placed, median=Decimal(16)
    )
    for p in placed:
        assert f">{p.name}</text>" in svg
    assert svg.count('fill="url(#gt-ours-hatch)"') == 2  # ours' bar and the legend
