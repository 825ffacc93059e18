"""Who may do what: the one place that decides, asked by views, exports, templates and the API.

Roles (``Person.Role``) are scoped to the organisation:

- **administrator** and **performance officer** (the performance team): everything;
- **director** and **head of service**: approve returns for the services their scope covers;
- **data owner**: enter returns for the indicators they own (and their actions and risks);
- **councillor**: view everything, raise queries; the **portfolio holder** answers queries on
  the services of their portfolio; a **scrutiny member** sees queries referred to scrutiny;
- **partner**: enter data for the partnership indicators they own; no other internal pages;
- **staff**: view, and their own objectives;
- **the public** (anonymous): published public indicators only (``goldenthread.public``).

Each rule is a named ``rules`` predicate (``rules.add_rule``), so templates can ask with
``{% load rules %}{% test_rule "returns.enter" user indicator as can_enter %}``, views with
``@access.require("internal.view")`` or ``access.can(user, name, obj)``, and the API the same.
The predicates read only what is already loaded with the user (``PersonBackend`` reads the
person with the user) and the object, plus the org-unit parents where a scope is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

import rules
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.http import require_http_methods

from goldenthread.core.audit import Actor
from goldenthread.organisation.models import OrgUnit, Person

# Each org unit's parent (None at the top), read once per request by ``unit_parents``.
Parents = Mapping[int, int | None]

TEAM_ROLES = frozenset({Person.Role.PERFORMANCE, Person.Role.ADMIN})
APPROVER_ROLES = frozenset({Person.Role.HEAD_OF_SERVICE, Person.Role.DIRECTOR})
# Roles that may see the council's internal pages (everyone with a place in the council but
# partners, who are outside organisations).
INTERNAL_ROLES = frozenset(Person.Role) - {Person.Role.PARTNER}


# --- who the user is ----------------------------------------------------------------------


def person_of(user: Actor) -> Person | None:
    if user is None or not user.is_authenticated or client_of(user) is not None:
        return None  # an API client's user has no person: asking would cost a query
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def role_of(user: Actor) -> str | None:
    person = person_of(user)
    return person.role if person else None


def unit_parents() -> dict[int, int | None]:
    return dict(OrgUnit.objects.values_list("pk", "parent_id"))


def covers(scope_id: int | None, unit_id: int, parents: Parents) -> bool:
    """Whether a scope (an org unit; None = the whole council) contains ``unit_id``."""
    if scope_id is None:
        return True
    current: int | None = unit_id
    for _ in range(len(parents) + 1):  # the tree is shallow; this bounds a malformed one
        if current is None:
            return False
        if current == scope_id:
            return True
        current = parents.get(current)
    return False


def portfolio_id_of(unit: OrgUnit | None) -> int | None:
    """The portfolio a unit answers to: its own, else the nearest unit above's.

    Walks loaded parents (``select_related("service__parent__parent")`` keeps it query-free).
    """
    for _ in range(4):  # directorate → service → section: three levels
        if unit is None:
            return None
        if unit.portfolio_id is not None:
            return unit.portfolio_id
        unit = unit.parent
    return None


# --- predicates ---------------------------------------------------------------------------


@rules.predicate
def is_superuser(user: Actor) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_team(user: Actor) -> bool:
    return bool(is_superuser(user) or role_of(user) in TEAM_ROLES)


@rules.predicate
def is_administrator(user: Actor) -> bool:
    return bool(is_superuser(user) or role_of(user) == Person.Role.ADMIN)


@rules.predicate
def is_internal(user: Actor) -> bool:
    return bool(is_superuser(user) or role_of(user) in INTERNAL_ROLES)


@rules.predicate
def is_approver_role(user: Actor) -> bool:
    return role_of(user) in APPROVER_ROLES


@rules.predicate
def is_director(user: Actor) -> bool:
    return role_of(user) == Person.Role.DIRECTOR


@rules.predicate
def holds_a_portfolio(user: Actor) -> bool:
    """A councillor who holds a Cabinet portfolio (one query)."""
    person = person_of(user)
    return bool(person and person.role == Person.Role.COUNCILLOR and person.portfolios.exists())


@rules.predicate
def is_councillor(user: Actor) -> bool:
    return role_of(user) == Person.Role.COUNCILLOR


@rules.predicate
def is_scrutiny_member(user: Actor) -> bool:
    person = person_of(user)
    return bool(person and person.role == Person.Role.COUNCILLOR and person.scrutiny_member)


@rules.predicate
def has_place(user: Actor) -> bool:
    """Signed in with a place in the council (any role), or a superuser."""
    return bool(is_superuser(user) or person_of(user) is not None)


@rules.predicate
def owns(user: Actor, thing: Any) -> bool:
    """The user is the thing's owner (an indicator's data owner; anything with ``owner_id``)."""
    return _party(user, thing, "owner_id")


def _party(user: Actor, thing: Any, field: str) -> bool:
    """Whether the user's person is the one ``thing`` names in ``field`` (e.g. a query's
    ``raised_by_id``, a risk's ``owner_person_id``): no query."""
    person = person_of(user)
    return person is not None and getattr(thing, field, None) == person.pk


