"""Reads for action plans, risk registers and projects, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from django.db.models import F, Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from goldenthread.core.charts import BLACK, BLUE, GREY, ORANGE, Series, chart_open, line_chart_svg
from goldenthread.core.work import WorkItem
from goldenthread.improvement.action_status import Shown, next_progress_due
from goldenthread.improvement.models import (
    Action,
    ActionLead,
    ActionPlan,
    DueDateRequest,
    ProgressUpdate,
    Project,
    ProjectMilestone,
    Recommendation,
    Risk,
    RiskMatrix,
    RiskRegister,
    RiskScore,
    Stage,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person

# Reviews due within this many days are shown as reminders.
REVIEW_REMINDER_DAYS = 14

LIKELIHOOD_WORDS = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
IMPACT_WORDS = ["Insignificant", "Minor", "Moderate", "Major", "Severe"]


def _actions() -> QuerySet[Action]:
    return Action.objects.prefetch_related(
        Prefetch("leads", ActionLead.objects.select_related("key"))
    )


def plan_full(plan: ActionPlan, today: date | None = None) -> list[Recommendation]:
    """The plan's recommendations with actions, leads and progress: five queries."""
    recommendations = list(
        plan.recommendations.prefetch_related(
            Prefetch("actions", _actions()),
            Prefetch("progress", ProgressUpdate.objects.select_related("action")),
        )
    )
    if today is not None:
        for rec in recommendations:
            mark_status(rec.actions.all(), today)
    return recommendations


def plans(council: Council, today: date) -> list[ActionPlan]:
    """Every action plan with its action counts and overdue count: one query."""
    from django.db.models import Count, Q

    closed = ["complete", "cancelled"]
    return list(
        ActionPlan.objects.filter(council=council)
        .select_related("indicator")
        .annotate(
            action_count=Count("recommendations__actions"),
            overdue_count=Count(
                "recommendations__actions",
                filter=Q(recommendations__actions__due__lt=today)
                & ~Q(recommendations__actions__status__in=closed),
            ),
        )
    )


def mark_status(actions: Iterable[Action], today: date) -> None:
    """Give each action its one status (``action.shown``) for the templates."""
    for action in actions:
        action.shown = action.shown_status(today)  # type: ignore[attr-defined]


def remedial_actions(indicator: Indicator, today: date) -> list[Action]:
    """Actions linked to an indicator (its remedial actions), with leads and progress:
    one query, plus two when there are any."""
    actions = list(
        _actions()
        .filter(indicators=indicator)
        .select_related("recommendation__plan")
        .prefetch_related(Prefetch("progress", ProgressUpdate.objects.order_by("-on", "-pk")))
        .order_by("due", "pk")
    )
    mark_status(actions, today)
    return actions


def action_progress(indicator_ids: Iterable[int], today: date) -> dict[int, list[str]]:
    """For reports: each indicator's tracked actions in a line each — text, lead, status,
    due, and the latest progress. Three queries whatever the number of indicators."""
    ids = set(indicator_ids)
    if not ids:
        return {}
    links = Action.indicators.through.objects.filter(indicator_id__in=ids)
    actions = (
        _actions()
        .filter(pk__in=links.values("action_id"))
        .prefetch_related(
            Prefetch("progress", ProgressUpdate.objects.order_by("-on", "-pk")),
            Prefetch("indicators", Indicator.objects.only("pk")),
        )
        .order_by("due", "pk")
    )
    lines: dict[int, list[str]] = {}
    for action in actions:
        latest = next(iter(action.progress.all()), None)
        parts = [action.text.strip().rstrip(".")]
        leads = ", ".join(str(lead) for lead in action.leads.all())
        if leads:
            parts.append(f"lead {leads}")
        parts.append(action.shown_status(today).label.lower())
        if action.due:
            parts.append(f"due {action.due:%d %b %Y}")
        if latest is not None:
            when = f" {latest.on:%d %b %Y}" if latest.on else ""
            parts.append(f"latest progress{when}: {latest.text.strip()}")
        line = "; ".join(parts)
        for indicator in action.indicators.all():
            if indicator.pk in ids:
                lines.setdefault(indicator.pk, []).append(line)
    return lines


# ---------------------------------------------------------------------------------------------
# Risks


def ordered(risks: QuerySet[Risk]) -> QuerySet[Risk]:
    """Highest residual score first; ties go to the higher impact, then the higher
    likelihood (a severe but unlikely risk above a likely but minor one), then reference."""
    return risks.annotate(
        score=F("residual_likelihood") * F("residual_impact"),
    ).order_by("-score", "-residual_impact", "-residual_likelihood", "reference")


@dataclass
class Cell:
    likelihood: int
    impact: int
    score: int
    band: str
    risks: list[Risk]


