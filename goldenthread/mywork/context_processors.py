"""The counts on the navigation ("My work (5)", "Approvals (3)"), read only when a page's
header shows them, and once per request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from goldenthread import access
from goldenthread.mywork.selectors import nav_counts


def work_nav(request: HttpRequest) -> dict[str, object]:
    def counts() -> object:
        if not access.can(request.user, "internal.view"):
            return None
        return nav_counts(request)

    return {
        "work_nav": SimpleLazyObject(counts),
        # The Dashboard item, for those who have one (goldenthread.dashboards).
        "dashboard_nav": SimpleLazyObject(lambda: access.can(request.user, "dashboards.view")),
    }
