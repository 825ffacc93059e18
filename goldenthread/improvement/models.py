"""Improvement: action plans, risk registers and projects.

An action plan (an inspection response, a corporate improvement plan, a remedial plan for one
indicator, ...) holds recommendations, each with the council's response, its actions and dated
progress updates, in the layout of the tracker in docs/sources.md#seed-003. An action's leads
are people or roles; short initials must be in the plan's key to leads.

A risk register scores each risk as likelihood × impact on its matrix (5×5 by default) three
times: inherent (before controls), residual (after them) and target. A project moves through
stages; the review board closes each with a checkpoint decision, and a halt stops the next
stage starting until a later decision to proceed (docs/sources.md#seed-001-2-53).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from goldenthread.core.models import TimeStampedModel
from goldenthread.improvement.action_status import Shown, action_status
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.plans.models import Objective


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


# GOV.UK tag colour per status: the "status colour per action".
STATUS_TAG = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.DELAYED: "govuk-tag--red",
    ActionStatus.COMPLETE: "govuk-tag--blue",
    ActionStatus.CANCELLED: "govuk-tag--grey",
}
CLOSED = {ActionStatus.COMPLETE, ActionStatus.CANCELLED}


class ActionPlan(TimeStampedModel):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection or audit response"
        CORPORATE = "corporate", "Corporate improvement plan"
        REVIEW = "review", "Service or best value review"
        STRATEGY = "strategy", "Strategy action plan"
        REMEDIAL = "remedial", "Remedial plan for an indicator"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="action_plans")
    ref = models.SlugField("reference", max_length=60)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remedial_plans",
        help_text="For a remedial plan: the indicator it brings back on target.",
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans_owned",
        help_text="Adds, edits, merges and closes actions, and agrees or refuses new dates.",
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["council", "ref"], name="action_plan_ref_unique")
        ]

    def __str__(self) -> str:
        return self.title


class LeadKey(models.Model):
    """One line of the key to leads' initials: "TG  Tony Geeson – Head of Policy and Performance"."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="key")
    initials = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=300, blank=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_keys",
        help_text="The account of the person these initials stand for: they record progress.",
    )

    class Meta:
        ordering = ["initials"]
        constraints = [models.UniqueConstraint(fields=["plan", "initials"], name="lead_key_unique")]

    def __str__(self) -> str:
        return f"{self.initials} {self.name}"


class Recommendation(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0, help_text="Order in the plan.")
    text = models.TextField()
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="recommendation_unique")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class Action(TimeStampedModel):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    letter = models.CharField(max_length=10, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    timescale = models.CharField(
        max_length=300, blank=True, help_text="As written: “End February 2007”, “Ongoing”."
    )
    due = models.DateField(null=True, blank=True, help_text="The date the timescale means.")
    status = models.CharField(
        "reported status",
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
        help_text="As the lead last reported it; the status shown is ``shown_status``.",
    )
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="actions")
    objectives = models.ManyToManyField(Objective, blank=True, related_name="actions")
    started_on = models.DateField(
        null=True, blank=True, help_text="No progress can be dated before the action started."
    )
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="Done, cancelled or merged.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    revision = models.PositiveIntegerField(
        default=0,
        help_text="Moves on with every write from the action pages (progress, a new-date "
        "request), so two people working from one opened page cannot both save.",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.letter}) {self.text[:80]}" if self.letter else self.text[:80]

    def shown_status(self, today: date) -> Shown:
        """The action's one status (``improvement.action_status``: the rule in one place)."""
        return action_status(
            reported=self.status,
            due=self.due,
            today=today,
            completed_on=self.completed_on,
            cancelled=self.status == ActionStatus.CANCELLED,
            percent_complete=self.percent_complete,
        )

    def is_overdue(self, today: date) -> bool:
        return self.shown_status(today) is Shown.OVERDUE

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None or self.status in CLOSED

    @property
    def tag(self) -> str:
        return STATUS_TAG[ActionStatus(self.status)]