@dataclass
class HeatMap:
    matrix: RiskMatrix
    # Rows from the highest likelihood down, each with cells from the lowest impact up.
    rows: list[tuple[int, str, list[Cell]]]
    impacts: list[tuple[int, str]]


def level_words(levels: int, words: list[str]) -> list[str]:
    return words if levels == len(words) else [str(n) for n in range(1, levels + 1)]


def heat_map(matrix: RiskMatrix, risks: list[Risk]) -> HeatMap:
    by_cell: dict[tuple[int, int], list[Risk]] = {}
    for risk in risks:
        by_cell.setdefault((risk.residual_likelihood, risk.residual_impact), []).append(risk)
    likelihoods = level_words(matrix.likelihood_levels, LIKELIHOOD_WORDS)
    impacts = level_words(matrix.impact_levels, IMPACT_WORDS)
    rows = []
    for likelihood in range(matrix.likelihood_levels, 0, -1):
        cells = [
            Cell(
                likelihood,
                impact,
                likelihood * impact,
                matrix.band(likelihood * impact),
                by_cell.get((likelihood, impact), []),
            )
            for impact in range(1, matrix.impact_levels + 1)
        ]
        rows.append((likelihood, likelihoods[likelihood - 1], cells))
    return HeatMap(matrix, rows, list(enumerate(impacts, start=1)))


@dataclass
class RegisterView:
    register: RiskRegister
    risks: list[Risk]
    heat_map: HeatMap
    reviews_due: list[Risk]


def register_view(register: RiskRegister, today: date) -> RegisterView:
    """A register's risks in order with controls, score history and mitigating actions:
    four queries."""
    risks = list(
        ordered(register.risks.all())
        .select_related("owner_person__user")
        .prefetch_related(
            "controls", "history", Prefetch("mitigating_actions", Action.objects.order_by("pk"))
        )
    )
    for risk in risks:
        mark_status(risk.mitigating_actions.all(), today)  # actions: their one status
    soon = today + timedelta(days=REVIEW_REMINDER_DAYS)
    return RegisterView(
        register=register,
        risks=risks,
        heat_map=heat_map(register.matrix, risks),
        reviews_due=[r for r in risks if r.next_review <= soon],
    )


def registers(council: Council) -> list[RiskRegister]:
    from django.db.models import Count

    return list(
        RiskRegister.objects.filter(council=council)
        .select_related("unit")
        .annotate(risk_count=Count("risks"))
    )


def top_risks(council: Council, limit: int = 10) -> list[Risk]:
    """The council's highest-scoring risks across every register: one query."""
    return list(
        ordered(Risk.objects.filter(register__council=council)).select_related(
            "register__matrix", "owner_person__user"
        )[:limit]
    )


# ---------------------------------------------------------------------------------------------
# Projects


def projects(council: Council) -> list[Project]:
    return list(
        Project.objects.filter(council=council)
        .select_related("last_decision")
        .prefetch_related(Prefetch("stages", Stage.objects.prefetch_related("decisions")))
    )


def project_view(project: Project) -> Project:
    """A project with stages, decisions, milestones, issues and risks: six queries."""
    return (
        Project.objects.select_related("council", "last_decision", "director__user")
        .prefetch_related(
            Prefetch("stages", Stage.objects.prefetch_related("decisions")),
            "milestones",
            "issues",
            Prefetch("risks", ordered(Risk.objects.select_related("register__matrix"))),
        )
        .get(pk=project.pk)
    )