@rules.predicate
def keeps_plan(user: Actor, thing: Any) -> bool:
    """The user keeps the plan the thing is in (a plan, objective or milestone answers
    ``plan_owner_id``)."""
    return _party(user, thing, "plan_owner_id")


@rules.predicate
def manages_appraisal(user: Actor, appraisal: Any) -> bool:
    """The user is the appraisal's appraising manager."""
    return _party(user, appraisal, "manager_id")


@rules.predicate
def is_partnership_indicator(user: Actor, indicator: Any) -> bool:
    # Asked of the indicator, so that access (below indicators) never imports their models.
    return bool(getattr(indicator, "is_partnership", False))


def approves_for(user: Actor, indicator: Any, parents: Parents | None = None) -> bool:
    person = person_of(user)
    if person is None or person.role not in APPROVER_ROLES:
        return False
    return covers(person.scope_id, indicator.service_id, parents or unit_parents())


@rules.predicate
def approves_in_scope(user: Actor, indicator: Any) -> bool:
    return approves_for(user, indicator)


@rules.predicate
def holds_portfolio_of(user: Actor, indicator: Any) -> bool:
    """The user holds the Cabinet portfolio that the indicator's service answers to."""
    person = person_of(user)
    if person is None or person.role != Person.Role.COUNCILLOR:
        return False
    portfolio_id = portfolio_id_of(indicator.service)
    return portfolio_id is not None and person.portfolios.filter(pk=portfolio_id).exists()


# A query (``goldenthread.queries``) stores who raised it and where it was routed when raised,
# so these read the query's own fields, never the indicator's current owner or portfolio.
@rules.predicate
def raised_query(user: Actor, query: Any) -> bool:
    return _party(user, query, "raised_by_id")


@rules.predicate
def holds_query(user: Actor, query: Any) -> bool:
    """The portfolio holder the query was routed to."""
    return _party(user, query, "holder_id")


@rules.predicate
def officer_of_query(user: Actor, query: Any) -> bool:
    """The responsible officer (the indicator's owner when the query was raised)."""
    return _party(user, query, "officer_id")


@rules.predicate
def query_has_no_holder(user: Actor, query: Any) -> bool:
    return getattr(query, "holder_id", None) is None


@rules.predicate
def query_referred(user: Actor, query: Any) -> bool:
    return getattr(query, "state", None) == "referred"


@rules.predicate
def proposed_it(user: Actor, proposal: Any) -> bool:
    """The person who proposed a change to an indicator or a target."""
    return _party(user, proposal, "proposed_by_id")


@rules.predicate
def is_writing_client(user: Actor, indicator: Any) -> bool:
    """An API client's service user, for an indicator its token may write (see the end)."""
    client = client_of(user)
    return client is not None and token_writes(client, indicator)


