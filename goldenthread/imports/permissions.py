"""Who may import what: the one place the rule lives (pages, templates and importers ask here).

The performance team (and administrators and staff users) may import every kind. Anyone else
with a place in the council may import values only: for indicators they own, and — for heads
of service and directors — for indicators of the services their role covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from goldenthread.organisation.models import Person

__all__ = ["ImportPermission", "import_permission"]

TEAM_ROLES = frozenset({Person.Role.ADMIN, Person.Role.PERFORMANCE})
SCOPED_ROLES = frozenset({Person.Role.HEAD_OF_SERVICE, Person.Role.DIRECTOR})


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
    person = Person.objects.filter(user=user).first()
    if user.is_superuser or user.is_staff or (person and person.role in TEAM_ROLES):
        return ImportPermission(True)
    if kind != "values" or person is None:
        return ImportPermission(False)
    mine = Q(owner=person)
    scoped = person.role in SCOPED_ROLES and person.scope_id
    if not scoped and not person.indicators.exists():
        return ImportPermission(False)  # owns nothing and covers no service
    if scoped:
        scope = person.scope_id
        mine |= Q(service_id=scope) | Q(service__parent_id=scope) | Q(service__parent__parent=scope)
    return ImportPermission(True, mine)
