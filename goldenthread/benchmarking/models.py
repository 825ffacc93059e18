"""Benchmarking: authorities, comparator groups, benchmark measures and comparator values.

A *measure* is something published for many authorities (an LGBF indicator, an LG Inform
metric); a *comparator value* is one authority's figure for a measure and year. One of the
council's own indicators is benchmarked by naming a measure and a group
(``BenchmarkSetting``); the council's own figure is the measure's value for its own
authority (found by ``Council.gss_code``), so it is compared like with like with the others.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from goldenthread.benchmarking import stats
from goldenthread.core.models import TimeStampedModel
from goldenthread.indicators.models import POLARITY_CHOICES, Indicator, in_choices, is_a_number
from goldenthread.organisation.models import Council

GSS_CODE = RegexValidator(
    r"^[EJKLMNSWX]\d{8}$", "An ONS GSS code is a letter and eight digits, such as E07000223."
)


class Authority(TimeStampedModel):
    """A UK local authority, past or current (reference data: mySociety's list). Authorities
    that have ended stay, marked with their end date, so old comparisons still resolve."""

    gss_code = models.CharField("ONS GSS code", max_length=9, unique=True, validators=[GSS_CODE])
    code = models.CharField("register code", max_length=10, blank=True)
    name = models.CharField("official name", max_length=200)
    short_name = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=10, help_text="NMD, MD, LBO, UA, CTY, SCO …")
    kind_name = models.CharField("type name", max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    nation = models.CharField(max_length=50, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    replaced_by = models.CharField(max_length=200, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="authority_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def has_ended(self) -> bool:
        return self.end_date is not None


class ComparatorGroup(TimeStampedModel):
    """A set of authorities to compare with: nearest neighbours, a family group, every
    authority of a type, a region, or a benchmarking club's members."""

    class Kind(models.TextChoices):
        NEAREST_NEIGHBOURS = "nearest", "Nearest neighbours"
        FAMILY = "family", "Family group"
        TYPE = "type", "All authorities of a type"
        REGION = "region", "Region"
        CLUB = "club", "Benchmarking club"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the list comes from")
    # Family groups come in sets, each for some measures (LGBF: one set for environmental and
    # corporate indicators, another for children, social work and housing).
    group_set = models.CharField(max_length=200, blank=True)
    # A neighbour list is of its year (CIPFA's nearest neighbours are revised yearly), so the
    # page names it: "CIPFA nearest neighbours (2024)".
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year of the list, as its source gives it"
    )
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comparator_groups",
        help_text="The council that chose this group; empty for shared reference groups.",
    )
    members = models.ManyToManyField(Authority, through="GroupMember", related_name="groups")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["nearest", "family", "type", "region", "club", "other"]),
                name="comparatorgroup_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with the list's year, when the source gave one."""
        return f"{self.name} ({self.year})" if self.year else self.name


class GroupMember(models.Model):
    """One authority's membership of one comparator group."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="memberships")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "authority"], name="groupmember_unique")
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} in {self.group_id}"


class Measure(TimeStampedModel):
    """Something published for many authorities per year: the unit of comparison."""

    source = models.CharField(max_length=50, help_text="e.g. LGBF, LG Inform")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    polarity = models.CharField(max_length=10, choices=POLARITY_CHOICES)
    midpoint = models.DecimalField(
        null=True,
        blank=True,
        max_digits=20,
        decimal_places=6,
        help_text="For a band (“Goldilocks”) measure: the best value.",
    )
    unit = models.CharField(max_length=50, blank=True, help_text="As published, e.g. %, £, days")
    decimals = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(6)])
    # value = Σ numerator ÷ Σ denominator × ratio_scale for a group (LGBF's multipliers).
    ratio_scale = models.DecimalField(max_digits=30, decimal_places=10, default=Decimal(1))
    group_set = models.CharField(
        max_length=200, blank=True, help_text="Which set of family groups this measure uses"
    )
    no_quartile = models.BooleanField(
        default=False,
        help_text="The source gives no quartiles for this measure (LAIT: range too small)",
    )

    class Meta:
        ordering = ["source", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="measure_code_unique"),
            models.CheckConstraint(
                condition=in_choices("polarity", POLARITY_CHOICES), name="measure_polarity_valid"
            ),
            models.CheckConstraint(condition=Q(ratio_scale__gt=0), name="measure_scale_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.polarity == "band" and self.midpoint is None:
            raise ValidationError({"midpoint": "A band measure needs the midpoint it aims at."})


class ComparatorValue(models.Model):
    """One authority's published figure for one measure and year. No row means no value."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(
        help_text="Start year of the financial year (2023 for 2023/24); for a multi-year "
        "figure, the start of its last year"
    )
    period_label = models.CharField(max_length=20, blank=True, help_text="As published")
    # A multi-year figure (“2020-22”, “2021/22-23/24”) covers span_start … year, filed under
    # its last year (ADR 0008); empty for a single year.
    span_start = models.PositiveSmallIntegerField(null=True, blank=True)
    mark = models.CharField(
        max_length=20, blank=True, help_text="The source's revision mark: Rev, prov, r …"
    )
    # Wide enough for every figure a real source publishes (LGBF numerators have 9 places),
    # so a value is stored as published and a second import finds it unchanged.
    value = models.DecimalField(max_digits=30, decimal_places=15)
    numerator = models.DecimalField(null=True, blank=True, max_digits=30, decimal_places=15)
    denominator = models.DecimalField(null=True, blank=True, max_digits=30, decimal_places=15)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "authority"], name="comparatorvalue_unique"
            ),
            models.CheckConstraint(
                condition=is_a_number("value"), name="comparatorvalue_value_numeric"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.authority_id} {self.year}: {self.value}"