# Risks and projects (goldenthread.improvement): a risk's owner is a person; a project's
# sponsoring director records its review board's decisions with the performance team.
@rules.predicate
def owns_risk(user: Actor, risk: Any) -> bool:
    return _party(user, risk, "owner_person_id")


@rules.predicate
def sponsors_project(user: Actor, project: Any) -> bool:
    return _party(user, project, "director_id")


@rules.predicate
def leads_action(user: Actor, action: Any) -> bool:
    """The user is one of the action's leads (a key entry that is their account)."""
    person = person_of(user)
    if person is None or action is None or not hasattr(action, "leads"):
        return False
    return bool(action.leads.filter(key__person=person).exists())


# --- the rules, by name -------------------------------------------------------------------

RULES: dict[str, rules.Predicate] = {
    # Internal pages: scorecard, plans, improvement, benchmarking, reports.
    "internal.view": is_internal,
    # One indicator: internal roles, or a partner for their partnership indicators.
    "indicator.view": is_internal | (owns & is_partnership_indicator),
    # Pages every signed-in person has (my returns); object rules are checked in the view.
    "person.any": has_place,
    "returns.mine": has_place,
    "returns.enter": is_team | owns | is_writing_client,
    "returns.approve": is_team | approves_in_scope,
    "returns.approve_any": is_team | is_approver_role,
    # Figures nobody has checked yet (drafts, submissions, returns sent back), and their
    # commentary: only whoever enters the indicator's returns, its approvers in scope and the
    # performance team. Everyone else sees approved and published figures only
    # (docs/adr/0005-data-collection.md): every page, CSV and API answer asks this rule.
    "figures.unchecked": is_writing_client | is_team | owns | approves_in_scope,
    # Invitations to sign in (the people import makes them): administrators list, resend and
    # revoke them (docs/adr/0022-structure-people-invitations.md).
    "people.invitations": is_administrator,
    # Performance team work: overdue list, periods, sign-off, audit trail, definitions.
    "team.manage": is_team,
    # Referring an exception to a committee (reports).
    "reports.refer": is_team | is_councillor,
    # Councillors' queries (docs/sources.md#seed-004-5-13).
    "queries.raise": is_councillor,
    "queries.answer_for": is_team | owns | holds_portfolio_of,
    "queries.see_scrutiny": is_team | is_scrutiny_member,
    # One query: its parties, the team, and scrutiny members once it is referred to them.
    "queries.view": is_team
    | raised_query
    | holds_query
    | officer_of_query
    | (is_scrutiny_member & query_referred),
    # The officer (or the team) drafts; the holder answers (the team only where no one holds
    # the portfolio); the councillor who raised it closes it or refers it to scrutiny.
    "queries.draft": is_team | officer_of_query,
    "queries.answer": holds_query | (is_team & query_has_no_holder),
    "queries.conclude": raised_query,
    # Indicators and targets (issue 17a): the performance team defines indicators and sets
    # targets; an indicator's owner proposes changes, which the team accepts or declines.
    "indicators.define": is_team,
    "indicators.propose": owns,
    "indicators.proposal": is_team | proposed_it,
    # Plans (issue 17b): the team writes plans; whoever keeps a plan edits it, its objectives,
    # links and milestones; a milestone's owner marks it done or late; stretch targets and
    # partner shares are the team's; an appraisal's manager records it and its objectives
    # (who may read an appraisal is ``Appraisal.visible_to``); directors and heads of service
    # start appraisals for the people in their scope, as their manager.
    "plans.create": is_team,
    "plans.edit": is_team | keeps_plan,
    "milestones.report": is_team | keeps_plan | owns,
    "plans.agreements": is_team,
    "appraisals.record": is_team | manages_appraisal,
    "appraisals.create": is_team | is_approver_role,
    # Reviewing a risk (scores, controls, further actions, next review): its owner and the team.
    "risks.review": is_team | owns_risk,
    # The review board's checkpoint decision on a project: its sponsoring director and the team.
    "projects.decide": is_team | sponsors_project,
    # Action plans: an action's lead records progress, asks for a new date, marks it done;
    # the plan's owner (``owns`` the plan) adds, edits, merges and closes actions and decides
    # new dates; remedial actions are added by the indicator's owner.
    "actions.lead": is_team | leads_action,
    "actions.manage": is_team | owns,
    "actions.remedial": is_team | owns,
    # Dashboards by role (issue 18): a director's directorate; the team's (and a director
    # with the whole council in scope, the chief executive's) the council by directorate; a
    # portfolio holder's their portfolio.
    "dashboards.view": is_team | is_director | holds_a_portfolio,
}

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)


