"""Writes for councillors' queries: each step checks who may take it and from which state,
checks the version the user saw, records the step on the query's timeline and in the audit
table in one transaction, and emails the people who act next once it has committed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goldenthread import access
from goldenthread.core.audit import Actor, save_audited, snapshot, user_of
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Person
from goldenthread.queries import selectors
from goldenthread.queries.models import Query, QueryEvent, QueryState, QueryStep

logger = logging.getLogger(__name__)
# Set by ``without_email`` (the demo builds its queries without emailing anyone).
_quiet: ContextVar[bool] = ContextVar("queries_without_email", default=False)


@contextmanager
def without_email() -> Iterator[None]:
    """Take steps without emailing anyone (for the demo council)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


Step = QueryStep


class QueryChanged(ValidationError):
    """Someone else took a step on this query since the user opened it: refuse, do not
    overwrite. ``current`` is the query as it now stands."""

    def __init__(self, message: str, current: Query) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Transition:
    """One step a query can take: from which states, to which, and who may take it."""

    step: Step
    allowed_from: frozenset[str]
    to: QueryState
    rule: str  # an ``access`` rule, tested with the query
    text_required: str  # the error when the text is empty ("" = the text is optional)


TRANSITIONS: dict[str, Transition] = {
    "draft": Transition(
        Step.DRAFTED,
        frozenset({QueryState.OPEN, QueryState.DRAFTED}),
        QueryState.DRAFTED,
        "queries.draft",
        "Enter the draft answer.",
    ),
    "answer": Transition(
        Step.ANSWERED,
        frozenset({QueryState.OPEN, QueryState.DRAFTED}),
        QueryState.ANSWERED,
        "queries.answer",
        "Enter the answer.",
    ),
    "follow_up": Transition(
        Step.FOLLOWED_UP,
        frozenset({QueryState.ANSWERED}),
        QueryState.OPEN,
        "queries.conclude",
        "Enter your follow-up question.",
    ),
    "close": Transition(
        Step.CLOSED,
        frozenset({QueryState.OPEN, QueryState.DRAFTED, QueryState.ANSWERED}),
        QueryState.CLOSED,
        "queries.conclude",
        "",
    ),
    # Only once the portfolio holder has answered (docs/sources.md#seed-004-5-13).
    "refer": Transition(
        Step.REFERRED,
        frozenset({QueryState.ANSWERED}),
        QueryState.REFERRED,
        "queries.conclude",
        "Say why the answer does not settle the matter.",
    ),
}


def steps_open_to(actor: Actor, query: Query) -> list[str]:
    """The steps ``actor`` may take on ``query`` now, in the order the page offers them."""
    return [
        name
        for name, transition in TRANSITIONS.items()
        if query.state in transition.allowed_from and access.can(actor, transition.rule, query)
    ]


@transaction.atomic
def query_raise(
    *, actor: Actor, indicator: Indicator, question: str, period: Period | None = None
) -> Query:
    """Raise a query on ``indicator``: routed now to its portfolio holder and its owner."""
    if not access.can(actor, "queries.raise"):
        raise PermissionDenied("Only councillors raise performance queries.")
    if not question.strip():
        raise ValidationError({"question": "Enter your question."})
    if period is not None and period.kind != indicator.frequency:
        raise ValidationError({"period": "Choose one of this indicator's periods."})
    raiser = access.person_of(actor)
    assert raiser is not None  # a councillor has a person
    routing = selectors.routing_of(indicator)
    query = Query(
        council_id=indicator.council_id,
        indicator=indicator,
        period=period,
        raised_by=raiser,
        question=question.strip(),
        portfolio=routing.portfolio,
        holder=routing.holder,
        officer=routing.officer,
        created_by=user_of(actor),
    )
    save_audited(actor=actor, instance=query, before={}, reason="Query raised")
    _event(actor, query, Step.RAISED, query.question)
    _notify(query, [query.holder, query.officer], "New performance query", _raised_text)
    return query


def query_draft(*, actor: Actor, query: Query, text: str, expected_version: int) -> Query:
    """The responsible officer (or the performance team) drafts an answer for the holder."""
    return _take(actor, query, "draft", text, expected_version)


