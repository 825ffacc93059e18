"""Decision bodies, their meetings, the reporting matrix, exception settings and referrals.

The reporting matrix is docs/sources.md#seed-002-appendix-5: for each indicator, which bodies
receive it and how many times a year, with the reporting format and comments. Referral by
exception is docs/sources.md#seed-002-appendix-4: a lead member or scrutiny committee refers an
indicator to Cabinet, and it is in Cabinet's next pack.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from goldenthread import exception_rules
from goldenthread.core.models import TimeStampedModel
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council
from goldenthread.periods import MONTH_NAMES


class Body(TimeStampedModel):
    """A body performance is reported to: Council, Cabinet, a scrutiny committee, a lead
    member, a director, a management team, a team meeting, the LSP board."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        PANEL = "panel", "Panel or forum"
        LEAD_MEMBER = "lead_member", "Lead member (portfolio holder)"
        DIRECTOR = "director", "Director"
        SMG_DMT = "smg_dmt", "SMG / DMT"
        ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
        SMM = "smm", "Senior managers' meeting"
        TEAM = "team", "Team meeting"
        LSP_BOARD = "lsp_board", "LSP board"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=30, help_text="The matrix column heading, e.g. 'Scrutiny' or 'A.D.'"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Column order in the matrix")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="body_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_refer(self) -> bool:
        """Lead members and scrutiny committees refer indicators to Cabinet
        (docs/sources.md#seed-002-appendix-4)."""
        return self.kind in (self.Kind.LEAD_MEMBER, self.Kind.SCRUTINY)


class Meeting(TimeStampedModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="meeting_body_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%-d %B %Y}"


class MatrixEntry(TimeStampedModel):
    """One cell of the reporting matrix: ``body`` receives ``indicator`` n times a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reporting")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="matrix")
    times_per_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="How many times a year the body receives it (1 to 52)",
    )
    format = models.CharField("reporting format", max_length=200, blank=True)
    comments = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["body__position", "pk"]
        verbose_name_plural = "matrix entries"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "body"], name="matrix_entry_unique"),
            models.CheckConstraint(
                condition=models.Q(times_per_year__gte=1, times_per_year__lte=52),
                name="matrix_times_per_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} to {self.body}: {self.times_per_year} a year"

    @property
    def audit_scope(self) -> str:
        return f"indicators.indicator:{self.indicator_id}"

    def clean(self) -> None:
        if self.indicator_id and self.body_id and self.indicator.council_id != self.body.council_id:
            raise ValidationError({"body": "The body must belong to the indicator's council."})


class ExceptionPolicy(TimeStampedModel):
    """A council's exception settings (``goldenthread.exception_rules.Policy``)."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="exception_policy"
    )
    worsening_periods = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    static_periods = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    missed_periods = models.PositiveSmallIntegerField(
        "consistently missed after (periods)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    report_red = models.BooleanField(default=True)
    report_worsening = models.BooleanField(default=True)
    report_static = models.BooleanField(default=True)
    report_missed = models.BooleanField(default=True)
    report_missing = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "exception policies"

    def __str__(self) -> str:
        return f"Exception rules for {self.council}"

    def as_policy(self) -> exception_rules.Policy:
        Rule = exception_rules.ExceptionRule
        switches = {
            Rule.RED: self.report_red,
            Rule.WORSENING: self.report_worsening,
            Rule.STATIC: self.report_static,
            Rule.MISSED: self.report_missed,
            Rule.MISSING: self.report_missing,
        }
        return exception_rules.Policy(
            worsening_periods=self.worsening_periods,
            static_periods=self.static_periods,
            missed_periods=self.missed_periods,
            enabled=frozenset(rule for rule, on in switches.items() if on),
        )


class Referral(TimeStampedModel):
    """An indicator referred by exception from one body to another (usually Cabinet).

    It appears in the receiving body's next pack: the first meeting on or after the day it
    was referred (``referred_on``).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="referrals")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="referrals")
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="referrals_made")
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="referrals_received")
    note = models.TextField(help_text="Why it is referred and what the body asks for")
    referred_on = models.DateField()
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator.code} referred by {self.from_body} to {self.to_body}"

    @property
    def audit_scope(self) -> str:
        return f"indicators.indicator:{self.indicator_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.note.strip():
            errors["note"] = "Say why the indicator is referred."
        if self.from_body_id and self.to_body_id:
            if self.from_body_id == self.to_body_id:
                errors["to_body"] = "A body cannot refer an indicator to itself."
            elif not self.from_body.can_refer:
                errors["from_body"] = (
                    "Only a lead member or a scrutiny committee refers indicators."
                )
            elif self.to_body.kind != Body.Kind.CABINET:
                errors["to_body"] = "Indicators are referred to Cabinet."
        if errors:
            raise ValidationError(errors)


class FinanceFigure(TimeStampedModel):
    """A service's budget, spend to date and year-end forecast at the end of a quarter (£)."""

    service = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="finance"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="finance")
    budget = models.DecimalField("annual budget", max_digits=14, decimal_places=2)
    spend_to_date = models.DecimalField(max_digits=14, decimal_places=2)
    forecast = models.DecimalField("year-end forecast", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["period__start", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "period"], name="finance_service_period"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.period}"

    @property
    def variance(self) -> Decimal:
        """Forecast over (+) or under (−) budget."""
        return self.forecast - self.budget


