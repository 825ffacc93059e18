"""The demo council's golden thread: a community strategy with seven themes (like
docs/sources.md#seed-001-2-18), a corporate plan, directorate and service plans for every
directorate and service, section work programmes with quarterly milestones, community action
plans for three areas, an LAA with partner shares, an LPSA with 13 stretch targets, and
appraisals for a sample of people. Built from its own seeded generator, so the indicator history
is not disturbed.

Rows are checked with ``clean_fields()`` and written with ``bulk_create``, as the rest of the
demo is; the thread's own rules (levels, no cycles) hold by construction here and are tested
through the services in ``tests/plans``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import models

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import financial_year_of
from goldenthread.plans.models import (
    Appraisal,
    Area,
    Milestone,
    Objective,
    ObjectiveIndicator,
    ObjectiveLink,
    Partner,
    Plan,
    PlanKind,
    RewardRule,
    StaffObjective,
    StaffObjectiveLink,
    StretchTarget,
    TargetShare,
)

M = TypeVar("M", bound=models.Model)

# The seven outcome statements of docs/sources.md#seed-001-2-18, for Castlebridge, each with two
# outcomes.
THEMES: tuple[tuple[str, tuple[str, str], tuple[str, ...]], ...] = (
    (
        "A safe borough where people respect each other and their surroundings",
        ("Less crime and fear of crime", "Less anti-social behaviour in every ward"),
        ("communities", "legal-and-democratic-services"),
    ),
    (
        "High-quality education and lifelong learning",
        ("Every child achieves more at school", "More adults gain skills and qualifications"),
        ("education-and-skills", "early-help"),
    ),
    (
        "A thriving economy with skilled jobs, protecting those not in work",
        ("More local people in sustained work", "Benefits paid promptly and accurately"),
        ("revenues-and-benefits", "planning"),
    ),
    (
        "A clean, green, healthy and attractive environment",
        ("Less waste, more recycled", "Clean streets and well-kept roads"),
        ("waste-and-recycling", "highways-and-transport"),
    ),
    (
        "Decent affordable homes, with support where it is needed",
        ("Fewer households homeless", "More affordable homes built"),
        ("housing-needs", "planning"),
    ),
    (
        "Confident, healthy people living independent lives",
        ("Healthier lifestyles and longer lives", "Older people living independently"),
        ("public-health", "adult-social-care", "leisure-and-culture"),
    ),
    (
        "A friendly, inclusive borough where everyone has a voice",
        ("Children and families safe and supported", "Residents satisfied with their council"),
        ("childrens-social-care", "customer-services", "policy-and-performance"),
    ),
)

PRIORITIES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Safer, stronger communities", (0, 6)),
    ("Better outcomes for children and young people", (1, 6)),
    ("Jobs, homes and a growing economy", (2, 4)),
    ("A cleaner, greener Castlebridge", (3,)),
    ("Healthy, independent lives", (5,)),
    ("An efficient council that listens", (6, 2)),
)

PARTNERS = (
    ("castlebridge-police", "Castlebridge Neighbourhood Policing"),
    ("nhs-castlebridge", "NHS Castlebridge Integrated Care"),
    ("fire-and-rescue", "Castlebridge Fire and Rescue Service"),
    ("castlebridge-college", "Castlebridge College"),
    ("voluntary-action", "Voluntary Action Castlebridge"),
)

AREAS = (
    ("north", "North Castlebridge", ("Abbey", "Millbrook", "Northgate")),
    ("central", "Central Castlebridge", ("Castle", "Market", "Riverside")),
    ("south", "South Castlebridge", ("Southfields", "Weir", "Woodhouse")),
)

# Portsmouth's 13 LPSA target areas (docs/sources.md#seed-001-2-20), reworded for Castlebridge.
LPSA_TARGETS = (
    "Raise attainment of 14 year olds in English, maths, science and ICT",
    "More pupils gaining five or more GCSEs at A*-C",
    "More pupils gaining five or more GCSEs at A*-G including English and maths",
    "More lone parents in sustained jobs",
    "Better life chances for children in care",
    "Fewer young people reoffending",
    "Fewer people killed or seriously injured on the roads",
    "Fewer accidental fire deaths at home",
    "Efficiency savings above the 2% a year Best Value requires",
    "More 7 year olds at the expected standard in reading, writing and maths",
    "More school leavers going on to education, training or jobs",
    "Faster processing of new Housing Benefit and Council Tax Benefit claims",
    "More physical activity among primary-age children",
)


def _checked(instance: M) -> M:
    instance.clean_fields()
    return instance


def _save(rows: list[M]) -> list[M]:
    if rows:
        type(rows[0]).objects.bulk_create(rows)  # type: ignore[attr-defined]
    return rows


class _Builder:
    def __init__(self, council: Council, today: date, seed: int) -> None:
        self.council = council
        self.today = today
        self.rng = random.Random(seed * 31 + 4)  # nosec B311  # seeded, repeatable demo figures, not a secret
        self.year = financial_year_of(today)
        self.fy_start = date(self.year, 4, 1)
        self.fy_end = date(self.year + 1, 3, 31)
        self.units = {u.code: u for u in OrgUnit.objects.filter(council=council)}
        self.people = list(Person.objects.filter(council=council).select_related("user", "scope"))
        self.indicators_by_service: dict[int, list[Indicator]] = defaultdict(list)
        for indicator in Indicator.objects.filter(council=council).order_by("code"):
            self.indicators_by_service[indicator.service_id].append(indicator)
        self.links: list[ObjectiveLink] = []
        self.measures: list[ObjectiveIndicator] = []

    # --- helpers ---

    def plan(self, kind: PlanKind, title: str, start: date, end: date, **fields: object) -> Plan:
        plan = _checked(
            Plan(council=self.council, kind=kind, title=title, start=start, end=end, **fields)
        )
        plan.save()
        return plan

    def objectives(self, rows: list[Objective]) -> list[Objective]:
        return _save([_checked(o) for o in rows])

    def link(self, source: Objective, target: Objective) -> None:
        self.links.append(ObjectiveLink(source=source, target=target))

    def measure(self, objective: Objective, indicator: Indicator) -> None:
        self.measures.append(ObjectiveIndicator(objective=objective, indicator=indicator))

    def service_indicators(self, code: str) -> list[Indicator]:
        unit = self.units.get(code)
        return self.indicators_by_service.get(unit.pk, []) if unit else []

    # --- the cascade ---

    def build(self) -> None:
        outcomes = self.community_strategy()
        corporate = self.corporate_plan(outcomes)
        directorate_objectives = self.directorate_plans(corporate)
        service_objectives = self.service_plans(corporate, directorate_objectives)
        section_objectives = self.work_programmes(service_objectives)
        self.community_action_plans(corporate)
        self.laa(outcomes)
        self.lpsa(corporate)
        ObjectiveLink.objects.bulk_create(self.links)
        ObjectiveIndicator.objects.bulk_create(self.measures, ignore_conflicts=True)
        self.appraisals(section_objectives, service_objectives, directorate_objectives, corporate)

    def community_strategy(self) -> list[tuple[Objective, tuple[str, ...]]]:
        plan = self.plan(
            PlanKind.COMMUNITY_STRATEGY,
            "Castlebridge Community Strategy: Proud of our past, ambitious for our future",
            date(self.year - 2, 4, 1),
            date(self.year + 3, 3, 31),
            purpose="The Local Strategic Partnership's vision for the borough, with outcomes "
            "and measurable targets for seven themes.",
        )
        themes = self.objectives(
            [
                Objective(
                    plan=plan, kind=Objective.Kind.THEME, ref=f"T{n}", title=title, position=n
                )
                for n, (title, _, _) in enumerate(THEMES, start=1)
            ]
        )
        rows: list[tuple[Objective, tuple[str, ...]]] = []
        outcome_rows = []
        for theme, (_, outcome_titles, services) in zip(themes, THEMES, strict=True):
            for k, title in enumerate(outcome_titles, start=1):
                outcome_rows.append(
                    (
                        Objective(
                            plan=plan,
                            parent=theme,
                            kind=Objective.Kind.OUTCOME,
                            ref=f"{theme.ref}.{k}",
                            title=title,
                            target_text="Measurable improvement by 2029 on the 2024 baseline",
                            position=k,
                        ),
                        services,
                    )
                )
        saved = self.objectives([o for o, _ in outcome_rows])
        for outcome, (_, services) in zip(saved, outcome_rows, strict=True):
            rows.append((outcome, services))
            # The outcome is measured by a headline indicator of its theme's first service.
            candidates = self.service_indicators(services[int(outcome.ref[-1]) % len(services)])
            if candidates:
                self.measure(outcome, candidates[0])
        return rows

    def corporate_plan(self, outcomes: list[tuple[Objective, tuple[str, ...]]]) -> list[Objective]:
        plan = self.plan(
            PlanKind.CORPORATE,
            f"Corporate Plan {self.year}/{str(self.year + 1)[-2:]}",
            self.fy_start,
            self.fy_end,
            purpose="The council's priorities and pledges for the year.",
        )
        priorities = self.objectives(
            [
                Objective(
                    plan=plan, kind=Objective.Kind.PRIORITY, ref=f"P{n}", title=title, position=n
                )
                for n, (title, _) in enumerate(PRIORITIES, start=1)
            ]
        )
        pledges = []
        for priority, (_, theme_numbers) in zip(priorities, PRIORITIES, strict=True):
            for k, theme_number in enumerate(theme_numbers, start=1):
                outcome_title = THEMES[theme_number][1][0]
                pledges.append(
                    Objective(
                        plan=plan,
                        parent=priority,
                        kind=Objective.Kind.PLEDGE,
                        ref=f"{priority.ref}.{k}",
                        title=f"We will deliver: {outcome_title.lower()}",
                        position=k,
                    )
                )
        pledges = self.objectives(pledges)
        by_theme = defaultdict(list)
        for outcome, _ in outcomes:
            by_theme[int(outcome.ref[1:].split(".")[0]) - 1].append(outcome)
        index = 0
        for priority, (_, theme_numbers) in zip(priorities, PRIORITIES, strict=True):
            for theme_number in theme_numbers:
                pledge = pledges[index]
                index += 1
                for outcome in by_theme[theme_number]:
                    self.link(pledge, outcome)
            del priority
        self.theme_services = {n: services for n, (_, _, services) in enumerate(THEMES)}
        self.pledge_themes = [t for _, themes in PRIORITIES for t in themes]
        return pledges

    def _pledges_for_service(
        self, corporate: list[Objective], service_code: str
    ) -> list[Objective]:
        found = [
            pledge
            for pledge, theme in zip(corporate, self.pledge_themes, strict=True)
            if service_code in self.theme_services[theme]
        ]
        return found or [corporate[-1]]

    def directorate_plans(self, corporate: list[Objective]) -> dict[int, list[Objective]]:
        result: dict[int, list[Objective]] = {}
        for unit in sorted(self.units.values(), key=lambda u: u.name):
            if unit.kind != OrgUnit.Kind.DIRECTORATE:
                continue
            plan = self.plan(
                PlanKind.DIRECTORATE,
                f"{unit.name} business plan {self.year}/{str(self.year + 1)[-2:]}",
                self.fy_start,
                self.fy_end,
                org_unit=unit,
                purpose=f"What {unit.name} will contribute to the corporate plan this year.",
            )
            services = [u for u in self.units.values() if u.parent_id == unit.pk]
            rows = self.objectives(
                [
                    Objective(
                        plan=plan,
                        kind=Objective.Kind.OBJECTIVE,
                        ref=f"D{k}",
                        title=f"Lead the directorate's part in {pledge.title[15:]}",
                        position=k,
                    )
                    for k, pledge in enumerate(
                        self._pledges_for_service(corporate, services[0].code)[:2], start=1
                    )
                ]
            )
            for objective, pledge in zip(
                rows, self._pledges_for_service(corporate, services[0].code), strict=False
            ):
                self.link(objective, pledge)
            result[unit.pk] = rows
        return result

    def service_plans(
        self, corporate: list[Objective], directorate_objectives: dict[int, list[Objective]]
    ) -> dict[int, list[Objective]]:
        result: dict[int, list[Objective]] = {}
        services = sorted(
            (u for u in self.units.values() if u.kind == OrgUnit.Kind.SERVICE), key=lambda u: u.name
        )
        for n, unit in enumerate(services):
            plan = self.plan(
                PlanKind.SERVICE,
                f"{unit.name} service plan {self.year}/{str(self.year + 1)[-2:]}",
                self.fy_start,
                self.fy_end,
                org_unit=unit,
                purpose=f"{unit.name}: what the service is for and what it will improve this year.",
                resources="Budget and staffing as set in the medium-term financial plan.",
                risks="Demand rising faster than budget; recruitment to key posts.",
            )
            indicators = self.service_indicators(unit.code)
            titles = [
                f"Improve {unit.name.lower()} outcomes for residents",
                f"Deliver {unit.name.lower()} within budget and on time",
            ]
            if self.rng.random() < 0.5:
                titles.append(f"Modernise how {unit.name.lower()} works with partners")
            rows = self.objectives(
                [
                    Objective(
                        plan=plan,
                        kind=Objective.Kind.OBJECTIVE,
                        ref=f"S{k}",
                        title=title,
                        target_text="See the key targets below",
                        position=k,
                    )
                    for k, title in enumerate(titles, start=1)
                ]
            )
            pledges = self._pledges_for_service(corporate, unit.code)
            for k, objective in enumerate(rows):
                # Every service objective leads up, except one deliberate gap for the coverage
                # report: the third objective of every fifth service.
                if k == 2 and n % 5 == 0:
                    continue
                self.link(objective, pledges[k % len(pledges)])
                directorate = directorate_objectives.get(unit.parent_id or 0, [])
                if directorate and k == 0:
                    self.link(objective, directorate[0])
            # The service's indicators measure its objectives; one in six is left unlinked.
            for k, indicator in enumerate(indicators):
                if k % 6 == 5:
                    continue
                self.measure(rows[k % 2], indicator)
            result[unit.pk] = rows
        return result

    def work_programmes(
        self, service_objectives: dict[int, list[Objective]]
    ) -> dict[int, list[Objective]]:
        result: dict[int, list[Objective]] = {}
        milestones: list[Milestone] = []
        owners = {p.scope_id: p for p in self.people if p.scope_id}
        sections = sorted(
            (u for u in self.units.values() if u.kind == OrgUnit.Kind.SECTION), key=lambda u: u.name
        )
        for unit in sections:
            plan = self.plan(
                PlanKind.WORK_PROGRAMME,
                f"{unit.name} work programme {self.year}/{str(self.year + 1)[-2:]}",
                self.fy_start,
                self.fy_end,
                org_unit=unit,
                owner=owners.get(unit.parent_id or 0),  # keeps the programme and its milestones
            )
            parents = service_objectives.get(unit.parent_id or 0, [])
            rows = self.objectives(
                [
                    Objective(
                        plan=plan,
                        kind=Objective.Kind.OBJECTIVE,
                        ref=f"W{k}",
                        title=f"{unit.name}: {['improve the service', 'deliver the year’s projects'][k - 1]}",
                        position=k,
                    )
                    for k in (1, 2)
                ]
            )
            for k, objective in enumerate(rows):
                if parents:
                    self.link(objective, parents[k % len(parents)])
                owner = owners.get(unit.parent_id or 0)
                for quarter in range(4):
                    due = _quarter_end(self.year, quarter) - timedelta(days=self.rng.randint(0, 20))
                    milestones.append(self._milestone(objective, quarter, due, owner))
            result[unit.pk] = rows
        _save(milestones)
        return result

    def _milestone(
        self, objective: Objective, quarter: int, due: date, owner: Person | None
    ) -> Milestone:
        title = f"Q{quarter + 1}: {('plan agreed', 'pilot running', 'review complete', 'year-end report')[quarter]}"
        status, done_on = Milestone.Status.NOT_STARTED, None
        if due < self.today:
            roll = self.rng.random()
            if roll < 0.7:
                status, done_on = (
                    Milestone.Status.DONE,
                    due - timedelta(days=self.rng.randint(0, 10)),
                )
            elif roll < 0.82:
                status, done_on = (
                    Milestone.Status.DONE,
                    due + timedelta(days=self.rng.randint(3, 30)),
                )
                done_on = min(done_on, self.today)
            else:
                status = Milestone.Status.IN_PROGRESS  # late
        elif due - self.today < timedelta(days=100) and self.rng.random() < 0.5:
            status = Milestone.Status.IN_PROGRESS
        return _checked(
            Milestone(
                objective=objective,
                title=title,
                due=due,
                owner=owner,
                status=status,
                done_on=done_on,
            )
        )

    def community_action_plans(self, corporate: list[Objective]) -> None:
        for code, name, wards in AREAS:
            area = _checked(
                Area(
                    council=self.council,
                    kind=Area.Kind.COMMUNITY_COMMITTEE,
                    name=name,
                    code=code,
                )
            )
            area.save()
            _save(
                [
                    _checked(
                        Area(
                            council=self.council,
                            kind=Area.Kind.WARD,
                            name=f"{ward} ward",
                            code=f"{code}-{ward.lower()}",
                            parent=area,
                        )
                    )
                    for ward in wards
                ]
            )
            plan = self.plan(
                PlanKind.COMMUNITY_ACTION,
                f"{name} community action plan {self.year}/{str(self.year + 1)[-2:]}",
                self.fy_start,
                self.fy_end,
                area=area,
                purpose=f"Local priorities chosen by the {name} community committee.",
            )
            rows = self.objectives(
                [
                    Objective(
                        plan=plan, ref="A1", title=f"Cleaner streets and open spaces in {name}"
                    ),
                    Objective(plan=plan, ref="A2", title=f"Less anti-social behaviour in {name}"),
                ]
            )
            self.link(rows[0], corporate[self.pledge_themes.index(3)])
            self.link(rows[1], corporate[self.pledge_themes.index(0)])

    def laa(self, outcomes: list[tuple[Objective, tuple[str, ...]]]) -> None:
        partners = _save(
            [_checked(Partner(council=self.council, code=c, name=n)) for c, n in PARTNERS]
        )
        plan = self.plan(
            PlanKind.LAA,
            "Castlebridge Local Area Agreement",
            date(self.year - 1, 4, 1),
            date(self.year + 2, 3, 31),
            purpose="Targets shared by the council and its partners in the Local Strategic "
            "Partnership, each share owned by a partner.",
        )
        rows = self.objectives(
            [
                Objective(
                    plan=plan,
                    kind=Objective.Kind.SHARED_TARGET,
                    ref=f"L{k}",
                    title=outcome.title,
                    target_value=Decimal(total),
                    target_text=f"{total} by the end of the agreement",
                    position=k,
                )
                for k, ((outcome, _), total) in enumerate(
                    zip(outcomes[:6], (1200, 450, 300, 800, 150, 600), strict=True), start=1
                )
            ]
        )
        areas = list(Area.objects.filter(council=self.council, kind=Area.Kind.COMMUNITY_COMMITTEE))
        shares: list[TargetShare] = []
        for k, (objective, (outcome, _)) in enumerate(zip(rows, outcomes, strict=False)):
            self.link(objective, outcome)
            assert objective.target_value is not None
            if k == 0:
                # Disaggregated to districts, each share owned by a partner.
                parts = _split(objective.target_value, len(areas), self.rng)
                for area, part, partner in zip(areas, parts, partners, strict=False):
                    shares.append(
                        TargetShare(objective=objective, partner=partner, area=area, value=part)
                    )
            else:
                chosen = self.rng.sample(partners, 3)
                for partner, part in zip(
                    chosen, _split(objective.target_value, 3, self.rng), strict=True
                ):
                    shares.append(TargetShare(objective=objective, partner=partner, value=part))
        _save([_checked(s) for s in shares])

    def lpsa(self, corporate: list[Objective]) -> None:
        plan = self.plan(
            PlanKind.LPSA,
            "Castlebridge Local Public Service Agreement",
            date(self.year - 2, 4, 1),
            self.fy_end,
            # How an LPSA works: docs/sources.md#seed-001-2-20. The citation is not shown to
            # readers of the plan, who have no copy of the council documents.
            purpose="Stretch targets agreed with central government, rewarded if achieved.",
            pump_priming_grant=Decimal("495000"),
            reward_rule=RewardRule.ALL_OR_NOTHING,
        )
        rated = [
            i
            for code in sorted(self.units)
            for i in self.service_indicators(code)
            if i.polarity in ("higher", "lower")
        ]
        latest: dict[int, Decimal] = {}
        for indicator_id, value in (
            Actual.objects.filter(indicator__in=rated)
            .order_by("period__end")
            .values_list("indicator_id", "value")
        ):
            latest[indicator_id] = value
        rated = [i for i in rated if i.pk in latest and latest[i.pk] != 0]
        chosen = self.rng.sample(rated, min(len(LPSA_TARGETS), len(rated)))
        rows = self.objectives(
            [
                Objective(
                    plan=plan,
                    kind=Objective.Kind.STRETCH_TARGET,
                    ref=f"LPSA {k}",
                    title=title,
                    position=k,
                )
                for k, title in enumerate(LPSA_TARGETS, start=1)
            ]
        )
        stretches = []
        for k, (objective, indicator) in enumerate(zip(rows, chosen, strict=False)):
            self.link(objective, corporate[k % len(corporate)])
            self.measure(objective, indicator)
            value = latest[indicator.pk]
            sign = Decimal(1) if indicator.polarity == "higher" else Decimal(-1)
            # About half the stretches are already reached; the rest fall short.
            reach = Decimal(self.rng.choice(("0.03", "0.045", "0.07", "0.10")))
            expected = value - sign * abs(value) * Decimal("0.05")
            stretch = expected + sign * abs(value) * reach
            stretches.append(
                _checked(
                    StretchTarget(
                        objective=objective,
                        indicator=indicator,
                        expected_without_stretch=expected.quantize(Decimal("0.01")),
                        stretch=stretch.quantize(Decimal("0.01")),
                    )
                )
            )
        _save(stretches)

    def appraisals(
        self,
        sections: dict[int, list[Objective]],
        services: dict[int, list[Objective]],
        directorates: dict[int, list[Objective]],
        corporate: list[Objective],
    ) -> None:
        managers: dict[int | None, Person] = {}
        for person in self.people:
            if person.role in (Person.Role.DIRECTOR, Person.Role.HEAD_OF_SERVICE):
                managers.setdefault(person.scope_id, person)
        performance = next((p for p in self.people if p.role == Person.Role.PERFORMANCE), None)
        appraisals: list[Appraisal] = []
        plans: list[tuple[Appraisal, list[Objective]]] = []
        for year in (self.year - 1, self.year):
            due = date(year, 6, 30)
            for person in self.people:
                if person.role == Person.Role.COUNCILLOR or person.role == Person.Role.PARTNER:
                    continue
                done = None
                roll = self.rng.random()
                if due < self.today and roll < 0.75:
                    done = due - timedelta(days=self.rng.randint(0, 40))
                elif due < self.today and roll < 0.9:
                    done = min(self.today, due + timedelta(days=self.rng.randint(5, 60)))
                scope = person.scope
                manager = managers.get(scope.parent_id if scope else None) or performance
                if manager is not None and manager.pk == person.pk:
                    manager = performance if performance and performance.pk != person.pk else None
                appraisal = _checked(
                    Appraisal(person=person, manager=manager, year=year, due=due, done=done)
                )
                appraisals.append(appraisal)
                plans.append(
                    (appraisal, self._serves(scope, sections, services, directorates, corporate))
                )
        _save(appraisals)
        staff_objectives: list[StaffObjective] = []
        serve: list[tuple[StaffObjective, Objective | None]] = []
        for n, (appraisal, targets) in enumerate(plans):
            if appraisal.year != self.year:
                continue
            for k in range(2):
                target = targets[k % len(targets)] if targets else None
                title = (
                    f"Help deliver “{target.title}”"
                    if target is not None
                    else "Personal development"
                )
                if n % 7 == 3 and k == 1:
                    target = None  # a gap for the coverage report
                    title = "Complete the management development programme"
                staff_objective = StaffObjective(appraisal=appraisal, title=title)
                staff_objectives.append(staff_objective)
                serve.append((staff_objective, target))
        _save(staff_objectives)
        _save(
            [StaffObjectiveLink(staff_objective=s, objective=o) for s, o in serve if o is not None]
        )

    def _serves(
        self,
        scope: OrgUnit | None,
        sections: dict[int, list[Objective]],
        services: dict[int, list[Objective]],
        directorates: dict[int, list[Objective]],
        corporate: list[Objective],
    ) -> list[Objective]:
        """The objectives a person's own objectives serve: their section's, service's or
        directorate's, or the corporate plan's for council-wide roles."""
        if scope is None:
            return corporate[:2]
        if scope.kind == OrgUnit.Kind.SERVICE:
            section = next(
                (
                    u
                    for u in sorted(self.units.values(), key=lambda u: u.name)
                    if u.parent_id == scope.pk
                ),
                None,
            )
            if section is not None and sections.get(section.pk):
                return sections[section.pk]
            return services.get(scope.pk, [])
        if scope.kind == OrgUnit.Kind.SECTION:
            return sections.get(scope.pk, [])
        return directorates.get(scope.pk, [])


def _quarter_end(year: int, quarter: int) -> date:
    month = 4 + 3 * quarter + 2
    calendar_year = year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    next_month = date(calendar_year + (month // 12), month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """Whole-number shares adding up to ``total``."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    whole = [Decimal(int(total * Decimal(w / sum(weights)))) for w in weights]
    whole[-1] += total - sum(whole)
    return whole


def build_plans(*, council: Council, today: date, seed: int) -> None:
    """Add the golden thread to a freshly built demo council."""
    _Builder(council, today, seed).build()
