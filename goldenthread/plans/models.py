"""The golden thread: plans at every level, their objectives, milestones and staff objectives.

A plan (community strategy, corporate plan, directorate or service plan, section work
programme, area community action plan, LAA or LPSA) holds a tree of objectives. Objectives
link upward across plans (``ObjectiveLink``: "contributes to"), so one service objective can
serve several corporate objectives. Indicators (``ObjectiveIndicator``) and milestones hang
off objectives; staff objectives in appraisals link to section or service objectives.

The rules that keep the thread sound (no objective its own ancestor, no link down to a lower
level) live in ``clean`` methods, so services, the admin and imports all apply them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from goldenthread.core.models import TimeStampedModel
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import financial_year_label, financial_year_of

# The LPSA reward per stretch target in docs/sources.md#seed-001-2-21: "£335,000 over two years".
LPSA_REWARD_PER_TARGET = Decimal("335000")
# Staff objectives sit below every plan: the fifth of Salford's five levels
# (docs/sources.md#seed-002-appendix-1).
INDIVIDUAL_LEVEL = 7


class Area(TimeStampedModel):
    """A place plans and shares are made for: a ward, a community committee area, a district."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        COMMUNITY_COMMITTEE = "committee_area", "Community committee area"
        DISTRICT = "district", "District"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="areas")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=40)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The community committee area a ward belongs to.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="area_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Partner(TimeStampedModel):
    """An organisation in the Local Strategic Partnership that can own a share of a target."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="partner_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanKind(models.TextChoices):
    COMMUNITY_STRATEGY = "community_strategy", "Community strategy"
    LAA = "laa", "Local Area Agreement (LAA)"
    CORPORATE = "corporate", "Corporate plan"
    LPSA = "lpsa", "Local Public Service Agreement (LPSA)"
    COMMUNITY_ACTION = "community_action", "Community action plan"
    DIRECTORATE = "directorate", "Directorate business plan"
    SERVICE = "service", "Service plan"
    WORK_PROGRAMME = "work_programme", "Section work programme"


# How high in the cascade each kind of plan sits (1 is the top). An objective may contribute
# to objectives at its own level or above, never to one below (ADR 0009).
PLAN_LEVEL: dict[str, int] = {
    PlanKind.COMMUNITY_STRATEGY: 1,
    PlanKind.LAA: 1,
    PlanKind.CORPORATE: 2,
    PlanKind.LPSA: 2,
    PlanKind.COMMUNITY_ACTION: 3,
    PlanKind.DIRECTORATE: 4,
    PlanKind.SERVICE: 5,
    PlanKind.WORK_PROGRAMME: 6,
}
# The kinds of plan whose objectives are the council's priorities (the coverage report).
PRIORITY_KINDS = frozenset({PlanKind.COMMUNITY_STRATEGY, PlanKind.CORPORATE})
# Service-level plans: their objectives should contribute to a priority.
SERVICE_KINDS = frozenset({PlanKind.DIRECTORATE, PlanKind.SERVICE})
# Staff objectives link to objectives in these plans (docs/sources.md#seed-002-appendix-1:
# "cascaded from section work programmes"; docs/sources.md#seed-003-r12: "linked to service and
# corporate targets").
STAFF_LINKABLE_KINDS = frozenset(
    {PlanKind.DIRECTORATE, PlanKind.SERVICE, PlanKind.WORK_PROGRAMME, PlanKind.CORPORATE}
)
# The org unit each kind of plan belongs to, where it belongs to one.
PLAN_UNIT_KIND: dict[str, str] = {
    PlanKind.DIRECTORATE: OrgUnit.Kind.DIRECTORATE,
    PlanKind.SERVICE: OrgUnit.Kind.SERVICE,
    PlanKind.WORK_PROGRAMME: OrgUnit.Kind.SECTION,
}


class RewardRule(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "All or nothing"
    PRO_RATA = "pro_rata", "Pro rata above a threshold"


class Plan(TimeStampedModel):
    """One plan in the cascade, for a span of time, with what its kind needs."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=30, choices=PlanKind.choices)
    title = models.CharField(max_length=300)
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The directorate, service or section a business plan, service plan or work "
        "programme belongs to.",
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The ward or community committee area of a community action plan.",
    )
    start = models.DateField()
    end = models.DateField()
    purpose = models.TextField(blank=True)
    resources = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    pump_priming_grant = models.DecimalField(
        null=True,
        blank=True,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="LPSA: the grant given up front to help reach the stretch targets (£).",
    )
    reward_rule = models.CharField(
        max_length=20, choices=RewardRule.choices, default=RewardRule.ALL_OR_NOTHING
    )
    reward_threshold = models.DecimalField(
        "pro rata threshold (%)",
        null=True,
        blank=True,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="Pro rata rule: the share of the stretch that must be achieved before any "
        "reward is paid.",
    )
    refreshed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="refreshes"
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans_owned",
        help_text="The person who keeps this plan: they may edit it, its objectives and "
        "milestones.",
    )

    class Meta:
        ordering = ["start", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="plan_end_not_before_start",
                violation_error_message="The plan cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(pump_priming_grant__isnull=True) | Q(pump_priming_grant__gte=0),
                name="plan_pump_priming_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reward_threshold__isnull=True)
                | Q(reward_threshold__gte=0, reward_threshold__lte=100),
                name="plan_reward_threshold_0_100",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PlanKind]), name="plan_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def plan_owner_id(self) -> int | None:
        """Who keeps the plan (``access``'s ``keeps_plan`` asks this of plans, objectives
        and milestones alike)."""
        return self.owner_id

    @property
    def level(self) -> int:
        return PLAN_LEVEL[self.kind]

    @property
    def years_label(self) -> str:
        first, last = financial_year_of(self.start), financial_year_of(self.end)
        if first == last:
            return financial_year_label(first)
        return f"{financial_year_label(first)} to {financial_year_label(last)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The plan cannot end before it starts."
        unit_kind = PLAN_UNIT_KIND.get(self.kind)
        if unit_kind and self.org_unit_id is None:
            errors["org_unit"] = (
                f"Choose the {OrgUnit.Kind(unit_kind).label.lower()} this plan is for."
            )
        elif unit_kind and self.org_unit is not None and self.org_unit.kind != unit_kind:
            errors["org_unit"] = (
                f"A {PlanKind(self.kind).label.lower()} belongs to a "
                f"{OrgUnit.Kind(unit_kind).label.lower()}, not a {self.org_unit.get_kind_display().lower()}."
            )
        if self.kind == PlanKind.COMMUNITY_ACTION and self.area_id is None:
            errors["area"] = "Choose the area this community action plan is for."
        if self.kind != PlanKind.LPSA and self.pump_priming_grant is not None:
            errors["pump_priming_grant"] = "Only an LPSA has a pump-priming grant."
        if self.reward_rule == RewardRule.PRO_RATA and self.reward_threshold is None:
            errors["reward_threshold"] = "Give the threshold for the pro rata rule."
        if errors:
            raise ValidationError(errors)


