"""The improvement import kind: an action plan (``transfer.py`` reads and writes the file).

Imported by ``ImprovementConfig.ready()``; the ``register`` line is the kind.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from goldenthread.imports.registry import Kind, Report, register
from goldenthread.improvement import transfer


def _arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--ref", help="import under this reference instead of the file's")


def _actionplan(path: Path, *, options: dict[str, Any], **kwargs: Any) -> Report:
    return transfer.actionplan_import(path, ref=options.get("ref") or "", **kwargs)


ACTIONPLAN = register(
    Kind(
        name="actionplan",
        help="an action plan: rows of plan, key, recommendation, action and progress",
        run=_actionplan,
        add_arguments=_arguments,
    )
)
