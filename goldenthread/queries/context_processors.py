"""Whether the navigation shows "Queries" (read only when a page's header asks)."""

from __future__ import annotations

from django.http import HttpRequest

from goldenthread.queries.selectors import has_queries


class _Flag:
    """A lazily worked-out yes or no that templates can test with ``{% if %}``."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.value: bool | None = None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = has_queries(self.request.user)
        return self.value


def queries_nav(request: HttpRequest) -> dict[str, object]:
    return {"queries_nav": _Flag(request)}