class ActionLead(models.Model):
    """One lead of an action: a key entry (initials) or a role written out."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    position = models.PositiveSmallIntegerField(default=0)
    # RESTRICT: a key entry in use cannot go alone, but goes with its plan.
    key = models.ForeignKey(LeadKey, null=True, blank=True, on_delete=models.RESTRICT)
    text = models.CharField(max_length=200, blank=True, help_text="A role: “heads of service”.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.key.initials if self.key_id and self.key else self.text

    def clean(self) -> None:
        if bool(self.key_id) == bool(self.text):
            raise ValidationError("A lead is either a key entry or a role, not both or neither.")


class ProgressUpdate(TimeStampedModel):
    """A dated note of progress, on one action or (action empty) the recommendation as a whole."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="progress"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="progress"
    )
    position = models.PositiveIntegerField(default=0)
    on = models.DateField(null=True, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    by = models.CharField(max_length=200, blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class DueDateRequest(TimeStampedModel):
    """A lead's request for a new due date, with a reason; the plan's owner agrees or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="date_requests")
    asked_on = models.DateField()
    current_due = models.DateField(null=True, blank=True)
    new_due = models.DateField()
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="The plan owner's reply.")

    class Meta:
        ordering = ["asked_on", "pk"]
        verbose_name = "request for a new due date"

    def __str__(self) -> str:
        return f"New date {self.new_due:%d %b %Y} for {self.action}"


# ---------------------------------------------------------------------------------------------
# Risk registers


class RiskMatrix(TimeStampedModel):
    """The scale risks are scored on: likelihood levels × impact levels, and the score bands."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="risk_matrices")
    name = models.CharField(max_length=100, default="Corporate 5×5")
    likelihood_levels = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    impact_levels = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    amber_from = models.PositiveSmallIntegerField(default=5, help_text="Lowest amber score.")
    red_from = models.PositiveSmallIntegerField(default=15, help_text="Lowest red score.")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not 1 < self.amber_from < self.red_from <= self.likelihood_levels * self.impact_levels:
            raise ValidationError(
                {"red_from": "Bands must rise: 1 < amber from < red from ≤ the highest score."}
            )

    def band(self, score: int) -> str:
        if score >= self.red_from:
            return "red"
        return "amber" if score >= self.amber_from else "green"


class RiskRegister(TimeStampedModel):
    class Level(models.TextChoices):
        CORPORATE = "corporate", "Corporate"
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"
        PROJECT = "project", "Project"
        PARTNERSHIP = "partnership", "Partnership"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="risk_registers")
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="registers")
    level = models.CharField(max_length=20, choices=Level.choices)
    name = models.CharField(max_length=200)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class Risk(TimeStampedModel):
    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    owner = models.CharField(
        max_length=200, help_text="The owner's role, as the register names it."
    )
    # The person who owns the risk: reviews it, and is reminded when a review is due.
    owner_person = models.ForeignKey(
        Person,
        verbose_name="owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks_owned",
    )
    category = models.CharField(max_length=100, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    target_likelihood = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField()
    review_months = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    next_review = models.DateField()
    further_actions = models.TextField(
        blank=True, help_text="What else is planned to bring the risk down to its target."
    )
    # The latest row of the score history: every review adds one, so a form opened before a
    # review is refused by the edit-conflict check even when the scores came out the same.
    last_review = models.ForeignKey(
        "RiskScore",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    mitigating_actions = models.ManyToManyField(Action, blank=True, related_name="risks")

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["register", "reference"], name="risk_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        matrix = self.register.matrix
        errors = {}
        for stage in ("inherent", "residual", "target"):
            for axis, top in (
                ("likelihood", matrix.likelihood_levels),
                ("impact", matrix.impact_levels),
            ):
                name = f"{stage}_{axis}"
                value = getattr(self, name)
                if value is not None and not 1 <= value <= top:
                    errors[name] = (
                        f"The {stage} {axis} must be from 1 to {top} on the {matrix.name} matrix."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_impact


class Control(models.Model):
    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY = "partly", "Partly effective"
        INEFFECTIVE = "ineffective", "Not effective"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    effectiveness = models.CharField(max_length=20, choices=Effectiveness.choices)

    def __str__(self) -> str:
        return self.description[:80]


class RiskScore(models.Model):
    """The residual score on a date: the risk's score history."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="history")
    on = models.DateField()
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    # A review's record (empty for scores set when the risk was made or imported).
    reviewed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    further_actions = models.TextField(blank=True)
    next_review = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.likelihood}×{self.impact} on {self.on:%d %b %Y}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


# ---------------------------------------------------------------------------------------------
# Projects


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Project(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(max_length=200)
    sponsor = models.CharField(max_length=200)
    manager = models.CharField(max_length=200)
    review_board = models.CharField(max_length=300, help_text="Who sits on the review board.")
    # The director who sponsors the project: with the performance team, records the review
    # board's checkpoint decisions (access rule ``projects.decide``).
    director = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
        help_text="The sponsoring director, who records the review board's decisions.",
    )
    # The review board's latest decision: the halted banner reads it with the project (one
    # join on every page and list), and every decision moves it on, so a decision form opened
    # before another decision is refused by the edit-conflict check.
    last_decision = models.ForeignKey(
        "CheckpointDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    time_status = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREEN)
    cost_status = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREEN)
    quality_status = models.CharField(max_length=10, choices=Rag.choices, default=Rag.GREEN)
    risks = models.ManyToManyField(Risk, blank=True, related_name="projects")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def halted(self) -> bool:
        decision = self.last_decision
        return decision is not None and decision.decision == CheckpointDecision.Decision.HALT


class Stage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    started_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="stage_number_unique")
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.name}"


class CheckpointDecision(models.Model):
    class Decision(models.TextChoices):
        PROCEED = "proceed", "Proceed"
        CONDITIONS = "conditions", "Proceed with conditions"
        HALT = "halt", "Halt"

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="decisions")
    decided_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    minute = models.TextField(help_text="The review board's minute of the decision.")
    conditions = models.TextField(
        blank=True, help_text="For a decision to proceed with conditions: what must be done."
    )

    class Meta:
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.decided_on:%d %b %Y}"

    @property
    def allows_next(self) -> bool:
        return self.decision != self.Decision.HALT


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectIssue(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(max_length=300)
    raised_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["raised_on", "pk"]

    def __str__(self) -> str:
        return self.title
