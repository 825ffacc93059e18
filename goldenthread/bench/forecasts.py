"""Forecast backtest (ADR 0029): how often the 80 % interval holds the outturn, and whether the
forecast beats "same as last year". ``goldenthread bench --only forecast``.

1. **The demo council** (``goldenthread.demo``, built in a fresh SQLite database in a child
   process, with ``YEARS`` years of history): for every monthly and quarterly indicator and
   every past year with at least three complete years before it, forecast the outturn from
   the year's first half, as the indicator page and the scorecard do
   (``scorecard.forecasts``).
2. **The LGBF data** (``/work/shared/data/lgbf/lgbf_values.csv``, or
   ``GOLDENTHREAD_LGBF_VALUES``): annual values, so each council's series of each measure is
   forecast one year ahead (``forecast.year_ahead``) from the years before it.

Each is scored for the method (Student's t on the past years' adjustments) and for the
alternative it was chosen over (their median and 10th–90th percentiles, ``Empirical``): the
interval's coverage, the mean absolute error as a share of the outturn, and how often the
forecast is closer than the naive one. Figures, not a test (docs/performance.md).
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management import call_command

from goldenthread import forecast, status
from goldenthread.bench.load import child_json

TODAY = date(2025, 11, 20)
YEARS = 10
LGBF = Path("/work/shared/data/lgbf/lgbf_values.csv")
MODELS: dict[str, Callable[[Sequence[float]], forecast.Distribution]] = {
    "t": forecast.spread,
    "empirical": forecast.Empirical.of,
}


@dataclass
class Score:
    """The backtest's tally for one model."""

    forecasts: int = 0
    inside: int = 0
    errors: list[float] = field(default_factory=list)  # |forecast − outturn| ÷ |outturn|
    naive_errors: list[float] = field(default_factory=list)
    closer: int = 0  # forecasts closer to the outturn than the naive one
    skipped: int = 0  # no forecast (too little history)

    def add(self, result: forecast.Forecast, outturn: float, naive: float) -> None:
        self.forecasts += 1
        self.inside += float(result.low) <= outturn <= float(result.high)
        error, naive_error = abs(float(result.point) - outturn), abs(naive - outturn)
        self.closer += error < naive_error
        if outturn:
            self.errors.append(error / abs(outturn))
            self.naive_errors.append(naive_error / abs(outturn))

    def figures(self) -> dict[str, Any]:
        n = max(self.forecasts, 1)
        return {
            "forecasts": self.forecasts,
            "coverage": round(100 * self.inside / n, 1),
            "mae_pct": round(100 * sum(self.errors) / max(len(self.errors), 1), 1),
            "naive_mae_pct": round(100 * sum(self.naive_errors) / max(len(self.errors), 1), 1),
            "median_pct": round(100 * _median(self.errors), 1),
            "naive_median_pct": round(100 * _median(self.naive_errors), 1),
            "closer_pct": round(100 * self.closer / n, 1),
            "skipped": self.skipped,
        }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def demo(*, indicators: int = 84, years: int = YEARS) -> dict[str, Any]:
    """Build the demo council and backtest each of its in-year indicators."""
    from goldenthread.demo.builder import build_council
    from goldenthread.indicators.models import Actual, Indicator, Period
    from goldenthread.organisation.models import Council
    from goldenthread.scorecard.forecasts import HISTORY_YEARS, by_year

    call_command("migrate", verbosity=0)
    build_council(
        today=TODAY,
        password="bench-password-1",  # nosec B106  # a throwaway login in the bench's database
        indicators=indicators,
        years=years,
    )
    council = Council.objects.get()
    kinds = {kind: by_year(Period.objects.filter(kind=kind)) for kind in ("month", "quarter")}
    figures: dict[int, dict[int, status.Observation]] = defaultdict(dict)
    for indicator_id, period_id, value, numerator, denominator in Actual.objects.values_list(
        "indicator_id", "period_id", "value", "numerator", "denominator"
    ):
        figures[indicator_id][period_id] = status.Observation(value, numerator, denominator)
    scores = {name: Score() for name in MODELS}
    counted = 0
    for indicator in Indicator.objects.filter(frequency__in=kinds):
        rule = indicator.rule(council.default_tolerance)
        observations = figures[indicator.pk]
        years_of = kinds[indicator.frequency]
        outturns: dict[int, float] = {}
        for year, periods in years_of.items():
            if all(p.pk in observations for p in periods):
                outturn = status.year_to_date([observations[p.pk] for p in periods], rule)
                if outturn is not None:
                    outturns[year] = float(outturn)
        counted += 1
        for year, periods in years_of.items():
            if year not in outturns or year - 1 not in outturns:
                continue
            half = len(periods) // 2
            known = [observations.get(p.pk) for p in periods[:half]]
            past = [
                (y, [observations.get(p.pk) for p in years_of[y]])
                for y in sorted(years_of)
                if year - HISTORY_YEARS <= y < year
            ]
            for name, model in MODELS.items():
                result = forecast.year_end(
                    known, past, rule, None, periods_in_year=len(periods), model=model
                )
                if isinstance(result, forecast.Forecast):
                    scores[name].add(result, outturns[year], outturns[year - 1])
                else:
                    scores[name].skipped += 1
    return {"indicators": counted, **{name: s.figures() for name, s in scores.items()}}


