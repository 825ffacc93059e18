"""Performance indicators, the periods they are reported for, their targets and actuals."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from goldenthread import checks, status
from goldenthread.core.audit import plain
from goldenthread.core.models import TimeStampedModel
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import PeriodKind, financial_year_label


def is_a_number(field: str) -> Q:
    """A check that holds for numbers and NULL but not for text.

    PostgreSQL's numeric type refuses text by itself; SQLite would store it, but text never
    equals itself plus zero there, so the same check refuses it on both.
    """
    return Q(**{field: F(field) + 0}) | Q(**{f"{field}__isnull": True})


def choices_of(enum: type[status.StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, getattr(member, "label", member.value)) for member in enum]


def in_choices(field: str, choices: list[tuple[str, str]]) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices]})


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    NUMBER = "number", "Number"
    DAYS = "days", "Days"
    WEEKS = "weeks", "Weeks"
    HOURS = "hours", "Hours"
    POUNDS = "pounds", "£"
    RATE_PER_1000 = "per_1000", "Rate per 1,000"
    RATE_PER_100000 = "per_100000", "Rate per 100,000"
    SCORE = "score", "Score"


RATIO_SCALE = {
    Unit.PERCENT: Decimal(100),
    Unit.RATE_PER_1000: Decimal(1000),
    Unit.RATE_PER_100000: Decimal(100000),
}


class Family(models.TextChoices):
    NATIONAL_BVPI = "bvpi", "Best Value PI (national)"
    NATIONAL_INDICATOR = "ni", "National Indicator"
    LOCAL = "local", "Local PI"
    DIRECTORATE = "directorate", "Directorate PI"
    PARTNERSHIP = "partnership", "Partnership PI"
    PERCEPTION = "perception", "Perception (survey)"
    BENCHMARKING = "benchmarking", "Benchmarking framework"


POLARITY_CHOICES = [
    (status.Polarity.HIGHER.value, "Higher is better"),
    (status.Polarity.LOWER.value, "Lower is better"),
    (status.Polarity.BAND.value, "Within a target band"),
    (status.Polarity.NONE.value, "None (contextual, not rated)"),
]
AGGREGATION_CHOICES = [
    (status.Aggregation.SUM.value, "Sum"),
    (status.Aggregation.MEAN.value, "Mean"),
    (status.Aggregation.LATEST.value, "Latest (snapshot)"),
    (status.Aggregation.RATIO.value, "Ratio (Σ numerator ÷ Σ denominator)"),
]
TOLERANCE_CHOICES = [
    (status.ToleranceKind.PERCENT.value, "Percent of target"),
    (status.ToleranceKind.ABSOLUTE.value, "Absolute amount"),
]
FREQUENCY_CHOICES = [(kind.value, kind.label) for kind in PeriodKind]


class Indicator(TimeStampedModel):
    """A performance indicator (PI): what is measured, how it is judged, and who answers for it."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(max_length=30, help_text="e.g. BV 12, NI 195, LPI 7")
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    family = models.CharField(max_length=20, choices=Family.choices, default=Family.LOCAL)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    polarity = models.CharField(max_length=10, choices=POLARITY_CHOICES)
    decimals = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)], help_text="Stated precision, 0 to 6 places"
    )
    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES, default="quarter")
    aggregation = models.CharField(
        max_length=10, choices=AGGREGATION_CHOICES, default=status.Aggregation.SUM.value
    )
    cumulative = models.BooleanField(
        default=False, help_text="Each period's figure is already the year to date."
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    service = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="indicators")
    data_source = models.CharField(max_length=300, blank=True)
    tolerance_kind = models.CharField(
        max_length=10,
        choices=TOLERANCE_CHOICES,
        blank=True,
        help_text="Leave empty to use the council's default tolerance.",
    )
    tolerance_amount = models.DecimalField(
        null=True, blank=True, validators=[MinValueValidator(0)], max_digits=20, decimal_places=6
    )
    valid_min = models.DecimalField(
        "lowest valid value",
        null=True,
        blank=True,
        max_digits=20,
        decimal_places=6,
        help_text="Returns below this are refused. Leave both ends empty for the unit's usual "
        "range (0 to 100 for a percentage; no limit otherwise).",
    )
    valid_max = models.DecimalField(
        "highest valid value", null=True, blank=True, max_digits=20, decimal_places=6
    )
    baseline = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=6)
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Start year of the baseline financial year"
    )
    is_key = models.BooleanField("key indicator", default=False, db_index=True)
    is_public = models.BooleanField("published to the public", default=False)
    first_year = models.PositiveSmallIntegerField(help_text="First financial year reported")
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last financial year reported; empty while current"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "code"],
                name="indicator_code_unique_per_council",
                violation_error_message="An indicator with this code already exists.",
            ),
            models.CheckConstraint(condition=Q(decimals__lte=6), name="indicator_decimals_0_6"),
            models.CheckConstraint(
                condition=in_choices("polarity", POLARITY_CHOICES), name="indicator_polarity_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("aggregation", AGGREGATION_CHOICES),
                name="indicator_aggregation_valid",
            ),
            models.CheckConstraint(
                condition=in_choices("frequency", FREQUENCY_CHOICES),
                name="indicator_frequency_valid",
            ),
            models.CheckConstraint(
                condition=(Q(tolerance_kind="") & Q(tolerance_amount__isnull=True))
                | (~Q(tolerance_kind="") & Q(tolerance_amount__gte=0)),
                name="indicator_tolerance_complete",
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="indicator_years_in_order",
            ),
            models.CheckConstraint(
                condition=is_a_number("baseline"), name="indicator_baseline_numeric"
            ),
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True)
                | Q(valid_max__isnull=True)
                | Q(valid_min__lte=F("valid_max")),
                name="indicator_valid_range_in_order",
                violation_error_message="The highest valid value cannot be below the lowest.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def audit_scope(self) -> str:
        """Its changes show in the indicator's history (``AuditEntry.scope``)."""
        return f"indicators.indicator:{self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.tolerance_kind and self.tolerance_amount is None:
            errors["tolerance_amount"] = "Enter the tolerance amount, or clear the tolerance type."
        if self.tolerance_amount is not None and not self.tolerance_kind:
            errors["tolerance_kind"] = "Choose whether the tolerance is a percentage or an amount."
        if (
            self.valid_min is not None
            and self.valid_max is not None
            and self.valid_min > self.valid_max
        ):
            errors["valid_max"] = "The highest valid value cannot be below the lowest."
        if self.last_year is not None and self.first_year and self.last_year < self.first_year:
            errors["last_year"] = "The last year cannot be before the first year."
        ratio_units = (*RATIO_SCALE, Unit.NUMBER, Unit.SCORE)
        if self.aggregation == status.Aggregation.RATIO and self.unit not in ratio_units:
            errors["aggregation"] = "A ratio indicator needs a %, rate or number unit."
        if self.council_id and self.code:
            clash = Indicator.objects.filter(council_id=self.council_id, code=self.code)
            if clash.exclude(pk=self.pk).exists():
                errors["code"] = f"An indicator with code “{self.code}” already exists."
        if errors:
            raise ValidationError(errors)

    @property
    def valid_range(self) -> checks.Range:
        """The values a return may take (0–100 for a percentage unless the indicator says)."""
        return checks.Range.for_indicator(
            is_percent=self.unit == Unit.PERCENT, low=self.valid_min, high=self.valid_max
        )

    def ratio_of(self, numerator: Decimal, denominator: Decimal) -> Decimal:
        """The figure a numerator and denominator give in this indicator's unit (% × 100, …)."""
        return status.ratio_value(
            numerator, denominator, RATIO_SCALE.get(Unit(self.unit), Decimal(1))
        )

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == status.Aggregation.RATIO

    @property
    def is_partnership(self) -> bool:
        """Reported by a partner organisation, which may see it (``access``)."""
        return self.family == Family.PARTNERSHIP

    def rule(self, council_default: status.Tolerance) -> status.Rule:
        """The status rules' view of this indicator."""
        return rule_of(
            RuleFields(
                self.polarity,
                self.tolerance_kind,
                self.tolerance_amount,
                self.decimals,
                self.aggregation,
                self.cumulative,
                self.unit,
            ),
            council_default,
        )