class Objective(TimeStampedModel):
    """A theme, outcome, priority, pledge, objective or target in a plan.

    ``parent`` builds the tree inside the plan; ``contributes_to`` links the objective up to
    objectives in other plans.
    """

    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        OUTCOME = "outcome", "Outcome"
        PRIORITY = "priority", "Priority"
        PLEDGE = "pledge", "Pledge"
        AIM = "aim", "Aim"
        OBJECTIVE = "objective", "Objective"
        KEY_TARGET = "key_target", "Key target"
        SHARED_TARGET = "shared_target", "Shared target"
        STRETCH_TARGET = "stretch_target", "Stretch target"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OBJECTIVE)
    ref = models.CharField("reference", max_length=20, blank=True, help_text="e.g. T1, 2.3")
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    target_text = models.CharField(
        "measurable target", max_length=400, blank=True, help_text="What success looks like."
    )
    target_value = models.DecimalField(
        null=True,
        blank=True,
        max_digits=20,
        decimal_places=6,
        help_text="The figure a shared target's partner shares add up to.",
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )
    position = models.PositiveIntegerField(default=0)
    contributes_to = models.ManyToManyField(
        "self",
        through="ObjectiveLink",
        symmetrical=False,
        related_name="contributors",
        blank=True,
    )
    indicators = models.ManyToManyField(
        Indicator, through="ObjectiveIndicator", related_name="objectives", blank=True
    )

    class Meta:
        ordering = ["position", "ref", "pk"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.plan_id}"

    @property
    def plan_owner_id(self) -> int | None:
        return self.plan.owner_id

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if parent is not None and parent.plan_id != self.plan_id:
            raise ValidationError(
                {"parent": "The parent must be in the same plan; link across plans instead."}
            )
        if self.pk is not None and self.pk in ancestors_of(self.parent_id):
            raise ValidationError(
                {"parent": f"“{parent}” is below “{self}”: it cannot also be above it."}
            )


