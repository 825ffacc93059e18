from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "goldenthread.improvement"
    label = "improvement"
    verbose_name = "Improvement: action plans, risk registers and projects"

    def ready(self) -> None:
        from goldenthread.imports.registry import Kind, register

        def actionplan(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Any:
            from goldenthread.improvement import transfer

            return transfer.actionplan_import(path, ref=options.get("ref") or "", **kwargs)

        def arguments(parser: Any) -> None:
            parser.add_argument("--ref", help="import under this reference instead of the file's")

        register(
            Kind(
                "actionplan",
                "an action plan: rows of plan, key, recommendation, action and progress",
                actionplan,
                arguments,
            )
        )
