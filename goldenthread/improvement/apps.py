from __future__ import annotations

from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "goldenthread.improvement"
    label = "improvement"
    verbose_name = "Improvement: action plans, risk registers and projects"

    def ready(self) -> None:
        from goldenthread.improvement import importers  # noqa: F401  registers the kind
