"""Demo data: an inspection action plan (docs/sources.md#seed-003), a corporate and a service
risk register, three projects, and remedial actions on indicators whose returns name one.

Uses its own random generator, so the rest of the demo's figures do not change.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from goldenthread.improvement import services
from goldenthread.improvement.models import (
    Action,
    ActionPlan,
    DueDateRequest,
    ProgressUpdate,
    Project,
    ProjectIssue,
    ProjectMilestone,
    RiskMatrix,
    RiskRegister,
    Stage,
)
from goldenthread.indicators.models import Actual
from goldenthread.organisation.models import Council, OrgUnit, Person

KEY = [
    ("JJ", "Jane Jones", "Director of Corporate and Customer Services"),
    ("TG", "Tony Geeson", "Head of Policy and Performance"),
    ("JW", "Jennifer Watkins", "Partnership Manager"),
    ("NP", "Neil Pringle", "Chief Executive"),
    ("RB", "Robert Blower", "Head of Communications"),
    ("DJ", "David Johnson", "Head of Human Resources"),
    ("SR", "Sonia Rees", "Director of Resources"),
]

# (number, recommendation, response, [(letter, action, timescale, leads, status)], progress)
PLAN = [
    (
        5,
        "Decide on the extent to which the Council will integrate its own service planning, "
        "priorities and performance management arrangements with those of its key partners",
        "The fullest possible integration of planning, priorities and performance management "
        "with key partners is crucial.",
        [
            ("a", "Discussion with the Partnership Chief Executives' Group, then the Partnership "
             "Board, leading to a detailed implementation plan",
             "Discussions to be completed by June 2007 and the detailed implementation plan in "
             "place by December 2007", "JJ, TG, JW", "on_track"),
            ("b", "Inclusion in the detailed implementation plan for the creation of the PCT",
             "Integrated arrangements to be operating from the time the PST is operational",
             "NP", "not_started"),
        ],
        "An officer steering group of TG, JW and DN has been established.",
    ),
    (
        1,
        "Construct and communicate a high-level model that clearly and simply identifies how "
        "the Council intends to assess and measure its level of performance",
        "The initial basis for the high-level model will be a detailed analysis of what is "
        "necessary to raise the Council's key indicator scores.",
        [
            ("a", "The analysis to be discussed by SMT and CMB", "30 January 2007", "JJ, TG", "complete"),
            ("b", "Then by Cabinet and scrutiny", "22 February 2007", "", "complete"),
            ("c", "Identify potential models from high-performing local authorities",
             "End February 2007", "", "complete"),
            ("d", "The initial Council model to be operating based on its critical indicators",
             "From 1 April 2007", "JJ, TG, SR, transformation board chairs, heads of service",
             "delayed"),
            ("e", "Develop communications plan", "End February 2007", "JJ, RB", "delayed"),
            ("f", "Implement communications plan", "As to be set out in the communications plan",
             "RB", "not_started"),
        ],
        "CMB has now approved. Formal Cabinet approval still needs to be sought.",
    ),
    (
        2,
        "Develop and implement a consistent strategic approach to embedding a performance "
        "management culture",
        "To be done as an integral part of implementing Reccs. 5 and 1.",
        [
            ("a", "Complete appointment of performance improvement managers", "April 2007", "TG", "complete"),
            ("b", "Deliver SRD and risk management training", "January to March 2007",
             "DJ, TG", "on_track"),
            ("c", "Develop targeted mandatory annual training programme",
             "Operational from April 2007", "DJ, TG", "at_risk"),
        ],
        "Training proposals are still being developed: now likely in September 2007.",
    ),
    (
        14,
        "Place more emphasis on the celebration and rewarding of success",
        "To feature in all aspects of implementation and the wider approach to rewards.",
        [
            ("a", "Feature highlights of good performance in every performance report",
             "Immediately", "TG, directors, heads of service", "on_track"),
            ("b", "Develop full rewards and recognition programme",
             "To be discussed with the Head of Communications during 2007", "DJ, RB", "not_started"),
        ],
        "As b above.",
    ),
]  # fmt: skip

RISKS = [
    # reference, title, owner, category, inherent, residual, target
    ("CR1", "Budget gap not closed for next year", "Director of Resources", "Financial",
     (5, 5), (4, 4), (2, 4)),
    ("CR2", "Safeguarding failure in children's services", "Director of Children's Services",
     "Safeguarding", (4, 5), (2, 5), (1, 5)),
    ("CR3", "Cyber attack takes key systems offline", "Head of ICT", "Technology",
     (4, 4), (3, 4), (2, 3)),
    ("CR4", "Partnership priorities drift from the council's", "Partnership Manager",
     "Partnership", (3, 3), (3, 2), (2, 2)),
    ("CR5", "Key staff leave during transformation", "Head of Human Resources", "People",
     (4, 3), (3, 3), (2, 3)),
]  # fmt: skip


# Risk owners are people: each role the register names has an account, made here when the
# demo has no one in it already (username, first, last, role, scope code).
RISK_OWNERS = {
    "Director of Resources": ("s.rees", "Sonia", "Rees", Person.Role.DIRECTOR, "resources"),
    "Director of Children's Services": (
        "r.clarke", "Ruth", "Clarke", Person.Role.DIRECTOR, "children-and-education",
    ),
    "Head of ICT": ("p.nash", "Peter", "Nash", Person.Role.HEAD_OF_SERVICE, "digital"),
    "Partnership Manager": ("j.watkins", "Jennifer", "Watkins", Person.Role.STAFF, "communities"),
    "Head of Human Resources": (
        "d.johnson", "David", "Johnson", Person.Role.HEAD_OF_SERVICE,
        "hr-and-organisational-development",
    ),
}  # fmt: skip


def person(
    council: Council, username: str, first: str, last: str, role: str, title: str, scope: str
) -> Person:
    """The demo's person with this username, made (with the demo's shared password, where
    there is one to copy) if there is none yet."""
    found = Person.objects.filter(user__username=username).select_related("user").first()
    if found is not None:
        return found
    shared = User.objects.filter(username="performance").values_list("password", flat=True).first()
    user = User(
        username=username, first_name=first, last_name=last,
        email=f"{first}.{last}@castlebridge.example".lower(),
    )  # fmt: skip
    if shared:
        user.password = shared
    else:
        user.set_unusable_password()
    user.save()
    return Person.objects.create(
        user=user, council=council, role=role, job_title=title,
        scope=OrgUnit.objects.filter(council=council, code=scope).first() if scope else None,
    )  # fmt: skip


def risk_owner(council: Council, title: str) -> Person:
    username, first, last, role, scope = RISK_OWNERS[title]
    return person(council, username, first, last, role, title, scope)


def head_of(council: Council, unit: OrgUnit | None) -> Person:
    """The head of service whose scope is ``unit``, else the demo's head of service login,
    else a new one."""
    found = (
        Person.objects.filter(council=council, role=Person.Role.HEAD_OF_SERVICE, scope=unit)
        .select_related("user")
        .first()
        if unit is not None
        else None
    )
    return found or person(
        council, "head_of_service", "Marcus", "Bell", Person.Role.HEAD_OF_SERVICE,
        "Head of service", unit.code if unit else "",
    )  # fmt: skip


def build(*, council: Council, today: date, seed: int) -> None:
    rng = random.Random(seed + 6)  # nosec B311  # seeded, repeatable demo figures, not a secret
    plan = services.plan_create(
        None,
        council=council,
        ref="audit-commission-2007",
        kind=ActionPlan.Kind.INSPECTION,
        title="Managing performance management: action plan to respond to the Audit Commission",
        subtitle="Approved January 2007 Audit & Corporate Governance Committee",
    )
    for initials, name, role in KEY:
        services.key_add(None, plan, initials, name, role)
    for number, text, response, actions, progress in PLAN:
        rec = services.recommendation_add(None, plan, number, text, response)
        made = []
        for letter, action_text, timescale, leads, status in actions:
            made.append(
                services.action_add(
                    None, rec, text=action_text, letter=letter, timescale=timescale,
                    leads=leads, status=status,
                )
            )  # fmt: skip
        services.progress_add(None, rec, text=progress, on=date(2007, 6, 15), by="TG")
        services.progress_add(
            None, rec, action=made[0], text="Reviewed at the performance improvement network.",
            on=date(2007, 6, 20), status=made[0].status, by="TG",
        )  # fmt: skip

    plan.owner = Person.objects.filter(council=council, user__username="performance").first()
    plan.save(update_fields=["owner"])
    _current_plan(council, today)

    # Remedial actions for indicators whose returns name one.
    for actual in (
        Actual.objects.filter(indicator__council=council)
        .exclude(remedial_action="")
        .select_related("indicator")
        .order_by("indicator__code", "-period__start")[:40]
    ):
        indicator = actual.indicator
        if indicator.remedial_plans.exists():
            continue
        action = services.remedial_action_add(
            None, indicator, text=actual.remedial_action[:500],
            timescale=(today + timedelta(days=rng.choice([30, 60, 90]))).strftime("End %B %Y"),
            role_lead="Head of service",
        )  # fmt: skip
        services.progress_add(
            None, action.recommendation, action=action, on=today - timedelta(days=7),
            text="Agreed at the directorate performance clinic.", status="on_track",
            by="Performance team",
        )  # fmt: skip
        if indicator.owner_id and not action.recommendation.plan.owner_id:
            ActionPlan.objects.filter(pk=action.recommendation.plan_id).update(
                owner_id=indicator.owner_id
            )
        Action.objects.filter(pk=action.pk).update(started_on=today - timedelta(days=30))
        if ActionPlan.objects.filter(council=council, kind=ActionPlan.Kind.REMEDIAL).count() >= 3:
            break

    matrix = RiskMatrix.objects.create(council=council, name="Corporate 5×5")
    corporate = RiskRegister.objects.create(
        council=council, matrix=matrix, level="corporate", name="Corporate risk register"
    )
    for reference, title, owner, category, inherent, residual, target in RISKS:
        risk = services.risk_create(
            None, on=today - timedelta(days=180), register=corporate, reference=reference,
            title=title, owner=owner, owner_person=risk_owner(council, owner), category=category,
            cause="Pressures described in the medium-term financial strategy"
            if category == "Financial" else "",
            consequence="Services cut back in year" if category == "Financial" else "",
            inherent_likelihood=inherent[0], inherent_impact=inherent[1],
            residual_likelihood=min(5, residual[0] + 1), residual_impact=residual[1],
            target_likelihood=target[0], target_impact=target[1],
            review_months=3, next_review=today + timedelta(days=rng.randint(-10, 80)),
        )  # fmt: skip
        services.risk_rescore(
            None, risk, likelihood=residual[0], impact=residual[1],
            on=today - timedelta(days=90), reviewed=False,
        )  # fmt: skip
        services.control_add(
            None, risk, description=f"Monthly monitoring by the {owner}", owner=owner,
            effectiveness=rng.choice(["effective", "partly"]),
        )  # fmt: skip
    corporate.risks.get(reference="CR4").mitigating_actions.add(
        plan.recommendations.get(number=5).actions.first()  # type: ignore[arg-type]
    )

    # The service register is the demo head of service's own, so that login owns its risks.
    head = Person.objects.filter(council=council, user__username="head_of_service").first()
    service_unit = (
        head.scope
        if head is not None and head.scope is not None
        else OrgUnit.objects.filter(council=council, kind="service").order_by("pk").first()
    )
    service_head = head_of(council, service_unit)
    service = RiskRegister.objects.create(
        council=council, matrix=matrix, level="service", unit=service_unit,
        name=f"{service_unit.name if service_unit else 'Service'} risk register",
    )  # fmt: skip
    for n, (title, l_i) in enumerate(
        [("Vehicle fleet breakdowns", (3, 3)), ("Contractor fails", (2, 4)),
         ("Severe weather stops rounds", (3, 2))], start=1,
    ):  # fmt: skip
        services.risk_create(
            None, on=today - timedelta(days=60), register=service, reference=f"SR{n}",
            title=title, owner="Head of service", owner_person=service_head,
            category="Operational",
            inherent_likelihood=min(5, l_i[0] + 1), inherent_impact=l_i[1],
            residual_likelihood=l_i[0], residual_impact=l_i[1],
            target_likelihood=1, target_impact=l_i[1], review_months=6,
            next_review=today + timedelta(days=rng.randint(5, 150)),
        )  # fmt: skip

    _projects(council, today, corporate)


def _projects(council: Council, today: date, register: RiskRegister) -> None:
    # Each project's sponsoring director records its review board's decisions: the leisure
    # centre is the demo's Director of Place's (the "director" login), the rest Resources'.
    resources = risk_owner(council, "Director of Resources")
    place = person(
        council, "director", "Helen", "Ashworth", Person.Role.DIRECTOR, "Director of Place", "place"
    )
    specs = [
        ("Customer services centre", ["Initiation", "Design", "Build", "Go live"], 3, None),
        ("New leisure centre", ["Feasibility", "Procurement", "Construction"], 2, "halt"),
        ("Digital records", ["Initiation", "Pilot", "Roll-out"], 1, None),
    ]
    for index, (name, stages, reached, last) in enumerate(specs):
        director = place if last == "halt" else resources
        project = Project.objects.create(
            council=council, name=name, director=director,
            sponsor=director.job_title,
            manager=["Programme manager", "Project manager", "ICT project manager"][index],
            review_board="Chief Executive (chair), Director of Resources, Head of Finance",
            time_status=["green", "red", "amber"][index], cost_status=["green", "amber", "green"][index],
            quality_status="green",
        )  # fmt: skip
        start = today - timedelta(days=120 * reached)
        made = [
            Stage.objects.create(project=project, number=n, name=stage_name)
            for n, stage_name in enumerate(stages, start=1)
        ]
        on = start
        for n, stage in enumerate(made[:reached], start=1):
            services.stage_start(None, stage, on=on)
            on += timedelta(days=100)
            if n < reached:
                services.checkpoint_record(
                    None, stage, decision="proceed" if n % 2 else "conditions", on=on,
                    minute="The board is satisfied the stage is complete.",
                    conditions="" if n % 2 else "Benefits realisation plan to the next board.",
                )  # fmt: skip
                on += timedelta(days=7)
        if last == "halt":
            services.checkpoint_record(
                None, made[reached - 1], decision="halt", on=today - timedelta(days=14),
                minute="Halted until the revised business case shows the running costs are affordable.",
            )  # fmt: skip
            ProjectIssue.objects.create(
                project=project, title="Tender prices 20% above budget", raised_on=today - timedelta(days=30)
            )  # fmt: skip
        for n, stage in enumerate(made, start=1):
            ProjectMilestone.objects.create(
                project=project, title=f"{stage.name} complete",
                due=start + timedelta(days=107 * n),
                done_on=start + timedelta(days=100 * n) if n < reached else None,
            )  # fmt: skip
        project.risks.add(register.risks.order_by("reference")[index])


# A current plan whose leads are people with accounts: they record progress in the pages.
# (username, initials); the director owns the plan, the others lead its actions.
CURRENT_KEY = [
    ("director", "HA"),
    ("owner", "AR"),
    ("performance", "GL"),
    ("head_of_service", "MB"),
]
# (recommendation, [(action, lead, started days ago, due in days, reported status,
#   % complete, last progress days ago)])
CURRENT: list[tuple[str, list[tuple[str, str, int, int, str, int, int | None]]]] = [
    (
        "Process new benefit claims within 20 days",
        [
            ("Clear the backlog of new claims older than 30 days", "AR", 120, -10, "on_track",
             70, 40),
            ("Introduce online evidence upload for claimants", "AR", 60, 75, "at_risk", 30, 20),
        ],
    ),
    (
        "Make performance clinics routine in every directorate",
        [
            ("Hold a monthly performance clinic in Place", "MB", 90, 45, "on_track", 50, 10),
            ("Publish the clinic timetable on the intranet", "GL", 90, -30, "complete", 100, 35),
            ("Review the waste collection round data with the contractor", "MB", 20, 20,
             "not_started", 0, None),
        ],
    ),
]  # fmt: skip


def _current_plan(council: Council, today: date) -> None:
    people = {
        p.user.username: p
        for p in Person.objects.filter(
            council=council, user__username__in=[u for u, _ in CURRENT_KEY]
        ).select_related("user")
    }
    if len(people) < len(CURRENT_KEY):
        return  # a council without the demo's accounts
    plan = services.plan_create(
        None, council=council, ref="corporate-improvement", kind=ActionPlan.Kind.CORPORATE,
        title="Corporate improvement plan", subtitle="Agreed by the Cabinet this year",
        owner=people["director"],
    )  # fmt: skip
    keys = {}
    for username, initials in CURRENT_KEY:
        person = people[username]
        keys[initials] = services.key_add(None, plan, initials, str(person), person.job_title)
        keys[initials].person = person
        keys[initials].save(update_fields=["person"])
    for number, (text, actions) in enumerate(CURRENT, start=1):
        rec = services.recommendation_add(None, plan, number, text)
        for letter, (action_text, lead, started, due_in, status, percent, last) in zip(
            "abcdefg", actions, strict=False
        ):
            due = today + timedelta(days=due_in)
            action = services.action_add(
                None, rec, text=action_text, letter=letter, timescale=f"{due:%-d %B %Y}",
                due=due, leads=lead, status=status,
            )  # fmt: skip
            done = today + timedelta(days=due_in) if status == "complete" else None
            Action.objects.filter(pk=action.pk).update(
                started_on=today - timedelta(days=started), percent_complete=percent,
                completed_on=done, closed_on=done,
            )  # fmt: skip
            if last is not None:
                update = services.progress_add(
                    None, rec, action=action, on=today - timedelta(days=last),
                    text="Reported at the monthly performance clinic.", status=status,
                    by=str(keys[lead].person), update_action=False,
                )  # fmt: skip
                ProgressUpdate.objects.filter(pk=update.pk).update(percent_complete=percent)
    waiting = plan.recommendations.get(number=1).actions.get(letter="b")
    DueDateRequest.objects.create(
        action=waiting, asked_on=today - timedelta(days=3), current_due=waiting.due,
        new_due=today + timedelta(days=120),
        reason="The supplier's release of the upload module has slipped to the spring.",
    )  # fmt: skip
