from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.apps import AppConfig


def _comparator_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--source", default="LG Inform", help="whose measures the file holds")
    parser.add_argument(
        "--mapping", type=Path, help="CSV of kind (measure/authority), source, ours"
    )


class BenchmarkingConfig(AppConfig):
    name = "goldenthread.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmarking"

    def ready(self) -> None:
        from goldenthread.benchmarking import lgbf, services
        from goldenthread.imports.registry import Kind, register

        def comparators(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Any:
            return services.comparators_import(
                path,
                source=options.get("source") or "LG Inform",
                mapping=options.get("mapping"),
                **kwargs,
            )

        def plain(run: Any) -> Any:
            return lambda path, *, options, **kwargs: run(path, **kwargs)

        register(
            Kind(
                "authorities",
                "UK local authorities (mySociety's uk_local_authorities.csv), keyed by GSS code",
                plain(services.authorities_import),
            )
        )
        register(
            Kind(
                "groups",
                "comparator groups: rows of group, gss_code[, kind, source]",
                plain(services.groups_import),
            )
        )
        register(
            Kind(
                "comparators",
                "comparator values: measure, authority, year, value[, numerator, denominator]",
                comparators,
                _comparator_arguments,
            )
        )
        register(
            Kind(
                "lgbf",
                "the Scottish LGBF data: a DIRECTORY with the three LGBF files",
                plain(lgbf.lgbf_import),
                accepts_directory=True,
            )
        )
