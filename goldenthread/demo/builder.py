"""Builds the demo council, the Borough of Castlebridge, with years of believable history.

Everything comes from one ``random.Random(seed)``, drawn in a fixed order, so the same
arguments always give the same database. Rows are built in memory, checked with
``clean_fields()`` and ``clean()``, and written with ``bulk_create``: the demo must load in a
few seconds, and the benchmark size (500 monthly indicators over five years) in well under a
minute. The database constraints still check every row.

The figures follow a trend per indicator (improving, flat or worsening), with noise,
seasonality, cumulative year-to-date profiles and ratios built from whole numerators and
denominators. Targets for the year on the scorecard are then set so the latest quarter shows
the mix a council's scorecard usually does (about three in five green, the rest amber or red);
the ratings themselves always come from ``goldenthread.status``.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.contrib.auth.models import Permission, User
from django.db import models, transaction
from django.utils.text import slugify

from goldenthread import status
from goldenthread.core import datacache
from goldenthread.demo import benchmarking as benchmarking_demo
from goldenthread.demo import improvement as improvement_demo
from goldenthread.demo import proposals as proposals_demo
from goldenthread.demo import queries as queries_demo
from goldenthread.demo import reports as reports_demo
from goldenthread.demo import security as security_demo
from goldenthread.demo.catalogue import CATALOGUE, SERVICE_CONTEXT, Entry
from goldenthread.demo.plans import build_plans
from goldenthread.indicators.models import (
    RATIO_SCALE,
    Actual,
    Family,
    Indicator,
    Period,
    Target,
    Unit,
)
from goldenthread.indicators.presenters import format_measure
from goldenthread.indicators.services import YEARS_AHEAD, periods_ensure
from goldenthread.organisation.models import Council, OrgUnit, Person, Portfolio
from goldenthread.periods import PeriodKind, financial_year_of
from goldenthread.status import Polarity, Rag

__all__ = ["COUNCIL_NAME", "BuildSummary", "build_council"]

COUNCIL_NAME = "Borough of Castlebridge"
EMAIL_DOMAIN = "castlebridge.example"

# Directorates, their services and each service's sections.
STRUCTURE: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "Adults and Health",
        (
            ("Adult Social Care", ("Assessment and Care Management", "Reablement")),
            ("Public Health", ("Health Improvement",)),
            ("Housing Needs", ("Homelessness Prevention", "Housing Register and Allocations")),
        ),
    ),
    (
        "Children and Education",
        (
            ("Children's Social Care", ("Safeguarding and Assessment", "Children in Care")),
            ("Education and Skills", ("School Improvement", "Special Educational Needs")),
            ("Early Help", ("Family Support",)),
        ),
    ),
    (
        "Place",
        (
            ("Waste and Recycling", ("Collections", "Recycling Centres")),
            ("Planning", ("Development Management", "Planning Policy")),
            ("Highways and Transport", ("Highway Maintenance", "Parking Services")),
            ("Leisure and Culture", ("Libraries", "Sport and Leisure")),
        ),
    ),
    (
        "Resources",
        (
            ("Revenues and Benefits", ("Council Tax and Business Rates", "Benefits Assessment")),
            ("Finance", ("Accounts Payable", "Financial Planning")),
            ("HR and Organisational Development", ("HR Advisory", "Learning and Development")),
            ("Customer Services", ("Contact Centre",)),
            ("Digital", ("IT Service Desk",)),
        ),
    ),
    (
        "Chief Executive's",
        (
            ("Policy and Performance", ("Performance and Intelligence",)),
            ("Communities", ("Community Safety", "Voluntary Sector Partnerships")),
            ("Legal and Democratic Services", ("Democratic Services", "Information Governance")),
        ),
    ),
)


@dataclass(frozen=True)
class _PersonSpec:
    username: str
    first_name: str
    last_name: str
    role: Person.Role
    job_title: str
    scope: str = ""  # an OrgUnit code; empty for the whole council


# One login per role, named by the role, then the data owners of the other services.
ROLE_PEOPLE: tuple[_PersonSpec, ...] = (
    _PersonSpec("admin", "Priya", "Shah", Person.Role.ADMIN, "Business Systems Manager"),
    _PersonSpec(
        "performance",
        "Gareth",
        "Llewellyn",
        Person.Role.PERFORMANCE,
        "Corporate Performance Manager",
    ),
    _PersonSpec(
        "director", "Helen", "Ashworth", Person.Role.DIRECTOR, "Director of Place", "place"
    ),
    _PersonSpec(
        "head_of_service",
        "Marcus",
        "Bell",
        Person.Role.HEAD_OF_SERVICE,
        "Head of Waste and Recycling",
        "waste-and-recycling",
    ),
    _PersonSpec(
        "owner",
        "Aisha",
        "Rahman",
        Person.Role.OWNER,
        "Revenues and Benefits Manager",
        "revenues-and-benefits",
    ),
    _PersonSpec(
        "councillor",
        "Tom",
        "Whitfield",
        Person.Role.COUNCILLOR,
        "Councillor, Cabinet Member for Resources",
    ),
    _PersonSpec(
        "scrutiny",
        "Rhiannon",
        "Price",
        Person.Role.COUNCILLOR,
        "Councillor, Chair of the Overview and Scrutiny Committee",
    ),
    _PersonSpec(
        "partner",
        "Sarah",
        "Osei",
        Person.Role.PARTNER,
        "Chief Inspector, Neighbourhood Policing (Community Safety Partnership)",
    ),
    _PersonSpec(
        "staff",
        "Daniel",
        "Hughes",
        Person.Role.STAFF,
        "Customer Services Adviser",
        "customer-services",
    ),
)

# (username, first, last, job title, services owned: the first is the person's scope)
OWNER_PEOPLE: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("j.okafor", "Joseph", "Okafor", "Adult Social Care Performance Lead", ("adult-social-care",)),
    (
        "h.chen",
        "Hannah",
        "Chen",
        "Public Health Intelligence Analyst",
        ("public-health", "early-help"),
    ),
    ("s.mcdonald", "Siobhan", "McDonald", "Housing Options Manager", ("housing-needs",)),
    (
        "k.adeyemi",
        "Kemi",
        "Adeyemi",
        "Children's Services Performance Manager",
        ("childrens-social-care",),
    ),
    (
        "m.kowalski",
        "Marta",
        "Kowalski",
        "School Improvement Data Manager",
        ("education-and-skills",),
    ),
    ("d.evans", "David", "Evans", "Waste Services Manager", ("waste-and-recycling",)),
    ("l.thompson", "Lucy", "Thompson", "Development Management Team Leader", ("planning",)),
    (
        "c.murphy",
        "Ciaran",
        "Murphy",
        "Highways Asset Manager",
        ("highways-and-transport", "leisure-and-culture"),
    ),
    ("a.begum", "Amina", "Begum", "Principal Accountant", ("finance",)),
    ("g.singh", "Gurpreet", "Singh", "HR Business Partner", ("hr-and-organisational-development",)),
    (
        "e.walsh",
        "Emma",
        "Walsh",
        "Customer and Digital Services Manager",
        ("customer-services", "digital"),
    ),
    (
        "n.barker",
        "Neil",
        "Barker",
        "Policy and Community Safety Officer",
        ("policy-and-performance", "communities", "legal-and-democratic-services"),
    ),
)

# The latest quarter's mix among rated key indicators: the rest are green.
AMBER_SHARE = 0.19
RED_SHARE = 0.19
MISSING_AT_DEADLINE = 5
RANDOM_GAP_CHANCE = 0.03
COMMENTARY_CHANCE = 0.37
ACADEMIC_KINDS = (PeriodKind.ACADEMIC_YEAR, PeriodKind.TERM)
SIX_PLACES = Decimal("0.000001")


@dataclass
class BuildSummary:
    """What ``build_council`` made, for the demo command to print."""

    council: str
    directorates: int
    services: int
    sections: int
    people: int
    indicators: int
    key_indicators: int
    periods: int
    targets: int
    actuals: int
    first_year: int
    last_year: int
    logins: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Figure:
    """One period's made-up actual, before it becomes an ``Actual`` row."""

    value: Decimal
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class _Plan:
    """One indicator in the making: its periods, figures and targets."""

    entry: Entry
    indicator: Indicator
    periods: list[Period]
    position: dict[int, tuple[int, int, int]]  # period pk -> (year, k, n)
    rule: status.Rule
    additive: bool  # percentages move in points, everything else by a growth rate
    rate: float
    figures: dict[int, _Figure] = field(default_factory=dict)  # period pk -> figure
    omitted: set[int] = field(default_factory=set)  # period pks left without an actual
    scorecard_period: Period | None = None
    desired: Rag | None = None
    targets: dict[int, status.Target] = field(default_factory=dict)

    @property
    def has_target(self) -> bool:
        entry = self.entry
        if entry.polarity is Polarity.NONE:
            return False
        return (
            entry.band is not None if entry.polarity is Polarity.BAND else entry.target is not None
        )

    @property
    def reported(self) -> list[Period]:
        return [p for p in self.periods if p.pk in self.figures and p.pk not in self.omitted]


