"""Which data-collection pages the signed-in user's navigation links to."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from goldenthread import access


def _links(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    team = access.is_performance_team(user)
    person = access.person_of(user)
    return {
        # Anyone but a councillor may own indicators; the page says when there is nothing due.
        "returns": team or (person is not None and person.role != person.Role.COUNCILLOR),
        "approvals": access.approves_anything(user),
        "team": team,
    }


def returns_nav(request: HttpRequest) -> dict[str, object]:
    return {"returns_nav": SimpleLazyObject(lambda: _links(request))}
