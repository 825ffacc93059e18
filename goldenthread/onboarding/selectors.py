"""Whether the installation still needs setting up."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Q

from goldenthread.organisation.models import Council, Invitation, OrgUnit


def setup_open() -> bool:
    """The ``/setup/`` page answers, with no sign-in, only while the database is empty: no
    council and no account. Once anyone exists, setting up is for ``goldenthread setup`` at
    the server, so nobody on the network can make themselves an administrator."""
    return not Council.objects.exists() and not User.objects.exists()


# The invitations page shows this many; the filters narrow the rest.
INVITATIONS_SHOWN = 500


def invitation_rows(
    *, council: Council, unit: OrgUnit | None, state: str, now: datetime
) -> tuple[list[Invitation], int]:
    """The council's invitations, newest first, with their person, account and unit, in two
    queries however many: the first ``INVITATIONS_SHOWN`` and how many there are in all.
    ``unit`` narrows to the people in it and the units under it; ``state`` to one state."""
    rows = Invitation.objects.filter(person__council=council)
    if unit is not None:
        rows = rows.filter(
            Q(person__scope=unit)
            | Q(person__scope__parent=unit)
            | Q(person__scope__parent__parent=unit)
        )
    waiting = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    by_state: dict[str, Q] = {
        Invitation.State.ACCEPTED: Q(accepted_at__isnull=False),
        Invitation.State.REVOKED: Q(accepted_at__isnull=True, revoked_at__isnull=False),
        Invitation.State.EXPIRED: waiting & Q(expires_at__lte=now),
        Invitation.State.PENDING: waiting & Q(expires_at__gt=now),
    }
    rows = rows.filter(by_state.get(state, Q()))
    shown = list(
        rows.select_related("person__user", "person__scope", "invited_by").order_by(
            "person__scope__name", "person__user__last_name", "person__user__first_name", "pk"
        )[:INVITATIONS_SHOWN]
    )
    return shown, rows.count()