def build_council(
    *,
    today: date,
    password: str,
    indicators: int = 84,
    years: int = 5,
    seed: int = 2026,
    all_key: bool = False,
    frequency: str | None = None,
) -> BuildSummary:
    """Create the Borough of Castlebridge: structure, people, indicators, periods and history.

    ``years`` financial years up to the one containing ``today``; actuals for every period
    that has ended by ``today``. ``frequency`` forces every indicator onto one period kind
    and ``all_key`` puts every indicator on the scorecard (the benchmark uses both).
    """
    if indicators < 1 or years < 1:
        raise ValueError("indicators and years must be at least 1")
    forced = PeriodKind(frequency) if frequency else None
    started = time.perf_counter()
    rng = random.Random(seed)  # nosec B311  # seeded, repeatable demo figures, not a secret
    last_year = financial_year_of(today)
    first_year = last_year - years + 1
    with transaction.atomic():
        council = _validated(
            Council(name=COUNCIL_NAME, gss_code="", default_tolerance_amount=Decimal(5))
        )
        council.save()
        units = _create_structure(council)
        people, logins = _create_people(council, units, password)
        entries = _entries(indicators)
        kinds = sorted({forced or e.frequency for e, _ in entries} | {PeriodKind.QUARTER})
        # The years ahead too, as ``migrate`` makes them for any council (``periods_extend``):
        # next year's targets are set, proposed and rolled forward into them.
        periods_ensure(kinds=kinds, first_year=first_year, last_year=last_year + YEARS_AHEAD)
        periods_by_kind = _periods_by_kind(kinds, first_year, last_year)
        plans = _plan_indicators(
            rng,
            council,
            entries,
            units,
            people,
            periods_by_kind,
            first_year,
            all_key=all_key,
            forced=forced,
        )
        Indicator.objects.bulk_create([plan.indicator for plan in plans], batch_size=1000)
        for plan in plans:
            _make_figures(rng, plan, today, first_year)
        _leave_not_due(rng, plans, today)
        chosen_end = _scorecard_quarter_end(plans, periods_by_kind[PeriodKind.QUARTER])
        for plan in plans:
            plan.scorecard_period = _latest_ending_by(plan.periods, chosen_end)
        _leave_random_gaps(rng, plans, today)
        _choose_missing(rng, plans, today)
        _allocate_ratings(rng, plans)
        performance_user = people["performance"].user
        targets = [t for plan in plans for t in _make_targets(rng, plan, performance_user)]
        Target.objects.bulk_create(targets, batch_size=1000)
        actuals = [a for plan in plans for a in _make_actuals(rng, plan)]
        # A separate generator, so the figures stay what they were before returns had states.
        open_from = _sign_off_before(chosen_end, periods_by_kind[PeriodKind.QUARTER])
        _set_return_states(random.Random(seed + 1), plans, actuals, people, open_from)  # nosec B311  # seeded, repeatable demo figures, not a secret
        Actual.objects.bulk_create(actuals, batch_size=1000)
        build_plans(council=council, today=today, seed=seed)
        benchmarking_demo.build(council=council, seed=seed, last_year=last_year)
        improvement_demo.build(council=council, today=today, seed=seed)
        reports_demo.build(council=council, today=today, seed=seed)
        security_demo.build(council=council)
        queries_demo.build(council=council)
        proposals_demo.build(council=council, next_year=last_year + 1)
        datacache.advance()  # written in bulk, not through audit_record
    return BuildSummary(
        council=council.name,
        directorates=sum(u.kind == OrgUnit.Kind.DIRECTORATE for u in units.values()),
        services=sum(u.kind == OrgUnit.Kind.SERVICE for u in units.values()),
        sections=sum(u.kind == OrgUnit.Kind.SECTION for u in units.values()),
        people=len(people),
        indicators=len(plans),
        key_indicators=sum(plan.indicator.is_key for plan in plans),
        periods=sum(len(kind_periods) for kind_periods in periods_by_kind.values()),
        targets=len(targets),
        actuals=len(actuals),
        first_year=first_year,
        last_year=last_year,
        logins=logins,
        seconds=time.perf_counter() - started,
    )


