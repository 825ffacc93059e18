"""The query protocol of docs/sources.md#seed-004-5-13, step by step: who may take each step,
from which state, with a timestamped event and an audit entry for every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.core.models import AuditEntry
from goldenthread.organisation.models import Person, Portfolio
from goldenthread.queries import services
from goldenthread.queries.models import Query, QueryState, QueryStep
from tests.queries.conftest import Cast, make_person

pytestmark = pytest.mark.django_db


def raise_query(cast: Cast, question: str = "Why is this red?") -> Query:
    return services.query_raise(actor=cast.councillor, indicator=cast.indicator, question=question)


def step(name: str, actor: User, query: Query, text: str = "Some text") -> Query:
    query.refresh_from_db()
    take: Callable[..., Query] = getattr(services, f"query_{name}")
    return take(actor=actor, query=query, text=text, expected_version=query.version)


def test_a_raised_query_is_routed_to_the_portfolio_holder_and_the_indicators_owner(
    cast: Cast,
) -> None:
    query = raise_query(cast)
    assert query.state == QueryState.OPEN
    assert query.holder == cast.holder.person
    assert query.officer == cast.owner.person
    assert query.portfolio == cast.portfolio


def test_the_routing_is_kept_when_the_portfolio_or_the_owner_changes_later(cast: Cast) -> None:
    query = raise_query(cast)
    new_holder = make_person(cast.indicator.council, "newholder", Person.Role.COUNCILLOR)
    Portfolio.objects.filter(pk=cast.portfolio.pk).update(holder=new_holder.person)
    cast.indicator.owner = cast.other_owner.person
    cast.indicator.save()
    query.refresh_from_db()
    assert query.holder == cast.holder.person
    assert query.officer == cast.owner.person
    with pytest.raises(PermissionDenied):
        step("answer", new_holder, query)
    assert step("answer", cast.holder, query).state == QueryState.ANSWERED


def test_only_councillors_raise_queries(cast: Cast) -> None:
    for actor in (cast.owner, cast.performance, cast.staff):
        with pytest.raises(PermissionDenied):
            services.query_raise(actor=actor, indicator=cast.indicator, question="Why?")
    assert not Query.objects.exists()


def test_an_empty_question_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        raise_query(cast, question="   ")
    assert "question" in error.value.message_dict


def test_the_officer_drafts_and_the_holder_agrees_the_draft(cast: Cast) -> None:
    query = raise_query(cast)
    query = step("draft", cast.owner, query, "Staff absence; fixed next month.")
    assert query.state == QueryState.DRAFTED
    query = step("answer", cast.holder, query, query.draft_answer)
    assert query.state == QueryState.ANSWERED
    assert query.answer == "Staff absence; fixed next month."
    assert query.answered_at is not None


def test_the_officer_cannot_answer_for_the_holder_and_others_cannot_draft(cast: Cast) -> None:
    query = raise_query(cast)
    with pytest.raises(PermissionDenied):
        step("answer", cast.owner, query)
    for outsider in (cast.other_owner, cast.councillor, cast.other_councillor, cast.staff):
        with pytest.raises(PermissionDenied):
            step("draft", outsider, query)
    assert Query.objects.get(pk=query.pk).state == QueryState.OPEN


def test_the_performance_team_answers_only_where_no_one_holds_the_portfolio(
    cast: Cast,
) -> None:
    query = raise_query(cast)
    with pytest.raises(PermissionDenied):
        step("answer", cast.performance, query)
    Portfolio.objects.filter(pk=cast.portfolio.pk).update(holder=None)
    unheld = raise_query(cast, "And this one?")
    assert unheld.holder is None
    assert step("answer", cast.performance, unheld).state == QueryState.ANSWERED


def test_scrutiny_only_after_the_portfolio_holder_has_answered(cast: Cast) -> None:
    query = raise_query(cast)
    with pytest.raises(ValidationError, match="cannot be referred to scrutiny now"):
        step("refer", cast.councillor, query, "Not satisfied")
    query = step("draft", cast.owner, query)
    with pytest.raises(ValidationError, match="cannot be referred to scrutiny now"):
        step("refer", cast.councillor, query, "Not satisfied")
    step("answer", cast.holder, query)
    referred = step("refer", cast.councillor, query, "The answer repeats last year's.")
    assert referred.state == QueryState.REFERRED
    assert referred.referral_reason == "The answer repeats last year's."


def test_a_referral_needs_a_reason_and_only_the_raiser_refers_or_closes(cast: Cast) -> None:
    query = step("answer", cast.holder, raise_query(cast))
    with pytest.raises(ValidationError) as error:
        step("refer", cast.councillor, query, "  ")
    assert error.value.message_dict["text"] == ["Say why the answer does not settle the matter."]
    for other in (cast.other_councillor, cast.holder, cast.performance, cast.scrutiny):
        for name in ("refer", "close", "follow_up"):
            with pytest.raises(PermissionDenied):
                step(name, other, query)
    assert Query.objects.get(pk=query.pk).state == QueryState.ANSWERED


def test_the_database_refuses_a_referral_without_an_answer(cast: Cast) -> None:
    from django.db import IntegrityError, transaction

    query = raise_query(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Query.objects.filter(pk=query.pk).update(state=QueryState.REFERRED, referral_reason="x")


def test_a_follow_up_reopens_the_query_for_another_answer(cast: Cast) -> None:
    query = step("answer", cast.holder, raise_query(cast))
    query = step("follow_up", cast.councillor, query, "And next quarter?")
    assert query.state == QueryState.OPEN
    with pytest.raises(ValidationError, match="cannot be referred"):
        step("refer", cast.councillor, query, "Still not satisfied")
    step("answer", cast.holder, query, "Next quarter it will be green.")
    assert step("close", cast.councillor, query, "").state == QueryState.CLOSED


def test_a_closed_or_referred_query_takes_no_more_steps(cast: Cast) -> None:
    closed = step("close", cast.councillor, raise_query(cast), "")
    referred = step("refer", cast.councillor, step("answer", cast.holder, raise_query(cast)))
    for query in (closed, referred):
        for name, actor in (("draft", cast.owner), ("answer", cast.holder)):
            with pytest.raises(ValidationError):
                step(name, actor, query)
        with pytest.raises(ValidationError):
            step("close", cast.councillor, query)


def test_two_people_answering_at_once_do_not_overwrite_each_other(cast: Cast) -> None:
    query = raise_query(cast)
    seen = query.version
    services.query_draft(actor=cast.owner, query=query, text="First", expected_version=seen)
    with pytest.raises(services.QueryChanged):
        services.query_draft(
            actor=cast.performance, query=query, text="Second", expected_version=seen
        )
    query.refresh_from_db()
    assert query.draft_answer == "First"


def test_every_step_is_a_timestamped_event_with_who_took_it_and_an_audit_entry(
    cast: Cast,
) -> None:
    query = raise_query(cast)
    step("draft", cast.owner, query, "Draft")
    step("answer", cast.holder, query, "Answer")
    step("refer", cast.councillor, query, "Reason")
    events = list(query.events.all())
    assert [(e.step, e.actor, e.text) for e in events] == [
        (QueryStep.RAISED, cast.councillor, "Why is this red?"),
        (QueryStep.DRAFTED, cast.owner, "Draft"),
        (QueryStep.ANSWERED, cast.holder, "Answer"),
        (QueryStep.REFERRED, cast.councillor, "Reason"),
    ]
    times = [e.at for e in events]
    assert all(t is not None for t in times) and times == sorted(times)
    audited = AuditEntry.objects.filter(scope=f"queries.query:{query.pk}").order_by("at", "id")
    assert [a.actor for a in audited] == [cast.councillor, cast.owner, cast.holder, cast.councillor]
    assert audited.last().changes["state"] == ["answered", "referred"]  # type: ignore[union-attr]


def test_a_refused_step_leaves_no_event(cast: Cast) -> None:
    query = raise_query(cast)
    with pytest.raises(PermissionDenied):
        step("answer", cast.owner, query)
    assert query.events.count() == 1


def test_the_holder_and_officer_are_emailed_when_raised_and_the_councillor_when_answered(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        query = raise_query(cast)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["holder@example.gov.uk", "owner@example.gov.uk"]
    assert f"/queries/{query.pk}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        step("answer", cast.holder, query, "Answer")
    assert mail.outbox[-1].to == ["asker@example.gov.uk"]
    assert "answered" in mail.outbox[-1].subject


def test_a_referral_is_emailed_to_the_scrutiny_members(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    query = step("answer", cast.holder, raise_query(cast))
    with django_capture_on_commit_callbacks(execute=True):
        step("refer", cast.councillor, query, "Reason")
    assert mail.outbox[-1].to == ["scrutineer@example.gov.uk"]


def test_the_demo_builds_queries_without_emailing_anyone(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), services.without_email():
        raise_query(cast)
    assert mail.outbox == []
