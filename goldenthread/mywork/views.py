"""Each person's home page: what they owe, by due date, grouped by kind."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goldenthread import access
from goldenthread.core.clock import today
from goldenthread.mywork import selectors
from goldenthread.organisation.models import OrgUnit


@access.require("person.any")
def home(request: HttpRequest) -> HttpResponse:
    """The landing page. Partners, who see nothing of the council's but their returns, start
    there; directors, the chief executive and the performance team on their dashboard
    (``goldenthread.dashboards``, which links back to My work); everyone else on My work."""
    if not access.can(request.user, "internal.view"):
        return redirect("returns:mine")
    if access.can(request.user, "dashboards.view"):
        return redirect("dashboards:dashboard")
    return _my_work(request)


@access.require("internal.view")
def my_work(request: HttpRequest) -> HttpResponse:
    """My work, at its own address for those who land on a dashboard."""
    return _my_work(request)


def _my_work(request: HttpRequest) -> HttpResponse:
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
            "scorecard_query": _service_query(request),
        },
    )


def _service_query(request: HttpRequest) -> str:
    """An owner's or head of service's own service, for the link to its scorecard."""
    person = access.person_of(request.user)
    if person is None or person.scope_id is None:
        return ""
    unit = OrgUnit.objects.filter(pk=person.scope_id).values_list("kind", "parent_id").first()
    if unit is None:
        return ""
    kind, parent_id = unit
    if kind == OrgUnit.Kind.DIRECTORATE:
        return f"directorate={person.scope_id}"
    return f"service={person.scope_id if kind == OrgUnit.Kind.SERVICE else parent_id}"