# --- validation -------------------------------------------------------------------------


M = TypeVar("M", bound=models.Model)
_RELATIONS: dict[type[models.Model], list[str]] = {}


def _validated(obj: M) -> M:
    """Check a row as ``full_clean`` would, except the per-row queries.

    Foreign keys are left to the database (they point at rows made moments ago in this
    transaction, and checking each would cost a query per row), and so are the constraints,
    which the database enforces on insert anyway.
    """
    model = type(obj)
    if model not in _RELATIONS:
        _RELATIONS[model] = [f.name for f in model._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=_RELATIONS[model])
    obj.clean()
    return obj


# --- organisation and people ------------------------------------------------------------


def _create_structure(council: Council) -> dict[str, OrgUnit]:
    """Directorates, services and sections, keyed by their (unique) codes."""
    units: dict[str, OrgUnit] = {}

    def unit(name: str, kind: OrgUnit.Kind, parent: OrgUnit | None) -> OrgUnit:
        code = slugify(name.replace("'", ""))[:40]
        if code in units:
            code = f"{parent.code if parent else 'unit'}-{code}"[:40]
        made = _validated(OrgUnit(council=council, kind=kind, name=name, code=code, parent=parent))
        units[code] = made
        return made

    directorates = [unit(name, OrgUnit.Kind.DIRECTORATE, None) for name, _ in STRUCTURE]
    OrgUnit.objects.bulk_create(directorates)
    services: list[tuple[OrgUnit, tuple[str, ...]]] = []
    for directorate, (_, service_specs) in zip(directorates, STRUCTURE, strict=True):
        for name, section_names in service_specs:
            services.append((unit(name, OrgUnit.Kind.SERVICE, directorate), section_names))
    OrgUnit.objects.bulk_create([service for service, _ in services])
    sections = [
        unit(name, OrgUnit.Kind.SECTION, service) for service, names in services for name in names
    ]
    OrgUnit.objects.bulk_create(sections)
    return units


def _create_people(
    council: Council, units: dict[str, OrgUnit], password: str
) -> tuple[dict[str, Person], list[tuple[str, str]]]:
    """A login per role and the data owners; one password hash shared (hashing is slow)."""
    specs = list(ROLE_PEOPLE) + [
        _PersonSpec(username, first, last, Person.Role.OWNER, title, services[0])
        for username, first, last, title, services in OWNER_PEOPLE
    ]
    hasher = User()
    hasher.set_password(password)
    users = [
        _validated(
            User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.first_name}.{spec.last_name}@{EMAIL_DOMAIN}".lower(),
                password=hasher.password,
                is_staff=spec.role in (Person.Role.ADMIN, Person.Role.PERFORMANCE),
                is_superuser=spec.role == Person.Role.ADMIN,
            )
        )
        for spec in specs
    ]
    User.objects.bulk_create(users)
    people = [
        _validated(
            Person(
                user=user,
                council=council,
                role=spec.role,
                job_title=spec.job_title,
                scope=units[spec.scope] if spec.scope else None,
                scrutiny_member=spec.username == "scrutiny",
            )
        )
        for spec, user in zip(specs, users, strict=True)
    ]
    Person.objects.bulk_create(people)
    councillor = next(p for p in people if p.user.username == "councillor")
    _create_portfolios(council, units, councillor)
    performance = next(u for u in users if u.username == "performance")
    performance.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["indicators", "organisation"])
    )
    logins = [(spec.username, spec.role.label) for spec in specs]
    return {person.user.username: person for person in people}, logins


# Cabinet portfolios, one per directorate; the demo's councillor holds Resources.
PORTFOLIOS = {
    "adults-and-health": "Health and Wellbeing",
    "children-and-education": "Children and Young People",
    "place": "Environment and Place",
    "resources": "Resources",
    "chief-executives": "Leader's portfolio: Policy and Communities",
}


def _create_portfolios(council: Council, units: dict[str, OrgUnit], councillor: Person) -> None:
    portfolios = {
        code: _validated(
            Portfolio(
                council=council,
                name=name,
                holder=councillor if code == "resources" else None,
            )
        )
        for code, name in PORTFOLIOS.items()
    }
    Portfolio.objects.bulk_create(portfolios.values())
    for code, portfolio in portfolios.items():
        units[code].portfolio = portfolio
    OrgUnit.objects.bulk_update([units[code] for code in portfolios], ["portfolio"])