def query_answer(*, actor: Actor, query: Query, text: str, expected_version: int) -> Query:
    """The portfolio holder answers (in their words, or agreeing the officer's draft)."""
    return _take(actor, query, "answer", text, expected_version)


def query_follow_up(*, actor: Actor, query: Query, text: str, expected_version: int) -> Query:
    """The councillor is not yet satisfied and asks again: the query is open once more."""
    return _take(actor, query, "follow_up", text, expected_version)


def query_close(*, actor: Actor, query: Query, text: str = "", expected_version: int) -> Query:
    """The councillor who raised it closes it (satisfied, or withdrawn before an answer)."""
    return _take(actor, query, "close", text, expected_version)


def query_refer(*, actor: Actor, query: Query, text: str, expected_version: int) -> Query:
    """The councillor refers an answered query to scrutiny, saying why."""
    return _take(actor, query, "refer", text, expected_version)


@transaction.atomic
def _take(actor: Actor, query: Query, name: str, text: str, expected_version: int) -> Query:
    transition = TRANSITIONS[name]
    row = Query.objects.select_for_update().select_related("indicator").get(pk=query.pk)
    if not access.can(actor, transition.rule, row):
        raise PermissionDenied("You cannot take this step on this query.")
    if row.version != expected_version:
        raise QueryChanged(
            "Someone else has acted on this query since you opened it. Read the timeline and "
            "try again.",
            current=row,
        )
    if row.state not in transition.allowed_from:
        raise ValidationError(
            f"This query is {row.get_state_display().lower()}, so it cannot be "
            f"{transition.step.label.lower()} now."
        )
    text = text.strip()
    if transition.text_required and not text:
        raise ValidationError({"text": transition.text_required})
    before = snapshot(row)
    row.state = transition.to
    if name == "draft":
        row.draft_answer = text
    elif name == "answer":
        row.answer, row.answered_at = text, timezone.now()
    elif name == "refer":
        row.referral_reason = text
    row.version += 1
    row.modified_by = user_of(actor)
    save_audited(actor=actor, instance=row, before=before, reason=transition.step.label)
    _event(actor, row, transition.step, text)
    _after(name, row)
    return row


def _event(actor: Actor, query: Query, step: Step, text: str) -> None:
    QueryEvent.objects.create(
        query=query,
        at=timezone.now(),
        actor=user_of(actor),
        step=step,
        text=text,
    )


# --- who hears about it ---------------------------------------------------------------------


def _after(name: str, query: Query) -> None:
    if name == "draft":
        _notify(query, [query.holder], "Draft answer ready to agree", _step_text("drafted"))
    elif name == "answer":
        _notify(query, [query.raised_by], "Your query has been answered", _step_text("answered"))
    elif name == "follow_up":
        _notify(
            query, [query.holder, query.officer], "Follow-up question", _step_text("followed up")
        )
    elif name == "refer":
        members = Person.objects.filter(
            council_id=query.council_id, role=Person.Role.COUNCILLOR, scrutiny_member=True
        ).select_related("user")
        _notify(query, list(members), "Query referred to scrutiny", _step_text("referred"))


def _raised_text(query: Query) -> str:
    return (
        f"{query.raised_by} has raised a performance query on {query.indicator}:\n\n"
        f"{query.question}\n"
    )


def _step_text(verb: str) -> Callable[[Query], str]:
    def text(query: Query) -> str:
        return f"The query on {query.indicator} has been {verb}.\n"

    return text


def _notify(
    query: Query, people: list[Person | None], subject: str, body: Callable[[Query], str]
) -> None:
    """Email each person with an address, once the step has committed."""
    addresses = sorted({p.user.email for p in people if p is not None and p.user.email})
    if not addresses or _quiet.get():
        return
    link = settings.GOLDENTHREAD_BASE_URL + reverse("queries:detail", args=[query.pk])
    message = f"{body(query)}\nRead it and respond: {link}\n"
    full_subject = f"{subject}: {query.indicator.code}"
    transaction.on_commit(lambda: _send(full_subject, message, addresses))


def _send(subject: str, message: str, addresses: list[str]) -> None:
    # The step has committed; a mail server that is down must not turn it into an error page.
    try:
        send_mail(subject, message, None, addresses)
    except OSError:
        logger.exception("Could not email %s about a query", ", ".join(addresses))