class BenchmarkSetting(TimeStampedModel):
    """Which measure one of the council's indicators is benchmarked with, against which group."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="benchmark_setting"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="settings")
    group = models.ForeignKey(ComparatorGroup, on_delete=models.PROTECT, related_name="settings")

    def __str__(self) -> str:
        return f"{self.indicator_id} against {self.group_id}"

    @property
    def audit_scope(self) -> str:
        return f"indicators.indicator:{self.indicator_id}"


class SourceConvention(TimeStampedModel):
    """How one comparison source (a measure's ``source``) works out quartiles, so that our bands
    agree with its tool to the last tie. A source without one follows ``stats.DEFAULT``
    (docs/adr/0007-quartiles.md)."""

    class Ties(models.TextChoices):
        INTERVAL = "interval", "Intervals of value closed at the top (as LAIT)"
        BETTER = "better", "The better quartile"

    source = models.CharField(max_length=50, unique=True, help_text="As on its measures")
    name = models.CharField(max_length=100, help_text="Shown beside every band")
    quantile_type = models.PositiveSmallIntegerField(
        choices=[(7, "R type 7 (Excel QUARTILE.INC)"), (6, "R type 6 (Excel QUARTILE.EXC)")],
        default=7,
    )
    ties = models.CharField(max_length=10, choices=Ties.choices, default=Ties.INTERVAL)
    round_to_decimals = models.BooleanField(
        default=False, help_text="Round values to the measure's published decimals first"
    )
    min_group = models.PositiveSmallIntegerField(default=4)
    min_range = models.DecimalField(
        null=True,
        blank=True,
        max_digits=20,
        decimal_places=6,
        help_text="No quartiles when the values span less than this",
    )
    reference = models.TextField(blank=True, help_text="Where the tool's code or guide says so")

    class Meta:
        ordering = ["source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantile_type__in=[6, 7]), name="sourceconvention_quantile_type"
            ),
            models.CheckConstraint(
                condition=Q(ties__in=["interval", "better"]), name="sourceconvention_ties_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_group__gte=1), name="sourceconvention_min_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.name}"

    def as_convention(self) -> stats.Convention:
        return stats.Convention(
            name=self.name,
            quantile_type=self.quantile_type,
            ties=stats.Ties(self.ties),
            round_to_decimals=self.round_to_decimals,
            min_group=self.min_group,
            min_range=self.min_range,
        )


class GroupStatistic(models.Model):
    """The statistics of one measure, year and group, and every member's placing, computed by
    ``services.statistics_refresh`` when values or groups change; pages read them from here.

    ``placings`` maps an authority id to ``[value, rank, quartile, distance]`` (numbers as
    strings, so decimals survive JSON): one row per group-year instead of one per authority
    keeps a national refresh to tens of thousands of inserts."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="statistics")
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="statistics")
    year = models.PositiveSmallIntegerField()
    convention = models.CharField(max_length=100)
    count = models.PositiveIntegerField()
    missing = models.PositiveIntegerField()
    minimum = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    maximum = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    median = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    mean = models.DecimalField(null=True, max_digits=30, decimal_places=12)
    lower = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    upper = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    mad = models.DecimalField(null=True, max_digits=24, decimal_places=8)
    group_value = models.DecimalField(null=True, max_digits=30, decimal_places=12)
    no_quartile = models.CharField(max_length=200, blank=True)
    placings = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "group"], name="groupstatistic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.year} in {self.group_id}"
