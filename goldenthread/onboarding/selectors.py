"""Whether the installation still needs setting up."""

from __future__ import annotations

from django.contrib.auth.models import User

from goldenthread.organisation.models import Council


def setup_open() -> bool:
    """The ``/setup/`` page answers, with no sign-in, only while the database is empty: no
    council and no account. Once anyone exists, setting up is for ``goldenthread setup`` at
    the server, so nobody on the network can make themselves an administrator."""
    return not Council.objects.exists() and not User.objects.exists()
