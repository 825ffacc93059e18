"""Who may import what, asked by the import page, templates and importers.

The performance team may import every kind; anyone else only the kinds whose rule lets them
(``Kind.permission``, e.g. values: owners their own indicators, approvers the services in
their scope).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from goldenthread import access
from goldenthread.imports.registry import REGISTRY, ImportPermission

__all__ = ["ImportPermission", "import_permission"]


def import_permission(user: User | AnonymousUser | None, kind: str) -> ImportPermission:
    """What ``user`` may import of ``kind``. No user (the command line, run by whoever runs
    the server) may import everything."""
    if user is None:
        return ImportPermission(True)
    if not user.is_authenticated or not isinstance(user, User):
        return ImportPermission(False)
    if access.is_performance_team(user):
        return ImportPermission(True)
    registered = REGISTRY.get(kind)
    return registered.permission(user) if registered else ImportPermission(False)