def can(user: Actor, name: str, obj: Any = None) -> bool:
    """Whether ``user`` may do ``name`` (to ``obj``)."""
    return bool(RULES[name].test(user, obj))


# --- the earlier function names, used by services and selectors -------------------------


def is_performance_team(user: Actor) -> bool:
    return can(user, "team.manage")


def can_enter(user: Actor, indicator: Any) -> bool:
    return can(user, "returns.enter", indicator)


def can_approve(user: Actor, indicator: Any, parents: Parents) -> bool:
    """As ``returns.approve``, with the parents read once for a list of returns."""
    return is_performance_team(user) or approves_for(user, indicator, parents)


def sees_unchecked(user: Actor, indicator: Any) -> bool:
    """Whether ``user`` may see the indicator's figures before they are approved."""
    return can(user, "figures.unchecked", indicator)


def approves_anything(user: Actor) -> bool:
    return can(user, "returns.approve_any")


# --- views ---------------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def require(
    name: str, methods: Sequence[str] = ("GET", "HEAD")
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """View decorator: only ``methods`` (else 405), sign-in required, then the rule ``name``
    (without an object; views check object rules themselves) or 403.

    Every view says here what it needs, so the authorisation matrix test
    (``tests/access``) can hold each URL to the declared policy.
    """

    def decorate(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            if not can(request.user, name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        return cast(Callable[..., R], require_http_methods(list(methods))(guarded))

    return decorate


# --- API clients (goldenthread.api) --------------------------------------------------------
# A source system's token reads the indicators of the services it was given (each service
# covers its sections; ``whole_council`` covers them all) in its own council, and writes them
# if it ``may_write``. Its writes are made by its service user, which ``returns.enter``
# admits through ``is_writing_client``, so the API and the return form share one rule.


def client_of(user: Actor) -> Any:
    """The API client a user acts for, or None.

    Only a user loaded by the API's token check (which caches the client on it) counts, so an
    ordinary user never costs a query here, and a client's user signed in some other way (it
    cannot be: no password, no person) would get nothing.
    """
    if not isinstance(user, User) or not User.api_client.is_cached(user):
        return None
    return getattr(user, "api_client", None)


def client_covers(client: Any, unit_id: int, parents: Parents) -> bool:
    """Whether an active client's services contain ``unit_id`` (``covers`` for each)."""
    if client.revoked_at is not None:
        return False
    if client.whole_council:
        return True
    return any(covers(scope, unit_id, parents) for scope in client.service_ids)


def client_units(client: Any, parents: Parents) -> set[int]:
    """Every unit a client covers, for filtering lists with the same rule as ``token_reads``."""
    return {unit for unit in parents if client_covers(client, unit, parents)}


def token_reads(client: Any, indicator: Any, parents: Parents | None = None) -> bool:
    return indicator.council_id == client.council_id and client_covers(
        client, indicator.service_id, unit_parents() if parents is None else parents
    )


def token_writes(client: Any, indicator: Any, parents: Parents | None = None) -> bool:
    return bool(client.may_write) and token_reads(client, indicator, parents)
