"""The forecast backtest's scoring (goldenthread.bench.forecasts), on a small LGBF-shaped file."""

from __future__ import annotations

from pathlib import Path

from goldenthread.bench import forecasts

HEADER = "Code,LocalAuthority,Year,LA_IndicatorReal\n"


def test_a_steadily_growing_series_is_forecast_exactly_and_beats_same_as_last_year(
    tmp_path: Path,
) -> None:
    # 100, 110, 121, ... (10 % a year) for six years: from the fifth year on there are three
    # year-on-year changes before it, so years 5 and 6 are forecast, both exactly (ratio
    # 1.1 each year, no spread), each closer than "same as last year".
    rows = [f"X1,Town,{2010 + i}-{11 + i},{100 * 1.1**i:.6f}\n" for i in range(6)]
    rows.append("X1,Town,2016-17,not a number\n")
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    found = forecasts.lgbf(path)
    ratio = found["t_ratio"]
    assert found["series"] == 1
    assert ratio["forecasts"] == 2 and ratio["skipped"] == 3
    assert ratio["coverage"] == 100.0 and ratio["closer_pct"] == 100.0
    assert ratio["mae_pct"] == 0.0 and ratio["naive_mae_pct"] > 9
    # A constant rise of 10 % is not a constant difference: the differences' forecast misses.
    assert found["t_difference"]["mae_pct"] > 0
