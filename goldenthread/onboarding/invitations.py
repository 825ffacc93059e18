"""Invitations: a link by email for a new person to choose a password and sign in.

``invitations_create`` makes one for each new person (the people import, ``goldenthread
setup``); ``invitation_resend`` draws a new token so the old link stops working;
``invitation_revoke`` ends it; ``invitation_accept`` sets the password the person chose. The
token is given out once, in the email or the command's output, and only its hash is stored
(``Invitation.token_hash``). Emails go when the transaction that made the invitation commits,
so a refused import never sends a link to an account that does not exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goldenthread.core.audit import Actor, audited_changes, entry_fields, update_audited, user_of
from goldenthread.core.editing import locked
from goldenthread.core.models import AuditEntry
from goldenthread.imports import fastwrite
from goldenthread.organisation.models import Council, Invitation, Person, token_hash

DEFAULT_DAYS = 14


def valid_for() -> timedelta:
    """How long a link works (setting ``GOLDENTHREAD_INVITATION_DAYS``, 14 days)."""
    return timedelta(days=int(getattr(settings, "GOLDENTHREAD_INVITATION_DAYS", DEFAULT_DAYS)))


def link(token: str) -> str:
    path = reverse("invitation", kwargs={"token": token})
    return settings.GOLDENTHREAD_BASE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Sent:
    """An invitation with its token, which exists only here and in the email."""

    invitation: Invitation
    token: str

    @property
    def link(self) -> str:
        return link(self.token)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def invitations_create(
    *, actor: Actor, people: Iterable[Person], reason: str, email: bool = True
) -> list[Sent]:
    """An invitation for each person (their user read with them), audited, in a fixed number
    of queries however many; emailed to those with an address once the caller's transaction
    commits. Call inside the caller's transaction."""
    now = timezone.now()
    inviter = user_of(actor)
    made = []
    for person in people:
        token = _new_token()
        invitation = Invitation(
            person=person,
            token_hash=token_hash(token),
            expires_at=now + valid_for(),
            sent_at=now if email and person.user.email else None,
            invited_by=inviter,
            created_by=inviter,
            modified_by=inviter,
        )
        made.append(Sent(invitation, token))
    fastwrite.save_new([sent.invitation for sent in made], now=now)
    fastwrite.insert(
        AuditEntry,
        (
            entry_fields(
                actor=inviter,
                action=AuditEntry.Action.CREATE,
                instance=sent.invitation,
                changes=audited_changes({}, sent.invitation),
                reason=reason,
                object_repr=f"Invitation for {sent.invitation.person.user.email}",
            )
            for sent in made
        ),
        now=now,
    )
    if email:
        _send_on_commit([sent for sent in made if sent.invitation.person.user.email], actor)
    return made


@transaction.atomic
def invitation_resend(*, actor: Actor, pk: int, version: str | None) -> Sent:
    """A new link for a pending, expired or revoked invitation; the old link stops working."""
    invitation = locked(
        Invitation.objects.select_related("person__user"), pk, version, "invitation"
    )
    if invitation.accepted_at is not None:
        raise ValidationError(
            "This invitation was accepted already: the person can sign in. "
            "If they have forgotten their password, use “Forgotten your password?”."
        )
    if not invitation.person.user.email:
        raise ValidationError(
            "This person has no email address: add one before sending an invitation."
        )
    token, now = _new_token(), timezone.now()
    update_audited(
        actor,
        invitation,
        {
            "token_hash": token_hash(token),
            "expires_at": now + valid_for(),
            "sent_at": now,
            "revoked_at": None,
            "invited_by": user_of(actor),
        },
    )
    sent = Sent(invitation, token)
    _send_on_commit([sent], actor)
    return sent


@transaction.atomic
def invitation_revoke(*, actor: Actor, pk: int, version: str | None) -> Invitation:
    """End a pending invitation: its link stops working."""
    invitation = locked(
        Invitation.objects.select_related("person__user"), pk, version, "invitation"
    )
    if invitation.accepted_at is not None:
        raise ValidationError(
            "This invitation was accepted already, so there is no link to revoke."
        )
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation was revoked already.")
    return update_audited(actor, invitation, {"revoked_at": timezone.now()})


class DeadLink(Exception):
    """The link cannot be used; ``reason`` says why, for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_open(token: str, *, now: datetime | None = None) -> Invitation:
    """The pending invitation ``token`` opens, or DeadLink saying why it does not work."""
    invitation = Invitation.objects.for_token(token)
    if invitation is None:
        raise DeadLink("This link is not one we sent, or a newer invitation has replaced it.")
    _check_open(invitation, now or timezone.now())
    return invitation


def _check_open(invitation: Invitation, now: datetime) -> None:
    state = invitation.state(now)
    if state == Invitation.State.ACCEPTED:
        raise DeadLink("This link has been used already: sign in with the password you chose.")
    if state == Invitation.State.REVOKED:
        raise DeadLink("This invitation has been withdrawn.")
    if state == Invitation.State.EXPIRED:
        raise DeadLink("This link has expired.")
    if not invitation.person.user.is_active:
        raise DeadLink("This account has been closed: ask your administrator.")


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password (Django's validators) and mark the invitation used.
    The invitation is read locked, so two tabs submitting the same link cannot both use it."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("person__user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise DeadLink("This link is not one we sent, or a newer invitation has replaced it.")
    _check_open(invitation, timezone.now())
    user = invitation.person.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    update_audited(user, invitation, {"accepted_at": timezone.now()})
    return user


def _send_on_commit(sent: list[Sent], actor: Actor) -> None:
    if not sent:
        return
    council = Council.objects.current()
    inviter = user_of(actor)
    messages = [_message(each, council, inviter) for each in sent]
    transaction.on_commit(lambda: _send(messages))


def _send(messages: list[EmailMessage]) -> None:
    with get_connection() as connection:
        connection.send_messages(messages)


def _message(sent: Sent, council: Council | None, inviter: User | None) -> EmailMessage:
    user = sent.invitation.person.user
    name = f"{user.first_name} {user.last_name}".strip() or user.email
    who = (inviter.get_full_name() or inviter.get_username()) if inviter else "Your council"
    place = council.name if council else "your council"
    until = timezone.localtime(sent.invitation.expires_at).strftime("%-d %B %Y")
    body = (
        f"Dear {name},\n\n"
        f"{who} has invited you to Golden Thread, {place}'s performance management service.\n\n"
        f"Choose your password here (the link works once, until {until}):\n{sent.link}\n\n"
        "If your council signs you in with single sign-on, you can use that instead: your "
        f"account is matched by this email address ({user.email}).\n\n"
        "If you were not expecting this email, you can ignore it.\n"
    )
    return EmailMessage(
        subject=f"You are invited to {place}'s performance service", body=body, to=[user.email]
    )
