"""The council, its structure (directorates → services → sections) and its people."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from goldenthread.core.models import TimeStampedModel
from goldenthread.status import Tolerance, ToleranceKind


class CouncilQuerySet(models.QuerySet["Council"]):
    def current(self) -> Council | None:
        """The council this installation serves, or None before one is set up.

        An installation serves one council; where there are more (tests, a restored copy),
        the first made is the one, so every page and command agrees on it.
        """
        return self.order_by("pk").first()


class Council(TimeStampedModel):
    """The authority this installation serves, and its council-wide defaults."""

    name = models.CharField(max_length=200)
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True)
    # From mySociety's list when the council is set up (goldenthread.onboarding), so the
    # benchmarking defaults and the public site can say what kind of council this is.
    authority_type = models.CharField(
        "type", max_length=10, blank=True, help_text="NMD, MD, LBO, UA, CTY, SCO …"
    )
    region = models.CharField(max_length=100, blank=True)
    default_tolerance_kind = models.CharField(
        max_length=10,
        choices=[(k.value, k.value.title()) for k in ToleranceKind],
        default=ToleranceKind.PERCENT.value,
    )
    default_tolerance_amount = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        default=Decimal("5"),
        help_text="Amber band when an indicator sets no tolerance of its own.",
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(default_tolerance_amount__gte=0), name="council_tolerance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def default_tolerance(self) -> Tolerance:
        return Tolerance(ToleranceKind(self.default_tolerance_kind), self.default_tolerance_amount)


class Portfolio(TimeStampedModel):
    """A Cabinet portfolio: the services one lead member answers for
    (docs/sources.md#seed-004-5-13).

    Councillors' queries on an indicator go to the holder of its service's portfolio.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="portfolios")
    name = models.CharField(max_length=200)
    holder = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portfolios",
        limit_choices_to={"role": "councillor"},
        help_text="The Cabinet member who holds the portfolio.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="portfolio_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnit(TimeStampedModel):
    """A box on the council's structure chart: a directorate, a service or a section."""

    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"
        SECTION = "section", "Section"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=40)
    portfolio = models.ForeignKey(
        Portfolio,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text="Leave empty to follow the unit above.",
    )
    head = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="heads",
        help_text="The person who leads it (its director, head of service or manager).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="orgunit_code_unique"),
            models.CheckConstraint(
                condition=Q(kind="directorate", parent__isnull=True)
                | (~Q(kind="directorate") & Q(parent__isnull=False)),
                name="orgunit_only_directorates_at_top",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A user's place in the council: their role and the part of the organisation it covers."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator"
        PERFORMANCE = "performance", "Performance officer"
        DIRECTOR = "director", "Director"
        HEAD_OF_SERVICE = "head_of_service", "Head of service"
        OWNER = "owner", "Data owner"
        COUNCILLOR = "councillor", "Councillor"
        PARTNER = "partner", "Partner"
        STAFF = "staff", "Staff"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="people")
    role = models.CharField(max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The directorate, service or section this role covers; empty for the council.",
    )
    job_title = models.CharField(max_length=200, blank=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    scrutiny_member = models.BooleanField(
        "member of a scrutiny committee",
        default=False,
        help_text="Councillors only: may see queries referred to scrutiny.",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return person_name(self.user.first_name, self.user.last_name, self.user.get_username())


def person_name(first_name: str, last_name: str, username: str) -> str:
    """How pages name a person: their full name, or their username when they have none.

    A function of the three columns so that a page reading people as tuples (the
    scorecard's owners) names them exactly as ``Person.__str__`` does.
    """
    return f"{first_name} {last_name}".strip() or username


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_token(self, token: str) -> Invitation | None:
        """The invitation a link's token opens (any state), or None: only the token's hash is
        stored, so the token itself is never read back from the database."""
        if not token:
            return None
        return self.select_related("person__user").filter(token_hash=token_hash(token)).first()


class Invitation(TimeStampedModel):
    """An invitation for a person to choose a password and sign in, sent by email.

    The link's token is stored only as its SHA-256, so the database (or a backup of it)
    holds no working link. One row per person: resending draws a new token, so the old link
    stops working (docs/adr/0022-structure-people-invitations.md).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.person_id}"

    def state(self, now: datetime) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.PENDING


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