def _owners_by_service(people: dict[str, Person]) -> dict[str, Person]:
    owners = {"revenues-and-benefits": people["owner"]}
    for username, _, _, _, services in OWNER_PEOPLE:
        for service in services:
            owners[service] = people[username]
    return owners


# --- indicators and periods -------------------------------------------------------------


def _entries(count: int) -> list[tuple[Entry, int]]:
    """``count`` catalogue entries with their repeat number (1 the first time through)."""
    return [(CATALOGUE[i % len(CATALOGUE)], i // len(CATALOGUE) + 1) for i in range(count)]


def _year_of(period: Period) -> int:
    """The year a period belongs to for year-to-date purposes (academic kinds: Sept–Aug)."""
    if period.kind in ACADEMIC_KINDS:
        return period.start.year if period.start.month >= 9 else period.start.year - 1
    if period.kind == PeriodKind.CALENDAR_YEAR:
        return period.start.year
    return period.financial_year


def _periods_by_kind(
    kinds: Iterable[PeriodKind], first_year: int, last_year: int
) -> dict[PeriodKind, list[Period]]:
    by_kind: dict[PeriodKind, list[Period]] = {kind: [] for kind in kinds}
    for period in Period.objects.filter(kind__in=list(by_kind)).order_by("start", "kind"):
        if first_year <= _year_of(period) <= last_year:
            by_kind[PeriodKind(period.kind)].append(period)
    return by_kind


def _plan_indicators(
    rng: random.Random,
    council: Council,
    entries: Sequence[tuple[Entry, int]],
    units: dict[str, OrgUnit],
    people: dict[str, Person],
    periods_by_kind: dict[PeriodKind, list[Period]],
    first_year: int,
    *,
    all_key: bool,
    forced: PeriodKind | None,
) -> list[_Plan]:
    owners = _owners_by_service(people)
    creator = people["performance"].user
    positions = {kind: _positions(kind_periods) for kind, kind_periods in periods_by_kind.items()}
    plans: list[_Plan] = []
    for entry, repeat in entries:
        kind = forced or entry.frequency
        owner = owners[entry.service]
        if entry.family == Family.PARTNERSHIP and entry.data_source.startswith("Police"):
            owner = people["partner"]  # the police enter their own figures (a partner login)
        tolerance_kind, tolerance_amount = entry.tolerance or ("", None)
        indicator = _validated(
            Indicator(
                council=council,
                code=entry.code if repeat == 1 else f"{entry.code}-{repeat}",
                title=entry.title if repeat == 1 else f"{entry.title} (Area {repeat})",
                definition=entry.definition,
                family=entry.family,
                unit=entry.unit,
                polarity=entry.polarity,
                decimals=entry.decimals,
                frequency=kind,
                aggregation=entry.aggregation,
                cumulative=entry.cumulative,
                owner=owner,
                service=units[entry.service],
                data_source=entry.data_source,
                tolerance_kind=tolerance_kind,
                tolerance_amount=_number(tolerance_amount, 4) if tolerance_amount else None,
                baseline=_number(entry.baseline, entry.decimals),
                baseline_year=first_year - 1,
                is_key=all_key or entry.key,
                is_public=rng.random() < 1 / 3,
                first_year=first_year,
                created_by=creator,
                modified_by=creator,
            )
        )
        additive = entry.unit == Unit.PERCENT
        plans.append(
            _Plan(
                entry=entry,
                indicator=indicator,
                periods=periods_by_kind[kind],
                position=positions[kind],
                rule=indicator.rule(council.default_tolerance),
                additive=additive,
                rate=_trend_rate(rng, entry, additive),
            )
        )
    return plans


def _positions(kind_periods: Sequence[Period]) -> dict[int, tuple[int, int, int]]:
    """Each period's year, its place in that year (1-based) and how many the year has."""
    by_year: dict[int, list[Period]] = defaultdict(list)
    for period in kind_periods:
        by_year[_year_of(period)].append(period)
    return {
        period.pk: (year, k, len(year_periods))
        for year, year_periods in by_year.items()
        for k, period in enumerate(year_periods, 1)
    }


def _trend_rate(rng: random.Random, entry: Entry, additive: bool) -> float:
    """The yearly change: points a year for percentages, else a growth rate."""
    if entry.polarity is Polarity.HIGHER:
        good = 1
    elif entry.polarity is Polarity.LOWER:
        good = -1
    else:
        good = 1 if rng.random() < 0.6 else -1
    style = rng.choices(("improving", "flat", "worsening"), weights=(45, 30, 25))[0]
    if entry.polarity is Polarity.BAND:
        style = "flat"
    if style == "improving":
        rate = good * rng.uniform(0.015, 0.05)
    elif style == "worsening":
        rate = -good * rng.uniform(0.01, 0.035)
    else:
        rate = rng.uniform(-0.004, 0.004)
    if additive:
        headroom = entry.baseline if rate < 0 else 100 - entry.baseline
        rate *= max(0.5, min(abs(entry.baseline), headroom, 40.0))
    return rate


# --- figures ----------------------------------------------------------------------------


def _years_since(day: date, first_year: int) -> float:
    return (day - date(first_year, 4, 1)).days / 365.25


def _midpoint(period: Period) -> date:
    return period.start + (period.end - period.start) / 2


def _level(plan: _Plan, t: float) -> float:
    """The indicator's underlying level ``t`` years into the history, before noise."""
    base = plan.entry.baseline
    if plan.additive:
        return min(max(base + plan.rate * t, 0.0 if base >= 0 else -100.0), 100.0)
    return base * (1 + plan.rate) ** t


def _season(entry: Entry, period: Period) -> float:
    if not entry.seasonal or (period.end - period.start).days > 200:
        return 1.0
    month = _midpoint(period).month
    return 1 + entry.seasonal * math.cos(2 * math.pi * (month - entry.peak_month) / 12)


def _bounded(plan: _Plan, value: float) -> float:
    entry = plan.entry
    signed = entry.baseline < 0 or (entry.band is not None and entry.band[0] < 0)
    if not signed:
        value = max(value, 0.0)
    if entry.unit == Unit.PERCENT:
        value = min(value, 100.0)
    return value


def _make_figures(rng: random.Random, plan: _Plan, today: date, first_year: int) -> None:
    """Every period that ended before ``today`` gets a figure, year by year."""
    entry = plan.entry
    scale = RATIO_SCALE.get(Unit(entry.unit), Decimal(1))
    running: dict[int, float] = defaultdict(float)  # year -> year to date (cumulative)
    stock_denominators: dict[int, int] = {}
    for period in plan.periods:
        if period.end >= today:
            break
        year, _, n = plan.position[period.pk]
        level = _level(plan, _years_since(_midpoint(period), first_year))
        season = _season(entry, period)
        relative, absolute = rng.gauss(0, entry.spread), rng.gauss(0, entry.jitter)
        spot = level * season + relative * abs(entry.baseline) + absolute
        if entry.aggregation is status.Aggregation.RATIO:
            assert entry.denominator is not None
            if not entry.stock:
                denominator = max(1, round(entry.denominator / n * (1 + rng.gauss(0, 0.05))))
            elif year in stock_denominators:
                denominator = stock_denominators[year]
            else:
                growth = 1.015 ** (year - first_year) * (1 + rng.gauss(0, 0.01))
                denominator = stock_denominators[year] = max(1, round(entry.denominator * growth))
            if entry.cumulative:
                share = level / float(scale) / n * season * (1 + relative)
                running[year] += max(0.0, denominator * share)
                ceiling = denominator if entry.unit == Unit.PERCENT else math.inf
                numerator = round(min(running[year], ceiling))
            else:
                numerator = round(_bounded(plan, spot) / float(scale) * denominator)
            # The same arithmetic as services.actual_record, so a re-save changes nothing.
            value = status.ratio_value(numerator, denominator, scale).quantize(SIX_PLACES)
            plan.figures[period.pk] = _Figure(value, numerator, denominator)
            continue
        if entry.cumulative:
            running[year] += max(0.0, level / n * season * (1 + relative))
            raw = running[year]
        elif entry.aggregation is status.Aggregation.SUM:
            raw = level / n * season * (1 + relative) + absolute
        else:
            raw = spot
        plan.figures[period.pk] = _Figure(_number(_bounded(plan, raw), entry.decimals))


def _leave_not_due(rng: random.Random, plans: Sequence[_Plan], today: date) -> None:
    """About half the returns whose deadline is still to come are not in yet."""
    for plan in plans:
        latest = _latest_figure(plan)
        if latest is not None and today <= latest.deadline and rng.random() < 0.5:
            plan.omitted.add(latest.pk)


def _latest_figure(plan: _Plan) -> Period | None:
    past = [p for p in plan.periods if p.pk in plan.figures]
    return past[-1] if past else None


def _leave_random_gaps(rng: random.Random, plans: Sequence[_Plan], today: date) -> None:
    """About 3% of older returns were never made.

    The scorecard's period, the latest overdue one and the one not yet due are left alone:
    their gaps are chosen on purpose (``_leave_not_due`` and ``_choose_missing``).
    """
    for plan in plans:
        overdue = [p for p in plan.periods if p.pk in plan.figures and today > p.deadline]
        protected = {p.pk for p in (plan.scorecard_period, _latest_figure(plan)) if p}
        protected.update(p.pk for p in overdue[-1:])
        for period in overdue:
            if period.pk not in protected and rng.random() < RANDOM_GAP_CHANCE:
                plan.omitted.add(period.pk)


def _scorecard_quarter_end(plans: Sequence[_Plan], quarters: Sequence[Period]) -> date | None:
    """The end of the quarter the scorecard opens on (see ``latest_quarter_with_data``)."""
    ends = [p.end for plan in plans for p in plan.reported]
    if not ends:
        return None
    last = max(ends)
    ended = [q.end for q in quarters if q.end <= last]
    return ended[-1] if ended else None


def _latest_ending_by(periods: Sequence[Period], end: date | None) -> Period | None:
    if end is None:
        return None
    ended = [p for p in periods if p.end <= end]
    return ended[-1] if ended else None


def _choose_missing(rng: random.Random, plans: Sequence[_Plan], today: date) -> None:
    """A few key indicators have no return for the overdue period the scorecard shows.

    Those whose scorecard period is also their latest overdue one come first (the return
    that is simply late); the others (a month skipped since) only make up the number.
    """
    latest: list[_Plan] = []
    skipped: list[_Plan] = []
    for plan in plans:
        period = plan.scorecard_period
        if (
            not plan.indicator.is_key
            or period is None
            or today <= period.deadline
            or period.pk not in plan.figures
            or period.pk in plan.omitted
        ):
            continue
        later = any(p.start > period.start and today > p.deadline for p in plan.periods)
        (skipped if later else latest).append(plan)
    wanted = min(MISSING_AT_DEADLINE, max(1, len(plans) // 15))
    chosen = rng.sample(latest, min(wanted, len(latest)))
    chosen += rng.sample(skipped, min(wanted - len(chosen), len(skipped)))
    for plan in chosen:
        assert plan.scorecard_period is not None
        plan.omitted.add(plan.scorecard_period.pk)


# --- targets ----------------------------------------------------------------------------


def _scorecard_value(plan: _Plan) -> Decimal | None:
    period = plan.scorecard_period
    if period is None or period.pk not in plan.figures or period.pk in plan.omitted:
        return None
    return plan.figures[period.pk].value


def _band_target(plan: _Plan) -> status.Target:
    assert plan.entry.band is not None
    lower, upper = plan.entry.band
    decimals = plan.entry.decimals
    return status.Target(lower=_number(lower, decimals), upper=_number(upper, decimals))


def _allocate_ratings(rng: random.Random, plans: Sequence[_Plan]) -> None:
    """Decide which indicators the latest quarter shows green, amber or red.

    Band indicators keep the rating their figures earn against their fixed band; the others
    are shared out so that the rated key indicators come to about 62% green, 19% amber and
    19% red, each only where a sensible target can give that rating.
    """
    key_band: list[Rag] = []
    candidates: list[_Plan] = []
    for plan in plans:
        value = _scorecard_value(plan)
        if value is None or not plan.has_target:
            continue
        if plan.entry.polarity is Polarity.BAND:
            rating = status.rag(value, _band_target(plan), plan.rule, deadline_passed=True)
            if plan.indicator.is_key:
                key_band.append(rating)
            continue
        if plan.indicator.is_key:
            candidates.append(plan)
        else:
            roll = rng.random()
            plan.desired = (
                Rag.RED
                if roll < RED_SHARE
                else Rag.AMBER
                if roll < RED_SHARE + AMBER_SHARE
                else Rag.GREEN
            )
    rated = len(candidates) + len(key_band)
    wanted = {
        Rag.RED: max(0, round(rated * RED_SHARE) - key_band.count(Rag.RED)),
        Rag.AMBER: max(0, round(rated * AMBER_SHARE) - key_band.count(Rag.AMBER)),
    }
    order = candidates[:]
    rng.shuffle(order)
    for rating in (Rag.RED, Rag.AMBER):
        for plan in order:
            if wanted[rating] == 0:
                break
            value = _scorecard_value(plan)
            feasible = value is not None and _period_target(plan, rating, value, 0.5) is not None
            if plan.desired is None and feasible:
                plan.desired = rating
                wanted[rating] -= 1
    for plan in order:
        if plan.desired is None:
            plan.desired = Rag.GREEN


def _period_target(plan: _Plan, desired: Rag, actual: Decimal, u: float) -> Decimal | None:
    """A target at the indicator's precision that rates ``actual`` as ``desired``, if any.

    ``u`` (0 to 1) picks how far inside or outside the tolerance the target sits.
    """
    rule, entry = plan.rule, plan.entry
    quantum = Decimal(1).scaleb(-entry.decimals)
    shown = status.round_to_precision(actual, entry.decimals)
    allowed = status.allowed_shortfall(shown, rule.tolerance)
    sign = Decimal(1 if rule.polarity is Polarity.HIGHER else -1)
    if desired is Rag.GREEN:
        slack = abs(shown) * Decimal(str(round(0.005 + 0.05 * u, 4)))
        gaps = [-slack, -slack / 2, Decimal(0)]
    elif desired is Rag.AMBER:
        gaps = [allowed * Decimal(str(f)) for f in (0.25 + 0.6 * u, 0.5, 0.8, 0.2)] + [quantum]
    else:
        gaps = [allowed * Decimal(str(f)) + quantum for f in (1.2 + 1.3 * u, 1.5, 1.1, 2.5, 4.0)]
    rounding = ROUND_FLOOR if (desired is Rag.GREEN) == (sign > 0) else ROUND_CEILING
    for gap in gaps:
        target = (shown + sign * gap).quantize(quantum, rounding)
        if target < 0 and entry.baseline >= 0:
            continue
        if entry.unit == Unit.PERCENT and target > 100:
            continue
        rating = status.rag(actual, status.Target(value=target), rule, deadline_passed=True)
        if rating is desired:
            return target
    return None


def _year_targets(rng: random.Random, plan: _Plan, first_year: int) -> dict[int, float]:
    """Each year's target on the catalogue's footing (the outturn, for summed indicators).

    Some indicators have their target reset each year from the expected level with some
    ambition; others keep the first year's target, or stretch it a little every year.
    """
    entry = plan.entry
    assert entry.target is not None
    style = rng.choice(("reset", "reset", "stretch", "flat"))
    step = rng.uniform(0.005, 0.02)
    good = 1 if entry.polarity is Polarity.HIGHER else -1
    targets: dict[int, float] = {}
    level: float | None = None
    for year in sorted({position[0] for position in plan.position.values()}):
        expected = _level(plan, year - first_year + 0.5)
        ambition = rng.uniform(-0.35, 0.55)
        if plan.additive:
            aimed = expected + (entry.target - entry.baseline) * ambition
        else:
            aimed = expected * (1 + (entry.target / entry.baseline - 1) * ambition)
        if level is None or style == "reset":
            level = aimed
        elif style == "stretch":
            level = level + good * step * 20 if plan.additive else level * (1 + good * step)
        targets[year] = level
    return targets


def _profiled(plan: _Plan, annual: float, k: int, n: int) -> float:
    entry = plan.entry
    if entry.cumulative:
        return annual * k / n
    if entry.aggregation is status.Aggregation.SUM:
        return annual / n
    return annual


def _clamped_target(plan: _Plan, value: float) -> Decimal:
    return _number(_bounded(plan, value), plan.entry.decimals)


def _make_targets(rng: random.Random, plan: _Plan, user: User) -> list[Target]:
    """Targets for every period of the indicator's years: profiled, stretching, or a band."""
    if not plan.has_target:
        return []
    entry = plan.entry
    first_year = plan.indicator.first_year
    if entry.polarity is Polarity.BAND:
        band = _band_target(plan)
        plan.targets = {p.pk: band for p in plan.periods}
    else:
        u = rng.random()
        annual = _year_targets(rng, plan, first_year)
        for period in plan.periods:
            year, k, n = plan.position[period.pk]
            value = _clamped_target(plan, _profiled(plan, annual[year], k, n))
            plan.targets[period.pk] = status.Target(value=value)
        _fix_scorecard_year(rng, plan, annual, u)
    stretch = rng.random() < 0.08
    stretch_year = plan.periods[-1].financial_year if plan.periods else None
    return [
        _validated(
            Target(
                indicator=plan.indicator,
                period=period,
                value=target.value,
                lower=target.lower,
                upper=target.upper,
                is_stretch=stretch and period.financial_year == stretch_year,
                note="Stretch target agreed by Cabinet"
                if stretch and period.financial_year == stretch_year
                else "",
                created_by=user,
                modified_by=user,
            )
        )
        for period in plan.periods
        if (target := plan.targets.get(period.pk)) is not None
    ]


def _fix_scorecard_year(
    rng: random.Random, plan: _Plan, annual: dict[int, float], u: float
) -> None:
    """Set the targets of the scorecard's year (and any later one) to give the chosen rating."""
    period, value = plan.scorecard_period, _scorecard_value(plan)
    if period is None or value is None or plan.desired is None:
        return
    target = _period_target(plan, plan.desired, value, u)
    if target is None:
        target = _period_target(plan, Rag.GREEN, value, u)
    if target is None:
        return
    year, k, n = plan.position[period.pk]
    if plan.entry.cumulative:
        annual_level = float(target) * n / k
    elif plan.entry.aggregation is status.Aggregation.SUM:
        annual_level = float(target) * n
    else:
        annual_level = float(target)
    good = 1 if plan.entry.polarity is Polarity.HIGHER else -1
    for later in sorted(y for y in annual if y >= year):
        annual[later] = annual_level
        annual_level *= 1 + good * rng.uniform(0.0, 0.03)  # next year's stretch, if any
    for other in plan.periods:
        other_year, j, m = plan.position[other.pk]
        if other_year >= year:
            value_j = _clamped_target(plan, _profiled(plan, annual[other_year], j, m))
            plan.targets[other.pk] = status.Target(value=value_j)
    plan.targets[period.pk] = status.Target(value=target)


# --- actuals ----------------------------------------------------------------------------


def _make_actuals(rng: random.Random, plan: _Plan) -> list[Actual]:
    entry, rule = plan.entry, plan.rule
    reported = plan.reported
    if not reported:
        return []
    user = plan.indicator.owner.user if plan.indicator.owner else None
    context = SERVICE_CONTEXT[entry.service]
    latest = reported[-1]
    forecasting = entry.cumulative and rng.random() < 0.6
    actuals: list[Actual] = []
    previous: Decimal | None = None
    for period in plan.periods:
        figure = plan.figures.get(period.pk)
        if figure is None:
            break
        if period.pk in plan.omitted:
            previous = None
            continue
        target = plan.targets.get(period.pk)
        rating = status.rag(figure.value, target, rule, deadline_passed=True)
        prominent = period.pk == latest.pk or period == plan.scorecard_period
        commentary = remedial = ""
        if rng.random() < (0.8 if prominent else COMMENTARY_CHANCE):
            commentary = _commentary(rng, plan, period, figure.value, target, previous, rating)
            if rating in (Rag.AMBER, Rag.RED) and rng.random() < (0.9 if prominent else 0.5):
                remedial = rng.choice(context[2])
        year, k, n = plan.position[period.pk]
        forecast = None
        if forecasting and year == plan.position[latest.pk][0]:
            forecast = _clamped_target(plan, float(figure.value) * n / k)
        actuals.append(
            _validated(
                Actual(
                    indicator=plan.indicator,
                    period=period,
                    value=figure.value,
                    numerator=None if figure.numerator is None else Decimal(figure.numerator),
                    denominator=None if figure.denominator is None else Decimal(figure.denominator),
                    is_estimated=rng.random() < (0.1 if period.pk == latest.pk else 0.015),
                    commentary=commentary,
                    remedial_action=remedial,
                    forecast=forecast,
                    state=Actual.State.APPROVED
                    if period.pk == latest.pk
                    else Actual.State.PUBLISHED,
                    created_by=user,
                    modified_by=user,
                )
            )
        )
        previous = figure.value
    return actuals


# Where the latest returns stand. On the scorecard's own quarter most are approved (the
# scorecard shows signed-off figures only); later periods (last month, say) are mid-flow.
_STATES = (
    Actual.State.APPROVED,
    Actual.State.SUBMITTED,
    Actual.State.DRAFT,
    Actual.State.RETURNED,
)
_ON_SCORECARD_WEIGHTS = (80, 10, 5, 5)
_DEMO_LOGIN_CYCLE = (
    Actual.State.SUBMITTED,
    Actual.State.DRAFT,
    Actual.State.SUBMITTED,
    Actual.State.RETURNED,
    Actual.State.APPROVED,
)
_LATER_WEIGHTS = (30, 30, 20, 20)
_RETURN_REASONS = (
    "The commentary does not explain why the figure fell: please add the reason.",
    "This does not match the figure in the system report for the quarter; please check.",
    "The denominator looks like last quarter's: please confirm the caseload.",
    "Red against target, but no remedial action is recorded.",
)


def _set_return_states(
    rng: random.Random,
    plans: Sequence[_Plan],
    actuals: list[Actual],
    people: dict[str, Person],
    open_from: date | None,
) -> None:
    """Give each indicator's latest return a state in the workflow, with who and when.

    Earlier returns in periods not yet signed off (ending on or after ``open_from``) are
    approved; the rest were published when their period was signed off.
    """
    latest = {p.indicator.pk: p.reported[-1].pk for p in plans if p.reported}
    scorecard = {p.indicator.pk: p.scorecard_period.pk for p in plans if p.scorecard_period}
    ends = {period.pk: period.end for p in plans for period in p.periods}
    approver = people["performance"].user
    head = people["head_of_service"]
    demo_turn = 0
    for actual in actuals:
        indicator = actual.indicator
        if actual.period_id != latest.get(actual.indicator_id):
            if open_from is not None and ends[actual.period_id] >= open_from:
                actual.state, actual.approved_by = Actual.State.APPROVED, approver
            continue
        in_scope = head.scope_id in (indicator.service_id, indicator.service.parent_id)
        owner_login = indicator.owner is not None and indicator.owner.user.username == "owner"
        on_scorecard = actual.period_id == scorecard.get(actual.indicator_id)
        if owner_login or in_scope:
            # The demo's owner and head of service logins always have work to do.
            state = _DEMO_LOGIN_CYCLE[demo_turn % len(_DEMO_LOGIN_CYCLE)]
            demo_turn += 1
        else:
            weights = _ON_SCORECARD_WEIGHTS if on_scorecard else _LATER_WEIGHTS
            state = rng.choices(_STATES, weights)[0]
        ended = datetime.combine(ends[actual.period_id], datetime.min.time(), tzinfo=UTC)
        actual.state = state
        submitted_at = ended + timedelta(days=rng.randint(5, 20), hours=10)
        if state != Actual.State.DRAFT:
            actual.submitted_by, actual.submitted_at = actual.created_by, submitted_at
        if state == Actual.State.APPROVED:
            actual.approved_by = head.user if in_scope else approver
            actual.approved_at = submitted_at + timedelta(days=rng.randint(1, 6))
            actual.version = 3
        elif state == Actual.State.RETURNED:
            actual.returned_reason = rng.choice(_RETURN_REASONS)
            actual.version = 3
        elif state == Actual.State.SUBMITTED:
            actual.version = 2


def _sign_off_before(end: date | None, quarters: Sequence[Period]) -> date | None:
    """Periods before the scorecard's quarter have been signed off (their figures published);
    returns the first day still open."""
    current = next((q for q in quarters if q.end == end), None)
    if current is None:
        return None
    Period.objects.filter(end__lt=current.start).update(
        locked_at=datetime.combine(current.start, datetime.min.time(), tzinfo=UTC)
    )
    return current.start


def _commentary(
    rng: random.Random,
    plan: _Plan,
    period: Period,
    value: Decimal,
    target: status.Target | None,
    previous: Decimal | None,
    rating: Rag,
) -> str:
    """An owner's note on the figure: what it was, how it moved, and why."""
    entry = plan.entry
    good_reasons, bad_reasons, _ = SERVICE_CONTEXT[entry.service]

    def shown(number: Decimal) -> str:
        return format_measure(number, entry.unit, entry.decimals)

    figure = shown(value)
    movement = ""
    if previous is not None and not entry.cumulative:
        rounded_now = status.round_to_precision(value, entry.decimals)
        rounded_then = status.round_to_precision(previous, entry.decimals)
        if rounded_now == rounded_then:
            movement = f"unchanged from {shown(previous)} last period"
        else:
            direction = "up" if value > previous else "down"
            change = abs(value - previous) / abs(previous) * 100 if previous else Decimal(0)
            size = f" {change:.0f}%" if entry.unit != Unit.PERCENT and change >= 1 else ""
            movement = f"{direction}{size} from {shown(previous)} last period"
    label = period.label
    if target is None or rating not in (Rag.GREEN, Rag.AMBER, Rag.RED):
        opening = f"{figure} for {label}" + (f", {movement}." if movement else ".")
        note = rng.choice(
            (
                "Reported for context; the figure is not rated.",
                f"The change mainly reflects {rng.choice(good_reasons + bad_reasons)}.",
                "Figures are taken from the system on the last working day of the period.",
            )
        )
        return f"{opening} {note}"
    aim = _aim_text(target, shown)
    if rating is Rag.GREEN:
        opening = rng.choice(
            (
                f"{figure} for {label} against {aim}" + (f", {movement}." if movement else "."),
                f"On target at {figure}" + (f" ({movement})." if movement else "."),
                f"Target met: {figure} for {label} against {aim}.",
            )
        )
        reason = rng.choice(good_reasons)
        closing = rng.choice(
            (
                f"This reflects {reason}.",
                f"Performance has been helped by {reason}.",
                f"The team expects to sustain this, helped by {reason}.",
            )
        )
    else:
        side = _miss_side(entry, value, target)
        opening = rng.choice(
            (
                f"{figure} for {label}, {side} {aim}" + (f" ({movement})." if movement else "."),
                f"Off target at {figure} against {aim}.",
                f"{label} came in at {figure}, missing {aim}.",
            )
        )
        reason = rng.choice(bad_reasons)
        closing = rng.choice(
            (
                f"This reflects {reason}.",
                f"The main cause was {reason}.",
                f"Performance was affected by {reason}.",
            )
        )
        if rating is Rag.AMBER and rng.random() < 0.5:
            closing += " The shortfall is within tolerance and should recover next period."
    return f"{opening} {closing}"


def _aim_text(target: status.Target, shown: Callable[[Decimal], str]) -> str:
    if target.lower is not None and target.upper is not None:
        return f"the {shown(target.lower)} to {shown(target.upper)} range"
    assert target.value is not None
    return f"the target of {shown(target.value)}"


def _miss_side(entry: Entry, value: Decimal, target: status.Target) -> str:
    if target.lower is not None and target.upper is not None:
        return "below" if value < target.lower else "above"
    return "below" if entry.polarity is Polarity.HIGHER else "above"


# --- numbers ----------------------------------------------------------------------------


def _number(value: float, decimals: int) -> Decimal:
    """A float rounded half up to ``decimals`` places, exactly as a Decimal."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
