"""API clients: the source systems that read and write through ``/api/v1/``.

Each client has one bearer token, stored only as its SHA-256 (the secret is shown once), and
a service user of its own so that every write is made and audited in its name through the
same services as the forms (docs/adr/0016-rest-api.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from goldenthread.core.models import TimeStampedModel
from goldenthread.organisation.models import Council, OrgUnit


class ApiClient(TimeStampedModel):
    """A source system allowed to use the API for some services of one council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="api_clients")
    name = models.CharField(max_length=100, help_text="e.g. the system's name: “Civica waste”")
    # The client's own user: the actor of its writes and the name in the audit trail. It has
    # no password and no person, so it can never sign in to the website.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    services = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="api_clients",
        help_text="The services (and their sections) it may touch; none means none.",
    )
    whole_council = models.BooleanField(
        default=False, help_text="May touch every service of the council."
    )
    may_write = models.BooleanField(
        default=False, help_text="May write values and targets as well as read."
    )
    # The token is "gt_<prefix>_<secret>": the prefix finds the row, the hash checks the rest.
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="api_client_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @cached_property
    def service_ids(self) -> list[int]:
        """The services it was given, read once per request (``access.client_covers``)."""
        return list(self.services.values_list("pk", flat=True))
