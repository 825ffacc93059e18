"""Reads for the queries pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse

from goldenthread import access
from goldenthread.core.audit import Actor
from goldenthread.core.work import WorkItem
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Person, Portfolio
from goldenthread.queries.models import Query, QueryEvent, QueryState


@dataclass(frozen=True)
class Routing:
    """Who a query on an indicator goes to: the portfolio holder of the portfolio its service
    answers to (None: no one holds it, so the performance team answers) and its owner."""

    portfolio: Portfolio | None
    holder: Person | None
    officer: Person | None


def routing_of(indicator: Indicator) -> Routing:
    """One rule for the raise page (which names the people) and ``query_raise`` (which
    stores them), so the page never promises a holder the query is not given to. One query
    at most; load ``indicator`` with ``service__parent__parent`` and ``owner__user``."""
    portfolio_id = access.portfolio_id_of(indicator.service)
    portfolio = (
        Portfolio.objects.select_related("holder__user").filter(pk=portfolio_id).first()
        if portfolio_id
        else None
    )
    return Routing(
        portfolio=portfolio,
        holder=portfolio.holder if portfolio else None,
        officer=indicator.owner,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """A step on a query's timeline with who took it and in what capacity."""

    event: QueryEvent
    who: str
    capacity: str


@dataclass
class QueryLists:
    """The queries list page: what waits for the user, what they raised, what went to
    scrutiny, and (for the performance team) every query."""

    waiting: list[Query] = field(default_factory=list)
    raised: list[Query] = field(default_factory=list)
    referred: list[Query] = field(default_factory=list)
    everything: list[Query] = field(default_factory=list)
    team: bool = False

    @property
    def any(self) -> bool:
        return bool(self.waiting or self.raised or self.referred or self.everything)


def with_people(queries: QuerySet[Query]) -> QuerySet[Query]:
    return queries.select_related(
        "indicator", "period", "raised_by__user", "holder__user", "officer__user", "portfolio"
    )


def visible_to(user: Actor) -> Q:
    """The queries ``user`` may see (the ``queries.view`` rule, as a database filter)."""
    if access.can(user, "team.manage"):
        return Q()
    seen = Q(pk__in=[])
    person = access.person_of(user)
    if person is not None:
        seen |= Q(raised_by=person) | Q(holder=person) | Q(officer=person)
    if access.can(user, "queries.see_scrutiny"):
        seen |= Q(state=QueryState.REFERRED)
    return seen


def waits_for(user: Actor, query: Query) -> bool:
    """Whether the next step is the user's: an answer to draft or give, or, once answered,
    the raising councillor's decision (close, follow up or refer)."""
    if query.state == QueryState.ANSWERED:
        return access.can(user, "queries.conclude", query)
    if query.state == QueryState.OPEN:
        return access.can(user, "queries.draft", query) or access.can(user, "queries.answer", query)
    if query.state == QueryState.DRAFTED:
        return access.can(user, "queries.answer", query)
    return False


def query_lists(*, user: Actor, state: str = "") -> QueryLists:
    """The user's queries in one database query, sorted into the page's sections."""
    queries = with_people(Query.objects.filter(visible_to(user)))
    if state:
        queries = queries.filter(state=state)
    person = access.person_of(user)
    lists = QueryLists(team=access.can(user, "team.manage"))
    for query in queries:
        if waits_for(user, query):
            lists.waiting.append(query)
        if person is not None and query.raised_by_id == person.pk:
            lists.raised.append(query)
        if query.state == QueryState.REFERRED and access.can(user, "queries.see_scrutiny"):
            lists.referred.append(query)
        if lists.team:
            lists.everything.append(query)
    return lists


def capacity_of(query: Query, person: Person | None) -> str:
    """In what capacity ``person`` acted on ``query``: its portfolio holder, its officer, the
    councillor who raised it, or their role ("Performance officer")."""
    if person is None:
        return ""
    if person.pk == query.holder_id:
        return "portfolio holder"
    if person.pk == query.officer_id:
        return "responsible officer"
    if person.pk == query.raised_by_id:
        return "raised the query"
    return person.get_role_display().lower()


def timeline(query: Query) -> list[TimelineEntry]:
    """The query's steps, oldest first, each with who took it and as what: one query."""
    entries = []
    for event in query.events.select_related("actor__person"):
        actor = event.actor
        if actor is None:
            entries.append(TimelineEntry(event, "System", ""))
            continue
        person = getattr(actor, "person", None)
        who = actor.get_full_name() or actor.username
        entries.append(TimelineEntry(event, who, capacity_of(query, person)))
    return entries


def has_queries(user: Actor) -> bool:
    """Whether the navigation offers "Queries": councillors and the team always; officers
    once a query has been routed to them."""
    if access.can(user, "queries.raise") or access.can(user, "team.manage"):
        return True
    person = access.person_of(user)
    return person is not None and Query.objects.filter(officer=person).exists()


QUERIES_TO_ANSWER = "Queries to answer"


def work_items(person: Person, today: date) -> list[WorkItem]:
    """The queries whose next step is ``person``'s (an answer to draft or give, or an answer
    to close, follow up or refer), for "My work": one query. Queries have no due date."""
    user = person.user
    mine = Q(raised_by=person) | Q(holder=person) | Q(officer=person)
    if access.is_performance_team(user):
        mine |= Q(holder__isnull=True)  # the team answers a query with no portfolio holder
    waiting = Q(state__in=[QueryState.OPEN, QueryState.DRAFTED, QueryState.ANSWERED])
    items = []
    for query in with_people(Query.objects.filter(mine & waiting)).order_by("created_on", "pk"):
        if not waits_for(user, query):
            continue
        asked = f"Raised by {query.raised_by} on {query.created_on:%-d %b %Y}"
        items.append(
            WorkItem(
                kind=QUERIES_TO_ANSWER,
                title=f"{query.indicator.code} {query.indicator.title}",
                url=reverse("queries:detail", args=[query.pk]),
                due=None,
                state=query.get_state_display(),
                detail=f"{query.period.label}. {asked}" if query.period else asked,
            )
        )
    return items
