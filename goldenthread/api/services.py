"""Writes for API clients: create one (with its token and service user), revoke one, and
recognise a token. The token's secret is returned once and never stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goldenthread.api.models import ApiClient
from goldenthread.core.audit import Actor, save_audited, snapshot, user_of
from goldenthread.organisation.models import Council, OrgUnit

TOKEN_START = "gt_"  # nosec B105  # the tokens' visible prefix, not a secret
# A client used within this long is not written to again just to move ``last_used_at``:
# a busy source system would otherwise turn every read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """SHA-256 is enough for a 32-byte random secret: there is nothing to guess or brute-force."""
    return hashlib.sha256(token.encode()).hexdigest()


def _prefix_of(token: str) -> str | None:
    if not token.startswith(TOKEN_START):
        return None
    prefix, _, secret = token[len(TOKEN_START) :].partition("_")
    return prefix if prefix and secret else None


@transaction.atomic
def client_create(
    *,
    actor: Actor,
    council: Council,
    name: str,
    services: Iterable[OrgUnit] = (),
    whole_council: bool = False,
    may_write: bool = False,
) -> tuple[ApiClient, str]:
    """A new API client and its token (``gt_<prefix>_<secret>``), shown to the caller once."""
    units = list(services)
    foreign = [u.code for u in units if u.council_id != council.pk]
    if foreign:
        raise ValidationError({"services": f"Not services of {council}: {', '.join(foreign)}."})
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    user = User(username=f"api-{prefix}", first_name=name[:150], last_name="(API client)")
    user.set_unusable_password()
    user.save()
    by = user_of(actor)
    client = ApiClient(
        council=council,
        name=name,
        user=user,
        whole_council=whole_council,
        may_write=may_write,
        prefix=prefix,
        token_hash=token_hash(token),
        created_by=by,
        modified_by=by,
    )
    save_audited(actor=actor, instance=client, before={}, reason="API client created")
    client.services.set(units)
    return client, token


@transaction.atomic
def client_revoke(*, actor: Actor, client: ApiClient) -> ApiClient:
    """Stop the client's token working, at once and for good (create a new client to resume)."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    before = snapshot(client)
    client.revoked_at = timezone.now()
    client.modified_by = user_of(actor)
    save_audited(actor=actor, instance=client, before=before, reason="API token revoked")
    return client


def client_authenticate(token: str) -> ApiClient | None:
    """The active client a bearer token belongs to, with its services and user; else None.

    One query to find it (plus one to note when it was last used, at most once a minute).
    """
    prefix = _prefix_of(token)
    if prefix is None:
        return None
    client = (
        ApiClient.objects.select_related("user", "council")
        .filter(prefix=prefix, revoked_at=None)
        .first()
    )
    if client is None or not hmac.compare_digest(client.token_hash, token_hash(token)):
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_GRANULARITY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
