"""Who may enter, approve and sign off returns. One place, so every view and service agrees.

- A return is entered by the indicator's owner, or by the performance team on their behalf.
- It is approved by a head of service or director whose scope covers the indicator's
  service, or by the performance team — never by the person who submitted it.
- Periods are signed off and locks overridden by the performance team (and administrators).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser, User

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Person

Actor = User | AnonymousUser
# Each org unit's parent (None at the top), read once per request by ``selectors.unit_parents``.
Parents = Mapping[int, int | None]

APPROVER_ROLES = frozenset({Person.Role.HEAD_OF_SERVICE, Person.Role.DIRECTOR})
TEAM_ROLES = frozenset({Person.Role.PERFORMANCE, Person.Role.ADMIN})


def person_of(user: Actor) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_performance_team(user: Actor) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    person = person_of(user)
    return person is not None and person.role in TEAM_ROLES


def covers(scope_id: int | None, unit_id: int, parents: Parents) -> bool:
    """Whether a scope (an org unit; None = the whole council) contains ``unit_id``."""
    if scope_id is None:
        return True
    current: int | None = unit_id
    for _ in range(len(parents) + 1):  # the tree is shallow; this bounds a malformed one
        if current is None:
            return False
        if current == scope_id:
            return True
        current = parents.get(current)
    return False


def can_enter(user: Actor, indicator: Indicator) -> bool:
    if is_performance_team(user):
        return True
    person = person_of(user)
    return person is not None and indicator.owner_id == person.pk


def can_approve(user: Actor, indicator: Indicator, parents: Parents) -> bool:
    if is_performance_team(user):
        return True
    person = person_of(user)
    return (
        person is not None
        and person.role in APPROVER_ROLES
        and covers(person.scope_id, indicator.service_id, parents)
    )


def approves_anything(user: Actor) -> bool:
    person = person_of(user)
    return is_performance_team(user) or (person is not None and person.role in APPROVER_ROLES)