def programme(council: Council) -> list[ProjectMilestone]:
    """Every project's milestones in date order: one query."""
    return list(
        ProjectMilestone.objects.filter(project__council=council)
        .select_related("project__last_decision")
        .order_by("due", "project__name", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Risk reviews and checkpoint decisions (issue 17 d)


def risk_view(pk: int) -> Risk:
    """One risk with its register, matrix, owner, controls and score history (with who
    reviewed): three queries."""
    return (
        Risk.objects.select_related("register__matrix", "register__council", "owner_person__user")
        .prefetch_related(
            "controls",
            Prefetch("history", RiskScore.objects.select_related("reviewed_by__user")),
        )
        .get(pk=pk)
    )


def score_chart(risk: Risk) -> str:
    """The residual score over time, with the target score for comparison, as an SVG chart
    (the page shows the same figures in a table beside it)."""
    history = list(risk.history.all())
    categories = [f"{row.on:%d %b %Y}" for row in history]
    return line_chart_svg(
        title=f"{risk.reference} residual score over time",
        description=(
            f"{len(history)} score{'s' if len(history) != 1 else ''} from "
            f"{categories[0] if categories else 'none'} to "
            f"{categories[-1] if categories else 'none'}; the latest is "
            f"{history[-1].score if history else 'not set'}, the target "
            f"{risk.target_score}. The table below gives every score."
        ),
        categories=categories,
        series=[
            Series("Residual score", [Decimal(row.score) for row in history], BLUE),
            Series(
                "Target score",
                [Decimal(risk.target_score)] * len(history),
                GREY,
                dash="6 4",
                marker="none",
            ),
        ],
        chart_id="risk-score",
    )


def reviews_for(person: Person, today: date) -> list[Risk]:
    """The risks ``person`` owns whose review is due within ``REVIEW_REMINDER_DAYS`` or
    overdue, earliest first: one query."""
    soon = today + timedelta(days=REVIEW_REMINDER_DAYS)
    return list(
        Risk.objects.filter(owner_person=person, next_review__lte=soon)
        .select_related("register")
        .order_by("next_review", "reference")
    )


def risk_work_items(person: Person, today: date) -> list[WorkItem]:
    """The "My work" items of risk reviews due or overdue for ``person``: one query."""
    items = []
    for risk in reviews_for(person, today):
        days = (risk.next_review - today).days
        if days < 0:
            state = f"Overdue {-days} day{'s' if days != -1 else ''}"
        elif days == 0:
            state = "Due today"
        else:
            state = f"Due in {days} day{'s' if days != 1 else ''}"
        items.append(
            WorkItem(
                kind="Risk reviews due",
                title=f"{risk.reference} {risk.title}",
                url=reverse("improvement:risk-review", args=[risk.pk]),
                due=risk.next_review,
                state=state,
                detail=risk.register.name,
            )
        )
    return items


def top_risks_of(register: RiskRegister, limit: int = 10) -> list[Risk]:
    """A register's highest residual scores, with owners and controls: three queries."""
    return list(
        ordered(register.risks.all())
        .select_related("owner_person__user")
        .prefetch_related("controls")[:limit]
    )


@dataclass
class TimelineRow:
    project: Project
    start: date | None
    end: date | None
    stage: Stage | None  # the stage under way (the latest started)
    milestones: list[ProjectMilestone]

    @property
    def done(self) -> int:
        return sum(1 for m in self.milestones if m.done_on is not None)


def timeline(council: Council) -> list[TimelineRow]:
    """Every project from its first stage's start to its last milestone, with its latest
    decision, stages and milestones: three queries, whatever the number of projects."""
    rows = []
    for project in (
        Project.objects.filter(council=council)
        .select_related("last_decision__stage")
        .prefetch_related("stages", "milestones")
        .order_by("name")
    ):
        stages = list(project.stages.all())
        milestones = list(project.milestones.all())
        starts = [s.started_on for s in stages if s.started_on is not None]
        ends = [m.due for m in milestones] + [m.done_on for m in milestones if m.done_on]
        started = [s for s in stages if s.started_on is not None]
        rows.append(
            TimelineRow(
                project=project,
                start=min(starts) if starts else (min(ends) if ends else None),
                end=max(ends) if ends else None,
                stage=started[-1] if started else None,
                milestones=milestones,
            )
        )
    return rows


def timeline_svg(rows: list[TimelineRow], today: date) -> str:
    """The programme as a timeline: a bar per project from start to end, a diamond per
    milestone (filled when done), a line for today; a halted project's bar is hatched grey
    and labelled, so it does not rely on colour."""
    dated = [r for r in rows if r.start is not None and r.end is not None]
    left, right, top, row_h = 200, 24, 28, 44
    width = 760
    height = top + row_h * max(len(dated), 1) + 40
    parts = [
        chart_open(
            "Programme timeline",
            f"{len(dated)} project{'s' if len(dated) != 1 else ''} from start to last "
            "milestone, with milestones and today marked. The table below gives the same dates.",
            width,
            height,
            "programme-timeline",
        ),
        '<defs><pattern id="gt-halted" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#f3f2f1"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{GREY}" stroke-width="4"/></pattern></defs>',
    ]
    if not dated:
        parts.append(
            f'<text x="{left}" y="{top + 20}" fill="{BLACK}">No dated projects yet.</text>'
        )
        parts.append("</svg>")
        return "".join(parts)
    first = min(min(r.start for r in dated if r.start), today)
    last = max(max(r.end for r in dated if r.end), today)
    span = max((last - first).days, 1)
    plot_w = width - left - right

    def x(day: date) -> float:
        return left + plot_w * (day - first).days / span

    # Year ticks along the top.
    for year in range(first.year, last.year + 2):
        tick = date(year, 1, 1)
        if first <= tick <= last:
            parts.append(
                f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 32}" '
                f'stroke="#b1b4b6" stroke-width="1"/>'
                f'<text x="{x(tick):.1f}" y="{top - 10}" text-anchor="middle" fill="{BLACK}">{year}</text>'
            )
    for index, row in enumerate(dated):
        assert row.start is not None and row.end is not None
        y = top + index * row_h + 8
        halted = row.project.halted
        fill = "url(#gt-halted)" if halted else BLUE
        label = escape(row.project.name[:28])
        parts.append(
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" fill="{BLACK}">{label}</text>'
            f'<rect x="{x(row.start):.1f}" y="{y}" width="{max(x(row.end) - x(row.start), 2):.1f}" '
            f'height="20" fill="{fill}" stroke="{BLACK if halted else BLUE}" stroke-width="1"/>'
        )
        if halted:
            parts.append(
                f'<text x="{x(row.start) + 6:.1f}" y="{y + 34}" fill="{BLACK}" '
                'font-weight="bold">Halted</text>'
            )
        for milestone in row.milestones:
            mx, my = x(milestone.due), y + 10
            done = milestone.done_on is not None
            parts.append(
                f'<polygon points="{mx:.1f},{my - 7:.1f} {mx + 7:.1f},{my:.1f} {mx:.1f},{my + 7:.1f} '
                f'{mx - 7:.1f},{my:.1f}" fill="{ORANGE if done else "#ffffff"}" '
                f'stroke="{BLACK}" stroke-width="1.5"/>'
            )
    tx = x(today)
    parts.append(
        f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 4}" y2="{height - 32}" stroke="{BLACK}" '
        f'stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{tx:.1f}" y="{height - 18}" text-anchor="middle" fill="{BLACK}">Today</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


# Action pages and each person's actions (issue 17 part c)


def action_detail(pk: int, today: date) -> Action:
    """One action with its plan, leads, progress (latest first) and new-date requests: four
    queries."""
    action = get_object_or_404(
        _actions()
        .select_related(
            "recommendation__plan__owner__user", "recommendation__plan__council", "merged_into"
        )
        .prefetch_related(
            Prefetch("progress", ProgressUpdate.objects.order_by("-on", "-pk")),
            Prefetch("date_requests", DueDateRequest.objects.order_by("-asked_on", "-pk")),
        ),
        pk=pk,
    )
    mark_status([action], today)
    return action


def pending_date_requests(plan: ActionPlan) -> list[DueDateRequest]:
    """The plan's requests for new dates waiting for its owner, oldest first: two queries
    whatever their number."""
    return list(
        DueDateRequest.objects.filter(
            action__recommendation__plan=plan, state=DueDateRequest.State.PENDING
        )
        .select_related("action__recommendation")
        .prefetch_related(Prefetch("action__leads", ActionLead.objects.select_related("key")))
        .order_by("asked_on", "pk")
    )


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def work_items(person: Any, today: date) -> list[WorkItem]:
    """A person's work on action plans: progress to report and overdue actions they lead, and
    new dates to decide on plans they own. Two queries."""
    items: list[WorkItem] = []
    led = (
        Action.objects.filter(leads__key__person=person, closed_on=None)
        .exclude(status__in=["complete", "cancelled"])
        .select_related("recommendation__plan")
        .annotate(last_progress=Max("progress__on"))
        .distinct()
        .order_by("due", "pk")
    )
    for action in led:
        url = reverse("improvement:action", args=[action.pk])
        plan_title = action.recommendation.plan.title
        if action.shown_status(today) is Shown.OVERDUE:
            assert action.due is not None  # overdue means a due date
            items.append(
                WorkItem(
                    kind="Overdue actions",
                    title=action.text[:120],
                    url=url,
                    due=action.due,
                    state=f"Overdue {_days((today - action.due).days)}",
                    detail=plan_title,
                )
            )
        started = action.started_on or action.created_on.date()
        owed = next_progress_due(
            last_progress=action.last_progress,
            started=started,
        )
        if owed is not None and owed <= today + timedelta(days=7):
            state = (
                f"Overdue {_days((today - owed).days)}"
                if owed < today
                else ("Due today" if owed == today else f"Due in {_days((owed - today).days)}")
            )
            items.append(
                WorkItem(
                    kind="Action progress to report",
                    title=action.text[:120],
                    url=reverse("improvement:action-progress", args=[action.pk]),
                    due=owed,
                    state=state,
                    detail=plan_title,
                )
            )
    for request in DueDateRequest.objects.filter(
        action__recommendation__plan__owner=person, state=DueDateRequest.State.PENDING
    ).select_related("action__recommendation__plan"):
        items.append(
            WorkItem(
                kind="New due dates to decide",
                title=request.action.text[:120],
                url=reverse("improvement:date-request", args=[request.pk]),
                due=request.asked_on,
                state=f"Asked for {request.new_due:%-d %B %Y}",
                detail=request.action.recommendation.plan.title,
            )
        )
    return items