class ObjectiveLink(models.Model):
    """``source`` contributes to ``target``: an upward link across plans.

    Deleting a target someone contributes to is refused by the database (PROTECT), so a link
    is only ever moved or removed on purpose (``objective_delete``).
    """

    source = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links_up")
    target = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="links_down")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="objective_link_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="objective_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.source.plan_id}"

    def clean(self) -> None:
        if self.source_id is None or self.target_id is None:
            return
        source, target = self.source, self.target
        if source.pk == target.pk:
            raise ValidationError({"target": "An objective cannot contribute to itself."})
        if source.plan_id == target.plan_id:
            raise ValidationError(
                {"target": "Both objectives are in the same plan: make one the parent instead."}
            )
        if target.plan.level > source.plan.level:
            raise ValidationError(
                {
                    "target": f"“{target}” is in a {target.plan.get_kind_display().lower()}, below "
                    f"the {source.plan.get_kind_display().lower()} of “{source}”: objectives "
                    "contribute upward, not down."
                }
            )
        if source.pk in ancestors_of(target.pk):
            raise ValidationError(
                {
                    "target": f"“{target}” already contributes to “{source}”: linking back would "
                    "make an objective its own ancestor."
                }
            )


def ancestors_of(objective_id: int) -> set[int]:
    """Every objective above this one (parents and contributions, all the way up), itself
    included. Two queries: the parent column and the links, walked in Python."""
    parents = dict(Objective.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    up: dict[int, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        up[child].append(parent)
    for source, target in ObjectiveLink.objects.values_list("source_id", "target_id"):
        up[source].append(target)
    seen = {objective_id}
    stack = [objective_id]
    while stack:
        for above in up.get(stack.pop(), []):
            if above not in seen:
                seen.add(above)
                stack.append(above)
    return seen


class ObjectiveIndicator(models.Model):
    """An indicator that measures an objective (indicators may measure several)."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="indicator_links"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="objective_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "indicator"], name="objective_indicator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} measures {self.objective}"

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.objective.plan_id}"


class Milestone(TimeStampedModel):
    """A dated step towards an objective (work programmes set them per quarter)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=400)
    due = models.DateField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What was done, when it was marked done.")
    late_reason = models.TextField(
        blank=True, help_text="Why it is late, when it was marked late and given a new date."
    )

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="milestone_done_has_date",
                violation_error_message="A milestone has a done date exactly when it is done.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.objective.plan_id}"

    @property
    def plan_owner_id(self) -> int | None:
        return self.objective.plan.owner_id

    def is_late(self, today: date) -> bool:
        """Past its due date and not done (or done after it)."""
        if self.status == self.Status.CANCELLED:
            return False
        if self.status == self.Status.DONE:
            return self.done_on is not None and self.done_on > self.due
        return self.due < today

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.status == self.Status.DONE and self.done_on is None:
            errors["done_on"] = "Give the date the milestone was done."
        if self.status != self.Status.DONE and self.done_on is not None:
            errors["done_on"] = "Only a done milestone has a done date."
        if self.objective_id is not None and self.due:
            plan = self.objective.plan
            if not plan.start <= self.due <= plan.end:
                errors["due"] = (
                    f"The due date must fall within the plan ({plan.start:%-d %B %Y} to "
                    f"{plan.end:%-d %B %Y})."
                )
        if errors:
            raise ValidationError(errors)


class StretchTarget(TimeStampedModel):
    """An LPSA stretch target: the indicator, what it would reach without the agreement, the
    stretch, and the reward grant paid if it is achieved (docs/sources.md#seed-001-2-20)."""

    objective = models.OneToOneField(Objective, on_delete=models.CASCADE, related_name="stretch")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="stretch_targets"
    )
    expected_without_stretch = models.DecimalField(
        max_digits=20,
        decimal_places=6,
        help_text="The level expected at the end of the agreement without the extra effort.",
    )
    stretch = models.DecimalField(
        "stretch target", max_digits=20, decimal_places=6, help_text="The agreed stretch level."
    )
    reward_grant = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=LPSA_REWARD_PER_TARGET,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reward_grant__gte=0), name="stretch_reward_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(stretch=F("expected_without_stretch")),
                name="stretch_differs_from_expected",
            ),
        ]

    def __str__(self) -> str:
        return f"Stretch target for {self.objective}"

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.objective.plan_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.objective_id is not None and self.objective.plan.kind != PlanKind.LPSA:
            errors["objective"] = "Stretch targets belong to objectives in an LPSA."
        if self.indicator_id is not None and self.stretch is not None:
            polarity = self.indicator.polarity
            expected = self.expected_without_stretch
            if expected is not None and polarity not in ("higher", "lower"):
                errors["indicator"] = (
                    "A stretch target needs an indicator where higher or lower is better."
                )
            elif expected is not None and (
                (polarity == "higher" and self.stretch <= expected)
                or (polarity == "lower" and self.stretch >= expected)
            ):
                better = "above" if polarity == "higher" else "below"
                errors["stretch"] = (
                    f"The stretch must be {better} the level expected without it ({expected.normalize():f})."
                )
        if errors:
            raise ValidationError(errors)


