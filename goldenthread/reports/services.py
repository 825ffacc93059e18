"""Writes to bodies, meetings, the reporting matrix, exception settings and referrals.

Each write validates (``full_clean``), saves and records its audit entry in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from goldenthread.core.audit import (
    Actor,
    create_audited,
    save_audited,
    snapshot,
    update_audited,
    user_of,
)
from goldenthread.indicators.models import Indicator, Period
from goldenthread.organisation.models import Council
from goldenthread.reports.models import (
    Body,
    Challenge,
    ChallengeSession,
    CycleEvent,
    ExceptionPolicy,
    MatrixEntry,
    Meeting,
    Referral,
)


@transaction.atomic
def body_create(*, actor: Actor, council: Council, **fields: Any) -> Body:
    return create_audited(actor, Body(council=council, **fields))


@transaction.atomic
def meeting_create(*, actor: Actor, body: Body, date: date, title: str = "") -> Meeting:
    return create_audited(actor, Meeting(body=body, date=date, title=title))


@transaction.atomic
def matrix_set(
    *,
    actor: Actor,
    indicator: Indicator,
    body: Body,
    times_per_year: int,
    format: str = "",
    comments: str = "",
) -> MatrixEntry:
    """Set how often ``body`` receives ``indicator`` (creating or updating the cell)."""
    entry = MatrixEntry.objects.filter(indicator=indicator, body=body).first()
    if entry is None:
        entry = MatrixEntry(indicator=indicator, body=body, times_per_year=times_per_year)
        entry.format, entry.comments = format, comments
        return create_audited(actor, entry)
    before = snapshot(entry)
    entry.times_per_year, entry.format, entry.comments = times_per_year, format, comments
    entry.modified_by = user_of(actor)
    save_audited(actor=actor, instance=entry, before=before)
    return entry


@transaction.atomic
def exception_policy_set(*, actor: Actor, council: Council, **fields: Any) -> ExceptionPolicy:
    policy = ExceptionPolicy.objects.filter(council=council).first()
    if policy is None:
        return create_audited(actor, ExceptionPolicy(council=council, **fields))
    return update_audited(actor, policy, fields)


@transaction.atomic
def referral_create(
    *,
    actor: Actor,
    indicator: Indicator,
    period: Period,
    from_body: Body,
    to_body: Body,
    note: str,
    referred_on: date,
) -> Referral:
    """Refer an indicator by exception; it appears in ``to_body``'s next pack."""
    referral = Referral(
        indicator=indicator,
        period=period,
        from_body=from_body,
        to_body=to_body,
        note=note.strip(),
        referred_on=referred_on,
        referred_by=user_of(actor),
    )
    return create_audited(actor, referral)


@transaction.atomic
def session_create(*, actor: Actor, council: Council, **fields: Any) -> ChallengeSession:
    return create_audited(actor, ChallengeSession(council=council, **fields))


@transaction.atomic
def challenge_create(
    *, actor: Actor, session: ChallengeSession, indicator: Indicator, **fields: Any
) -> Challenge:
    return create_audited(actor, Challenge(session=session, indicator=indicator, **fields))


@transaction.atomic
def challenge_update(
    *, actor: Actor, challenge: Challenge, today: date, answer: str, decision: str, status: str
) -> Challenge:
    """Record the answer and decision; closing it dates the closure (reopening clears it)."""
    before = snapshot(challenge)
    challenge.answer, challenge.decision, challenge.status = (
        answer.strip(),
        decision.strip(),
        status,
    )
    if status == Challenge.Status.CLOSED:
        challenge.closed_on = challenge.closed_on or today
    else:
        challenge.closed_on = None
    challenge.modified_by = user_of(actor)
    save_audited(actor=actor, instance=challenge, before=before)
    return challenge


@transaction.atomic
def cycle_event_create(*, actor: Actor, council: Council, **fields: Any) -> CycleEvent:
    return create_audited(actor, CycleEvent(council=council, **fields))
