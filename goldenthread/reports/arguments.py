"""What the ``report`` and ``export`` commands make of their arguments: the quarter, council
and the file to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from goldenthread.core.outfiles import OutputError, write_out
from goldenthread.indicators.models import Period
from goldenthread.organisation.models import Council


def period_code(text: str) -> str:
    """Accept the written form (2025/26-Q2) as well as the code (2025-26-Q2)."""
    code = text.strip().replace("/", "-")
    if not Period.objects.filter(code=code, kind="quarter").exists():
        raise CommandError(f"--period {text!r} is not a quarter; use a code like 2025/26-Q2")
    return code


def council() -> Council:
    found = Council.objects.current()
    if found is None:
        raise CommandError("There is no council yet: run `goldenthread demo` or set one up")
    return found


def add_out(parser: CommandParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def write_file(options: dict[str, Any], write: Callable[[Path], object]) -> Path:
    """Write ``--out`` (see ``goldenthread.core.outfiles``); a problem is a one-line error."""
    try:
        return write_out(options["out"], write, force=options["force"])
    except OutputError as error:
        raise CommandError(str(error)) from error
