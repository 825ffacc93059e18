"""Who may import what, asked by the import page, templates and importers.

The rules are ``goldenthread.access``'s: the performance team may import every kind; anyone
else may import values only, for the indicators whose returns they may enter (their own) or
approve (heads of service and directors: the services their scope covers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from goldenthread import access

__all__ = ["ImportPermission", "import_permission"]


@dataclass(frozen=True)
class ImportPermission:
    """``allowed``: may import this kind at all. ``indicators``: the indicators they may
    touch (None for every indicator)."""

    allowed: bool
    indicators: Q | None = None


def import_permission(user: User | AnonymousUser | None, kind: str) -> ImportPermission:
    """What ``user`` may import of ``kind``. No user (the command line, run by whoever runs
    the server) may import everything."""
    if user is None:
        return ImportPermission(True)
    if not user.is_authenticated or not isinstance(user, User):
        return ImportPermission(False)
    if access.is_performance_team(user):
        return ImportPermission(True)
    person = access.person_of(user)
    if kind != "values" or person is None:
        return ImportPermission(False)
    mine = Q(owner=person)
    if person.role in access.APPROVER_ROLES:
        parents = access.unit_parents()
        units = [pk for pk in parents if access.covers(person.scope_id, pk, parents)]
        mine |= Q(service_id__in=units)
    elif not person.indicators.exists():
        return ImportPermission(False)  # owns nothing and approves nothing
    return ImportPermission(True, mine)