class RuleFields(NamedTuple):
    """The columns of an indicator that its status rule is made from.

    A page that reads indicators as tuples (the scorecard) builds each distinct rule once
    from these, rather than a model instance per indicator.
    """

    polarity: str
    tolerance_kind: str
    tolerance_amount: Decimal | None
    decimals: int
    aggregation: str
    cumulative: bool
    unit: str


def rule_of(fields: RuleFields, council_default: status.Tolerance) -> status.Rule:
    """The status rules' view of an indicator with these fields."""
    tolerance = (
        status.Tolerance(status.ToleranceKind(fields.tolerance_kind), fields.tolerance_amount)
        if fields.tolerance_kind and fields.tolerance_amount is not None
        else council_default
    )
    return status.Rule(
        polarity=status.Polarity(fields.polarity),
        tolerance=tolerance,
        decimals=fields.decimals,
        aggregation=status.Aggregation(fields.aggregation),
        cumulative=fields.cumulative,
        ratio_scale=RATIO_SCALE.get(Unit(fields.unit), Decimal(1)),
    )


class Period(models.Model):
    """A reporting period generated from the calendar rules (never typed in), with its deadline."""

    kind = models.CharField(max_length=20, choices=FREQUENCY_CHOICES)
    code = models.CharField(max_length=30, unique=True)
    label = models.CharField(max_length=60)
    start = models.DateField()
    end = models.DateField()
    financial_year = models.PositiveSmallIntegerField(db_index=True)
    sequence = models.PositiveSmallIntegerField()
    deadline = models.DateField(help_text="Last day for data entry")
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="period_kind_start_unique"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("end")), name="period_deadline_after_end"
            ),
        ]
        indexes = [models.Index(fields=["kind", "end"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_signed_off(self) -> bool:
        """Signed off by the performance team (``period_sign_off``): its returns and targets
        are locked until it is unlocked."""
        return self.locked_at is not None

    @property
    def reporting_year(self) -> int:
        """The year this period's year to date runs over: the academic year for school terms,
        the calendar year for calendar years, otherwise the financial year."""
        if self.kind in (PeriodKind.TERM, PeriodKind.ACADEMIC_YEAR):
            return self.start.year if self.start.month >= 9 else self.start.year - 1
        if self.kind == PeriodKind.CALENDAR_YEAR:
            return self.start.year
        return self.financial_year

    @property
    def reporting_year_label(self) -> str:
        if self.kind in (PeriodKind.TERM, PeriodKind.ACADEMIC_YEAR):
            return f"Academic year {financial_year_label(self.reporting_year)}"
        if self.kind == PeriodKind.CALENDAR_YEAR:
            return str(self.reporting_year)
        return financial_year_label(self.reporting_year)


class DeadlineRule(TimeStampedModel):
    """When returns of one frequency are due: so many working days after the period ends
    (England and Wales bank holidays skipped). Frequencies with no rule use 15 days."""

    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES, unique=True)
    working_days = models.PositiveSmallIntegerField(validators=[MaxValueValidator(120)])
    due_soon_days = models.PositiveSmallIntegerField(
        "remind this many days before the deadline",
        default=5,
        validators=[MaxValueValidator(60)],
    )

    class Meta:
        ordering = ["frequency"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__lte=120), name="deadline_rule_working_days_max"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}: {self.working_days} working days"


class Target(TimeStampedModel):
    """The target for one indicator and period: a value, or a band for band indicators."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=6)
    lower = models.DecimalField(
        "band lower bound", null=True, blank=True, max_digits=20, decimal_places=6
    )
    upper = models.DecimalField(
        "band upper bound", null=True, blank=True, max_digits=20, decimal_places=6
    )
    is_stretch = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="target_unique"),
            models.CheckConstraint(
                condition=Q(lower__isnull=True, upper__isnull=True)
                | Q(lower__isnull=False, upper__isnull=False, lower__lte=F("upper")),
                name="target_band_in_order",
                violation_error_message="The band's lower bound must not be above its upper bound.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(lower__isnull=False),
                name="target_has_value_or_band",
            ),
            models.CheckConstraint(condition=is_a_number("value"), name="target_value_numeric"),
            models.CheckConstraint(condition=is_a_number("lower"), name="target_lower_numeric"),
            models.CheckConstraint(condition=is_a_number("upper"), name="target_upper_numeric"),
        ]

    def __str__(self) -> str:
        return f"Target {self.indicator.code} {self.period.label}"

    @property
    def audit_scope(self) -> str:
        """Its changes show in the indicator's history (``AuditEntry.scope``)."""
        return f"indicators.indicator:{self.indicator_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (self.lower is None) != (self.upper is None):
            field = "upper" if self.upper is None else "lower"
            errors[field] = "A band needs both a lower and an upper bound."
        elif self.lower is not None and self.upper is not None and self.lower > self.upper:
            errors["lower"] = "The band's lower bound must not be above its upper bound."
        if self.value is None and self.lower is None and "lower" not in errors:
            errors["value"] = "Enter a target value, or a band."
        if errors:
            raise ValidationError(errors)

    def as_rule_target(self) -> status.Target:
        return status.Target(value=self.value, lower=self.lower, upper=self.upper)


class Actual(TimeStampedModel):
    """The figure an owner reports for one indicator and period, with what it means."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for correction"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    # Approved and published figures are locked: only a performance officer's override, with a
    # reason, changes them (``goldenthread.returns.services``).
    LOCKED_STATES = frozenset({State.APPROVED, State.PUBLISHED})

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="actuals")
    value = models.DecimalField(max_digits=20, decimal_places=6)
    numerator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=6)
    denominator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=6)
    is_estimated = models.BooleanField("estimated or provisional", default=False)
    commentary = models.TextField(blank=True)
    remedial_action = models.TextField(blank=True)
    forecast = models.DecimalField(
        "year-end forecast", null=True, blank=True, max_digits=20, decimal_places=6
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1)
    # Why the owner let a figure stand that the checks warned about (unusual value, big change).
    warnings_confirmed = models.TextField("reason for confirming warnings", blank=True)
    # The workflow's latest steps; the full trail is in the audit table.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_reason = models.TextField("reason returned for correction", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="actual_unique"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="actual_ratio_complete",
                violation_error_message="Give both the numerator and the denominator.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | ~Q(denominator=0),
                name="actual_denominator_not_zero",
                violation_error_message="The denominator cannot be zero.",
            ),
            models.CheckConstraint(condition=is_a_number("value"), name="actual_value_numeric"),
            models.CheckConstraint(
                condition=is_a_number("numerator"), name="actual_numerator_numeric"
            ),
            models.CheckConstraint(
                condition=is_a_number("denominator"), name="actual_denominator_numeric"
            ),
        ]
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self) -> str:
        # As the audit log writes figures: 19, never the 19.000000 read back from the database
        # (this text heads the entry in an indicator's history).
        return f"{self.indicator.code} {self.period.label}: {plain(self.value)}"

    @property
    def audit_scope(self) -> str:
        """Its changes show in the indicator's history (``AuditEntry.scope``)."""
        return f"indicators.indicator:{self.indicator_id}"

    @property
    def is_signed_off(self) -> bool:
        """Approved or published: the figure readers see, locked against its owner."""
        return self.state in self.LOCKED_STATES

    @property
    def is_locked(self) -> bool:
        """Whether only a performance officer's override, with a reason, may change it: its
        period is signed off or the figure itself is.

        It reads ``self.period``: fetch actuals with ``select_related("period")``, through
        ``period.actuals`` (which sets the period on each), or set ``actual.period`` to the
        period in hand, or this costs a query for each actual.
        """
        return self.period.is_signed_off or self.is_signed_off

    def seen_by_readers(self, changes: Mapping[str, Any]) -> bool:
        """Whether a change (audited ``changes``, the row as it is now) reaches the pages that
        show signed-off figures only: not while the figure is an owner's work in progress,
        neither approved nor published before the change or after it (ADR 0019)."""
        before = changes["state"][0] if "state" in changes else self.state
        return self.is_signed_off or before in self.LOCKED_STATES

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.denominator is not None and self.denominator == 0:
            errors["denominator"] = "The denominator cannot be zero."
        if (self.numerator is None) != (self.denominator is None):
            field = "denominator" if self.denominator is None else "numerator"
            errors[field] = "Give both the numerator and the denominator."
        if errors:
            raise ValidationError(errors)


class Proposal(TimeStampedModel):
    """An owner's proposed change to an indicator's definition or to a year's target, with a
    reason, for the performance team to accept (the change is then made through the same
    service as their own edits) or decline with a note."""

    class Kind(models.TextChoices):
        DEFINITION = "definition", "Definition"
        TARGET = "target", "Target"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    financial_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Start year of the financial year (targets only)"
    )
    # The proposed fields as JSON (numbers as text, so no precision is lost), and what they
    # were when the owner proposed the change, for the decision page to show side by side.
    proposed = models.JSONField(default=dict)
    current = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "accepted", "declined"]),
                name="proposal_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="definition") | Q(financial_year__isnull=False),
                name="proposal_target_has_year",
            ),
            models.CheckConstraint(
                condition=Q(state="proposed", decided_at__isnull=True)
                | (~Q(state="proposed") & Q(decided_at__isnull=False)),
                name="proposal_decided_when_decided",
            ),
        ]
        indexes = [models.Index(fields=["state", "created_on"])]

    def __str__(self) -> str:
        return f"Proposed {self.get_kind_display().lower()} change to {self.indicator.code}"

    @property
    def audit_scope(self) -> str:
        """Its changes show in the indicator's history (``AuditEntry.scope``)."""
        return f"indicators.indicator:{self.indicator_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.PROPOSED

    def seen_by_readers(self, changes: Mapping[str, Any]) -> bool:
        """A proposal changes no page readers see: the change it makes when accepted is
        written (and audited) by the same services as the team's own edits."""
        return False

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.reason.strip():
            errors["reason"] = "Say why the change is needed."
        if not self.proposed:
            errors["proposed"] = "Change at least one thing."
        if self.kind == self.Kind.TARGET and self.financial_year is None:
            errors["financial_year"] = "Choose the year the target is for."
        if errors:
            raise ValidationError(errors)
