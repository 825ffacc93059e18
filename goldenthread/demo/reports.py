"""Demo bodies, meetings, a full reporting matrix and referrals for the demo council.

Called once at the end of ``goldenthread.demo.builder.build_council``, with its own
``random.Random`` so the rest of the demo's figures do not change.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from goldenthread.indicators.models import Actual, Family, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.periods import financial_year_of
from goldenthread.reports.models import (
    Body,
    Challenge,
    ChallengeSession,
    CycleEvent,
    FinanceFigure,
    MatrixEntry,
    Meeting,
    Referral,
    UnitCost,
)

# (kind, name, matrix heading, meetings a year) in the column order of
# docs/sources.md#seed-002-appendix-5.
BODIES = (
    (Body.Kind.COUNCIL, "Council", "Council", 6),
    (Body.Kind.CABINET, "Cabinet", "Cabinet", 10),
    (Body.Kind.SCRUTINY, "Overview and Scrutiny Committee", "Scrutiny", 6),
    (Body.Kind.PANEL, "Performance Panel", "Panel / Forum", 4),
    (Body.Kind.LEAD_MEMBER, "Lead member briefing", "Lead Memb.", 12),
    (Body.Kind.DIRECTOR, "Director", "Director", 12),
    (Body.Kind.SMG_DMT, "Directorate management team", "SMG / DMT", 12),
    (Body.Kind.ASSISTANT_DIRECTOR, "Assistant director", "A.D.", 12),
    (Body.Kind.SMM, "Senior managers' meeting", "SMM", 4),
    (Body.Kind.TEAM, "Team meeting", "Team Mtg.", 12),
    (Body.Kind.LSP_BOARD, "Local Strategic Partnership board", "LSP board", 4),
)
FORMATS = ("Exception report", "Scorecard", "Full PI report", "Dashboard")


def _meeting_dates(year: int, per_year: int, rng: random.Random) -> list[date]:
    """``per_year`` dates spread through financial year ``year``, on weekdays."""
    start = date(year, 4, 1)
    dates = []
    for n in range(per_year):
        day = start + timedelta(days=int((n + 0.5) * 365 / per_year) + rng.randint(-3, 3))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        dates.append(day)
    return sorted(set(dates))


def _times(indicator: Indicator, kind: str, rng: random.Random) -> int | None:
    """How often a body of ``kind`` receives the indicator (None: it does not)."""
    national = indicator.family in (Family.NATIONAL_BVPI, Family.NATIONAL_INDICATOR)
    monthly = indicator.frequency == "month"
    if kind == Body.Kind.COUNCIL:
        return 1 if indicator.is_key else None
    if kind == Body.Kind.CABINET:
        return 4 if indicator.is_key else None
    if kind == Body.Kind.SCRUTINY:
        return 4 if indicator.is_key else 1
    if kind == Body.Kind.PANEL:
        return 2 if national and rng.random() < 0.5 else None
    if kind == Body.Kind.LEAD_MEMBER:
        return 4
    if kind in (Body.Kind.DIRECTOR, Body.Kind.SMG_DMT):
        return 12 if monthly else 4
    if kind == Body.Kind.ASSISTANT_DIRECTOR:
        return 12 if monthly else 4
    if kind == Body.Kind.SMM:
        return 4 if indicator.is_key and rng.random() < 0.5 else None
    if kind == Body.Kind.TEAM:
        return 12 if monthly else None
    if kind == Body.Kind.LSP_BOARD:
        return 2 if indicator.family == Family.PARTNERSHIP else None
    return None


def build(*, council: Council, today: date, seed: int) -> None:
    rng = random.Random(seed + 505)  # nosec B311  # seeded, repeatable demo figures, not a secret
    bodies = Body.objects.bulk_create(
        [
            Body(council=council, kind=kind, name=name, short_name=short, position=i)
            for i, (kind, name, short, _) in enumerate(BODIES)
        ]
    )
    this_year = financial_year_of(today)
    meetings = []
    for body, (_, _, _, per_year) in zip(bodies, BODIES, strict=True):
        for year in (this_year - 1, this_year, this_year + 1):
            meetings += [Meeting(body=body, date=d) for d in _meeting_dates(year, per_year, rng)]
    Meeting.objects.bulk_create(meetings)

    indicators = list(Indicator.objects.filter(council=council).order_by("code"))
    entries = []
    for indicator in indicators:
        for body in bodies:
            times = _times(indicator, body.kind, rng)
            if times is None:
                continue
            entries.append(
                MatrixEntry(
                    indicator=indicator,
                    body=body,
                    times_per_year=times,
                    format=rng.choice(FORMATS) if body.kind == Body.Kind.CABINET else "",
                    comments="Annual outturn report" if body.kind == Body.Kind.COUNCIL else "",
                )
            )
    MatrixEntry.objects.bulk_create(entries, batch_size=1000)
    _finance(council, today, rng, indicators)
    _cycle(council, bodies)

    # Scrutiny and a lead member refer two red indicators to Cabinet this quarter.
    scrutiny = next(b for b in bodies if b.kind == Body.Kind.SCRUTINY)
    lead = next(b for b in bodies if b.kind == Body.Kind.LEAD_MEMBER)
    cabinet = next(b for b in bodies if b.kind == Body.Kind.CABINET)
    quarter = Period.objects.filter(kind="quarter", deadline__lt=today).order_by("-start").first()
    if quarter is None:
        return
    weak = [
        a.indicator
        for a in Actual.objects.filter(
            indicator__council=council, period__kind="quarter", period=quarter
        )
        .exclude(remedial_action="")
        .select_related("indicator__service")
        .order_by("indicator__code")[:2]
    ]
    notes = (
        "The committee is concerned at the third quarter below target and asks Cabinet to "
        "require an improvement plan from the service head.",
        "Referred for Cabinet to note the worsening trend and the remedial action proposed.",
    )
    _challenges(council, today, quarter, weak)
    Referral.objects.bulk_create(
        [
            Referral(
                indicator=indicator,
                period=quarter,
                from_body=sender,
                to_body=cabinet,
                note=note,
                referred_on=today - timedelta(days=7),
            )
            for indicator, sender, note in zip(weak, (scrutiny, lead), notes, strict=False)
        ]
    )


# Unit costs whose output is what the service's whole budget buys, each a count the service
# reports (issue 19: the first count of each service gave £20,605 per complaint and a cost
# "per residual household waste per household (kg)").
UNIT_COSTS = (
    ("LPI DIG5", "Cost per transaction completed online"),
    ("LPI EH1", "Cost per family supported by early help"),
    ("LPI LC1", "Cost per visit to a leisure centre"),
)


def _finance(
    council: Council, today: date, rng: random.Random, indicators: list[Indicator]
) -> None:
    """Five years of quarterly budget, spend and forecast per service, and the unit costs of
    ``UNIT_COSTS``."""
    services = list(OrgUnit.objects.filter(council=council, kind=OrgUnit.Kind.SERVICE))
    quarters = [
        p
        for p in Period.objects.filter(kind="quarter", end__lt=today).order_by("start")
        if p.financial_year > (financial_year_of(today)) - 5
    ]
    figures = []
    for service in services:
        budget = Decimal(rng.randrange(800, 12_000) * 1000)
        for quarter in quarters:
            if quarter.sequence == 1:
                budget = (budget * Decimal(rng.uniform(0.97, 1.06))).quantize(Decimal(1000))
                drift = Decimal(rng.uniform(-0.06, 0.08))
            share = Decimal(quarter.sequence) / 4
            spend = (budget * share * (1 + drift * share)).quantize(Decimal("0.01"))
            forecast = (budget * (1 + drift * share)).quantize(Decimal(100))
            figures.append(
                FinanceFigure(
                    service=service,
                    period=quarter,
                    budget=budget,
                    spend_to_date=spend,
                    forecast=forecast,
                )
            )
    FinanceFigure.objects.bulk_create(figures, batch_size=1000)
    by_code = {i.code: i for i in indicators}
    costs = [
        UnitCost(service=by_code[code].service, indicator=by_code[code], label=label)
        for code, label in UNIT_COSTS
        if code in by_code
    ]
    UnitCost.objects.bulk_create(costs)


# docs/sources.md#seed-001-appendix-1, the overall timetable, with its bodies named as the demo's.
CYCLE = (
    (
        1,
        "budget",
        "Report on the Collection Fund and setting the council tax base",
        "Cabinet",
        "Director of Finance",
    ),
    (
        1,
        "business_plans",
        "Presentation on key targets",
        "Directorate management team",
        "Directors",
    ),
    (
        1,
        "scorecard",
        "Open meetings for members to discuss key issues and choose key indicators",
        "Council",
        "Performance team",
    ),
    (2, "budget", "Budget to Cabinet, then to Council", "Council", "Director of Finance"),
    (
        2,
        "business_plans",
        "Final allocation of resources and confirmation of targets",
        "Cabinet",
        "Directors",
    ),
    (3, "business_plans", "Member endorsement of business plans", "Cabinet", "Directors"),
    (
        3,
        "scorecard",
        "Cabinet decides which indicators the scrutiny committee monitors",
        "Cabinet",
        "Performance team",
    ),
    (
        4,
        "scorecard",
        "Full-year monitoring begins",
        "Overview and Scrutiny Committee",
        "Performance team",
    ),
    (4, "corporate_plan", "Approval of the corporate plan", "Council", "Chief Executive"),
    (
        5,
        "community_strategy",
        "Community Strategy report cards",
        "Local Strategic Partnership board",
        "LSP manager",
    ),
    (
        6,
        "corporate_plan",
        "Publication of the corporate plan, including national indicators",
        "Council",
        "Performance team",
    ),
    (
        8,
        "budget",
        "Medium-term financial strategy: capital resources reviewed",
        "Cabinet",
        "Director of Finance",
    ),
    (
        9,
        "budget",
        "Revision of estimates; budget process for next year begins",
        "Directorate management team",
        "Director of Finance",
    ),
    (
        10,
        "business_plans",
        "Audits of directorates",
        "Directorate management team",
        "Performance team",
    ),
    (
        10,
        "corporate_plan",
        "Performance monitoring and corporate plan update",
        "Cabinet",
        "Performance team",
    ),
    (
        11,
        "business_plans",
        "Development of service objectives",
        "Directorate management team",
        "Heads of service",
    ),
    (
        12,
        "budget",
        "Budget guidelines report to the Performance Panel, Cabinet and Council",
        "Performance Panel",
        "Director of Finance",
    ),
    (
        12,
        "community_strategy",
        "LSP monitors the Community Strategy and names key issues",
        "Local Strategic Partnership board",
        "LSP manager",
    ),
)


def _cycle(council: Council, bodies: list[Body]) -> None:
    by_name = {body.name: body for body in bodies}
    CycleEvent.objects.bulk_create(
        CycleEvent(
            council=council,
            month=month,
            strand=strand,
            activity=activity,
            body=by_name.get(body),
            owner=owner,
        )
        for month, strand, activity, body, owner in CYCLE
    )


def _challenges(council: Council, today: date, quarter: Period, weak: list[Indicator]) -> None:
    """A quarterly evaluation and a challenge board, with challenges open, answered and closed."""
    evaluation = ChallengeSession.objects.create(
        council=council,
        kind=ChallengeSession.Kind.QUARTERLY,
        title=f"Quarterly performance evaluation, {quarter.label}",
        held_on=today - timedelta(days=14),
    )
    board = ChallengeSession.objects.create(
        council=council,
        kind=ChallengeSession.Kind.BOARD,
        title="Challenge board",
        held_on=today - timedelta(days=90),
    )
    rows = []
    for indicator in weak:
        rows.append(
            Challenge(
                session=evaluation,
                indicator=indicator,
                challenge="Service head to explain and bring an improvement plan.",
                owner=f"Head of {indicator.service.name}",
                due=today + timedelta(days=21),
            )
        )
    others = list(Indicator.objects.filter(council=council, is_key=True).order_by("code")[:2])
    for indicator, state in zip(
        others, (Challenge.Status.ANSWERED, Challenge.Status.CLOSED), strict=False
    ):
        rows.append(
            Challenge(
                session=board,
                indicator=indicator,
                challenge="Explain the fall against the same quarter last year.",
                owner="Director",
                due=today - timedelta(days=60),
                answer="Staff vacancies in the first quarter; filled in July.",
                decision="Accepted; monitor for two quarters."
                if state == Challenge.Status.CLOSED
                else "",
                status=state,
                closed_on=today - timedelta(days=45) if state == Challenge.Status.CLOSED else None,
            )
        )
    Challenge.objects.bulk_create(rows)