class UnitCost(TimeStampedModel):
    """Value for money: a service's spend divided by an output indicator's year to date."""

    service = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.CASCADE, related_name="unit_costs"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="unit_costs")
    label = models.CharField(max_length=200, help_text="e.g. 'Cost per household collected'")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "indicator"], name="unit_cost_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class ChallengeSession(TimeStampedModel):
    """A meeting that challenges performance: a quarterly performance evaluation, a rolling
    review of a directorate (docs/sources.md#seed-002-appendix-4) or a challenge board
    (docs/sources.md#seed-003-r10)."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly performance evaluation"
        ROLLING = "rolling", "Rolling review"
        BOARD = "board", "Challenge board"

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="challenge_sessions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%-d %B %Y})"


class Challenge(TimeStampedModel):
    """A challenge on an indicator, its answer and decision, followed up to closure."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    session = models.ForeignKey(
        ChallengeSession, on_delete=models.CASCADE, related_name="challenges"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="challenges")
    challenge = models.TextField(
        help_text="e.g. 'Service head to explain and bring an improvement plan'"
    )
    owner = models.CharField("who answers", max_length=200)
    due = models.DateField("answer due")
    answer = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "answered", "closed"]),
                name="challenge_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.challenge[:60]}"

    @property
    def audit_scope(self) -> str:
        return f"indicators.indicator:{self.indicator_id}"

    def clean(self) -> None:
        if not self.challenge.strip():
            raise ValidationError({"challenge": "Write the challenge."})
        if self.status == self.Status.ANSWERED and not self.answer.strip():
            raise ValidationError({"answer": "Write the answer before marking it answered."})
        if self.status == self.Status.CLOSED and not self.decision.strip():
            raise ValidationError({"decision": "Record the decision that closes the challenge."})


class CycleEvent(TimeStampedModel):
    """One step of the annual planning and review cycle (docs/sources.md#seed-001-appendix-1;
    docs/sources.md#seed-002-appendix-3): in a month, an activity, the body it goes to, and who
    owns it."""

    class Strand(models.TextChoices):
        BUDGET = "budget", "Budget and medium-term financial strategy"
        BUSINESS_PLANS = "business_plans", "Business plans"
        SCORECARD = "scorecard", "Corporate scorecard"
        CORPORATE_PLAN = "corporate_plan", "Corporate plan"
        COMMUNITY_STRATEGY = "community_strategy", "Community strategy"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="cycle")
    month = models.PositiveSmallIntegerField(
        choices=list(enumerate(MONTH_NAMES, 1)),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    strand = models.CharField(max_length=30, choices=Strand.choices)
    activity = models.CharField(max_length=300)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["month", "day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="cycle_month_range"
            ),
        ]

    def __str__(self) -> str:
        return self.activity
