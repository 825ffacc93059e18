from __future__ import annotations

from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "goldenthread.benchmarking"
    label = "benchmarking"
    verbose_name = "Benchmarking"

    def ready(self) -> None:
        from goldenthread.benchmarking import importers  # noqa: F401  registers the kinds