class TargetShare(TimeStampedModel):
    """An LAA shared target's share for one partner, or one district owned by a partner."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="shares")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    value = models.DecimalField(
        max_digits=20, decimal_places=6, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        ordering = ["partner__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "partner", "area"],
                name="target_share_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.value}"

    @property
    def audit_scope(self) -> str:
        return f"plans.plan:{self.objective.plan_id}"

    def clean(self) -> None:
        if self.objective_id is not None and self.objective.plan.kind != PlanKind.LAA:
            raise ValidationError({"objective": "Partner shares belong to targets in an LAA."})


class Appraisal(TimeStampedModel):
    """One person's annual appraisal (PDR/SRD): when it is due and when it was done.

    Personal data is kept to the minimum the thread needs (ADR 0009): no ratings, no notes.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appraisals")
    manager = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisals_managed",
    )
    year = models.PositiveSmallIntegerField(help_text="Start year of the financial year")
    due = models.DateField()
    done = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["year", "person__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="appraisal_once_a_year"),
            models.CheckConstraint(
                condition=~Q(manager=F("person")), name="appraisal_manager_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Appraisal {financial_year_label(self.year)}"

    @property
    def audit_scope(self) -> str:
        return f"plans.appraisal:{self.pk}"

    def visible_to(self, person: Person | None) -> bool:
        """The person, their manager and the performance team; nobody else."""
        if person is None:
            return False
        if person.role in (Person.Role.PERFORMANCE, Person.Role.ADMIN):
            return True
        return person.pk in (self.person_id, self.manager_id)

    def clean(self) -> None:
        if self.manager_id is not None and self.manager_id == self.person_id:
            raise ValidationError({"manager": "A person cannot be their own appraising manager."})


class StaffObjective(TimeStampedModel):
    """An individual objective agreed in an appraisal, linked to the objectives it serves."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    supports = models.ManyToManyField(
        Objective, through="StaffObjectiveLink", related_name="staff_objectives", blank=True
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_scope(self) -> str:
        return f"plans.appraisal:{self.appraisal_id}"


class StaffObjectiveLink(models.Model):
    """A staff objective serves a section, service or corporate objective."""

    staff_objective = models.ForeignKey(
        StaffObjective, on_delete=models.CASCADE, related_name="links"
    )
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="staff_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff_objective", "objective"], name="staff_objective_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_objective} → {self.objective}"

    @property
    def audit_scope(self) -> str:
        return f"plans.appraisal:{self.staff_objective.appraisal_id}"

    def clean(self) -> None:
        if self.objective_id is not None and self.objective.plan.kind not in STAFF_LINKABLE_KINDS:
            raise ValidationError(
                {
                    "objective": "Staff objectives link to section, service, directorate or "
                    "corporate objectives."
                }
            )