def lgbf(path: Path = LGBF) -> dict[str, Any]:
    """Each council's series of each LGBF measure, forecast one year ahead."""
    series: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            try:
                value = Decimal(row["LA_IndicatorReal"])
            except (InvalidOperation, KeyError):
                continue
            if value.is_finite():
                year = int(row["Year"][:4])
                series[(row["Code"], row["LocalAuthority"])][year] = value
    rules = {
        "ratio": status.Rule(
            status.Polarity.HIGHER,
            status.Tolerance(status.ToleranceKind.PERCENT, Decimal(5)),
            decimals=6,
        ),
        "difference": status.Rule(
            status.Polarity.HIGHER,
            status.Tolerance(status.ToleranceKind.PERCENT, Decimal(5)),
            decimals=6,
            aggregation=status.Aggregation.MEAN,
        ),
    }
    scores = {f"{name}_{way}": Score() for name in MODELS for way in rules}
    for values in series.values():
        years = sorted(values)
        for year in years:
            if year - 1 not in values:
                continue
            before = [(y, values[y]) for y in years if y < year]
            outturn, naive = float(values[year]), float(values[year - 1])
            for way, rule in rules.items():
                for name, model in MODELS.items():
                    result = forecast.year_ahead(before, rule, None, model=model)
                    score = scores[f"{name}_{way}"]
                    if isinstance(result, forecast.Forecast):
                        score.add(result, outturn, naive)
                    else:
                        score.skipped += 1
    return {"series": len(series), **{name: s.figures() for name, s in scores.items()}}


def _line(label: str, figures: dict[str, Any]) -> str:
    return (
        f"  {label}: {figures['forecasts']} forecasts; 80 % interval held the outturn "
        f"{figures['coverage']} % of the time; mean absolute error {figures['mae_pct']} % of "
        f"the outturn against {figures['naive_mae_pct']} % for same as last year (median "
        f"{figures['median_pct']} % against {figures['naive_median_pct']} %); closer than it "
        f"{figures['closer_pct']} % of the time"
    )


def command(stdout: Any, options: dict[str, Any]) -> None:
    indicators = 24 if options.get("quick") else 84
    stdout.write(
        f"Forecast backtest (ADR 0029): the demo council's {indicators} indicators, {YEARS} "
        "years, each past year forecast from its first half; the LGBF data one year ahead"
    )
    with tempfile.TemporaryDirectory(prefix="gt-bench-forecast-") as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
            "GOLDENTHREAD_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "goldenthread.settings",
        }
        code = (
            "from goldenthread.bench import forecasts;"
            f"print(json.dumps(forecasts.demo(indicators={indicators})))"
        )
        figures = child_json(code, env, "forecast")
    stdout.write(f"  Demo council: {figures['indicators']} monthly and quarterly indicators")
    stdout.write(_line("Student's t (the method)", figures["t"]))
    stdout.write(_line("Empirical 10th–90th percentiles", figures["empirical"]))
    path = Path(os.environ.get("GOLDENTHREAD_LGBF_VALUES", LGBF))
    if not path.exists():
        stdout.write(f"  LGBF: {path} not found, skipped")
        return
    found = lgbf(path)
    stdout.write(f"  LGBF: {found['series']} council series, one year ahead")
    stdout.write(_line("Student's t, ratios (counts)", found["t_ratio"]))
    stdout.write(_line("Student's t, differences (rates)", found["t_difference"]))
    stdout.write(_line("Empirical, ratios", found["empirical_ratio"]))
    stdout.write(_line("Empirical, differences", found["empirical_difference"]))
