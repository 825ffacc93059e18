"""Each person's home page: what they owe, by due date, grouped by kind."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.mywork import selectors


@access.require("person.any")
def home(request: HttpRequest) -> HttpResponse:
    """My work. Partners, who see nothing of the council's but their returns, start there."""
    if not access.can(request.user, "internal.view"):
        return redirect("returns:mine")
    items = selectors.for_request(request)
    now = today()
    return render(
        request,
        "mywork/home.html",
        {
            "groups": selectors.grouped(items),
            "total": len(items),
            "overdue": sum(item.is_overdue(now) for item in items),
            "today": now,
        },
    )
