"""The audit service: every service that writes data calls ``audit_record`` in its transaction."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from goldenthread.core import datacache
from goldenthread.core.models import AuditEntry

# Values ``plain`` returns as they are, checked first by exact type because almost every
# field value is one of these (bulk imports snapshot every row).
_AS_IS = frozenset({str, int, bool, float, type(None)})
# Not part of a change: the timestamps say when, the entry's own ``at`` already does.
NOT_SNAPSHOT = frozenset({"created_on", "modified_on"})
# Not audited as a change of its own: the entry's actor already says who.
NOT_A_CHANGE = "modified_by_id"
M = TypeVar("M", bound=models.Model)

# Who acts: a signed-in user, the anonymous visitor of a request, or None where the system
# acts on no one's behalf (commands, the demo). Every service, selector and rule takes this.
Actor = User | AnonymousUser | None


def user_of(actor: Actor) -> User | None:
    """The user to record as having made a change (``created_by``, ``modified_by``, an audit
    entry's actor): None for the anonymous visitor and for the system."""
    return actor if isinstance(actor, User) else None


def plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Decimal):
        # Normalised, so 12 typed in and 12.000000 read back from the database compare equal.
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


@functools.cache
def snapshot_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The attribute names a snapshot of ``model`` holds, in field order."""
    return tuple(
        field.attname for field in model._meta.concrete_fields if field.attname not in NOT_SNAPSHOT
    )


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, JSON-ready, for before/after comparison."""
    loaded = vars(instance)  # every field's value, unless the query deferred some
    snap = {}
    for name in snapshot_fields(type(instance)):
        value = loaded[name] if name in loaded else getattr(instance, name)
        snap[name] = value if type(value) in _AS_IS else plain(value)
    return snap


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    if not before:  # a new row: every field that has a value (the same as below, quicker)
        return {key: [None, value] for key, value in after.items() if value is not None}
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def audited_changes(before: dict[str, Any], instance: models.Model) -> dict[str, list[Any]]:
    """What an audit entry records of a change to ``instance`` from its snapshot ``before``
    (empty for a new row): each changed field as [before, after], but not who last modified
    it (the entry's actor says that)."""
    found = diff(before, snapshot(instance))
    found.pop(NOT_A_CHANGE, None)
    return found


def audit_scope(instance: models.Model) -> str:
    """The history a row's changes belong to: the row's own ``audit_scope`` if it has one."""
    scope = getattr(instance, "audit_scope", "")
    return str(scope or "")[:100]


def entry_fields(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
    reason: str = "",
    object_repr: str | None = None,
) -> dict[str, Any]:
    """The columns of an audit entry for a change to ``instance``, by attribute name.

    Bulk writers insert these as they are (``imports.fastwrite``) rather than building an
    ``AuditEntry`` per row. Pass ``object_repr`` when building many, so ``str(instance)``
    does not query.
    """
    user = user_of(actor)
    return {
        "actor_id": None if user is None else user.pk,
        "action": action,
        "model": instance._meta.label_lower,
        "object_id": str(instance.pk),
        "object_repr": (str(instance) if object_repr is None else object_repr)[:300],
        "changes": changes,
        "reason": reason,
        "scope": audit_scope(instance),
    }


def build_entry(*, actor: Actor, **details: Any) -> AuditEntry:
    """An unsaved audit entry for a change to ``instance`` (bulk writers ``bulk_create`` them);
    ``details`` are ``entry_fields``' other arguments (action, instance, changes, reason,
    object_repr)."""
    entry = AuditEntry(**entry_fields(actor=actor, **details))
    user = user_of(actor)
    if user is not None:
        entry.actor = user  # the instance the caller has, so reading it back does not query
    return entry


def audit_record(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry for a change to ``instance``; if readers could see the change,
    move the data version on with it (``datacache``: cached pages are keyed on it)."""
    entry = build_entry(
        actor=actor, action=action, instance=instance, changes=changes, reason=reason
    )
    entry.save()
    if action != AuditEntry.Action.REFUSED and datacache.seen_by_readers(instance, changes):
        datacache.advance()
    return entry


def save_audited(
    *,
    actor: Actor,
    instance: models.Model,
    before: dict[str, Any],
    reason: str = "",
) -> None:
    """Validate and save ``instance``, then audit what changed since ``before``.

    ``before`` is the row's snapshot as it was read (empty for a new row). Call inside the
    service's transaction so the row and its audit entry commit together or not at all.
    """
    instance.full_clean()
    instance.save()
    changed = audited_changes(before, instance)
    if before and not changed:
        return  # nothing changed: nothing to audit
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(actor=actor, action=action, instance=instance, changes=changed, reason=reason)


def create_audited(actor: Actor, instance: M, reason: str = "") -> M:
    """Save a new row as made by ``actor`` (its ``created_by`` and ``modified_by``, where it
    has them) and audit it. Call inside the service's transaction."""
    if hasattr(instance, "created_by_id"):
        instance.created_by = instance.modified_by = user_of(actor)  # type: ignore[attr-defined]
    save_audited(actor=actor, instance=instance, before={}, reason=reason)
    return instance


def delete_audited(actor: Actor, instance: models.Model, reason: str = "") -> None:
    """Audit a row as it was, then delete it. Call inside the service's transaction."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        changes=diff(snapshot(instance), {}),
        reason=reason,
    )
    instance.delete()


def update_audited(actor: Actor, instance: M, fields: dict[str, Any]) -> M:
    """Set ``fields`` on a row as changed by ``actor`` (its ``modified_by``, where it has one),
    save it and audit what changed. Call inside the service's transaction."""
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    if hasattr(instance, "modified_by_id"):
        instance.modified_by = user_of(actor)  # type: ignore[attr-defined]
    save_audited(actor=actor, instance=instance, before=before)
    return instance
