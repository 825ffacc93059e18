"""Councillors' performance queries (docs/sources.md#seed-004-5-13): raised with the portfolio
holder and the responsible officer, answered, then closed or referred to scrutiny.

"Members should raise performance issues first with the relevant portfolio holder. Only if
having exhausted every avenue and still not being satisfied shall the matter be brought to
the attention of Scrutiny and Overview Committee."
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from goldenthread.core.models import TimeStampedModel
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council, Person, Portfolio


class QueryState(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    DRAFTED = "drafted", "Officer's answer drafted"
    # Who answered is shown beside the step, by name and capacity (``selectors.timeline``):
    # the performance team answers where no one holds the portfolio, so the state cannot
    # name the portfolio holder.
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"
    REFERRED = "referred", "Referred to scrutiny"


class Query(TimeStampedModel):
    """A councillor's question on an indicator (optionally one period's figure).

    Routed when raised to the holder of the portfolio the indicator's service answers to and
    to the indicator's owner (the responsible officer); both are stored, so a later change of
    portfolio or owner does not move a query already raised. ``version`` goes up with every
    step, so two people answering at once cannot overwrite each other.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="queries")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="queries")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="queries"
    )
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="queries_raised")
    question = models.TextField()
    portfolio = models.ForeignKey(
        Portfolio, null=True, blank=True, on_delete=models.SET_NULL, related_name="queries"
    )
    holder = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queries_to_answer",
        help_text="The portfolio holder when the query was raised.",
    )
    officer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="queries_to_draft",
        help_text="The responsible officer (the indicator's owner) when the query was raised.",
    )
    state = models.CharField(max_length=20, choices=QueryState.choices, default=QueryState.OPEN)
    draft_answer = models.TextField("officer's draft answer", blank=True)
    answer = models.TextField("portfolio holder's answer", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    referral_reason = models.TextField("why it goes to scrutiny", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name_plural = "queries"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=QueryState.values), name="query_state_valid"
            ),
            # Scrutiny only after the portfolio holder has answered (docs/sources.md#seed-004-5-13).
            models.CheckConstraint(
                condition=~Q(state=QueryState.REFERRED) | (~Q(answer="") & ~Q(referral_reason="")),
                name="query_referred_only_after_an_answer",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_on"])]

    def __str__(self) -> str:
        return f"Query {self.pk} on {self.indicator.code}"

    @property
    def audit_scope(self) -> str:
        return f"queries.query:{self.pk}"


class QueryStep(models.TextChoices):
    """The steps on a query's timeline."""

    RAISED = "raised", "Raised"
    DRAFTED = "drafted", "Answer drafted"
    ANSWERED = "answered", "Answered"
    FOLLOWED_UP = "followed_up", "Follow-up question"
    CLOSED = "closed", "Closed"
    REFERRED = "referred", "Referred to scrutiny"


class QueryEvent(models.Model):
    """One step in a query's life, for its timeline: who, when, what they wrote.

    Written by the services with the step itself; never changed afterwards.
    """

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(max_length=20, choices=QueryStep.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=QueryStep.values),
                name="query_event_step_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.at:%d %b %Y %H:%M})"
