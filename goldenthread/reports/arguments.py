"""What the ``report`` and ``export`` commands make of their arguments: the quarter and council."""

from __future__ import annotations

from django.core.management.base import CommandError

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
