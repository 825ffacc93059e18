"""Server-side SVG charts: text alternatives, and no line drawn across a missing period."""

from __future__ import annotations

from decimal import Decimal

from goldenthread.core.charts import BLUE, Series, line_chart_svg, sparkline_svg


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
