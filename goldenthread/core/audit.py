"""The audit service: every service that writes data calls ``audit_record`` in its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from goldenthread.core import datacache
from goldenthread.core.models import AuditEntry


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Normalised, so 12 typed in and 12.000000 read back from the database compare equal.
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, JSON-ready, for before/after comparison."""
    return {
        field.attname: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in {"created_on", "modified_on"}
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def audit_scope(instance: models.Model) -> str:
    """The history a row's changes belong to: the row's own ``audit_scope`` if it has one."""
    scope = getattr(instance, "audit_scope", "")
    return str(scope or "")[:100]


def entry_fields(
    *,
    actor: User | AnonymousUser | None,
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
    return {
        "actor_id": actor.pk if isinstance(actor, User) else None,
        "action": action,
        "model": instance._meta.label_lower,
        "object_id": str(instance.pk),
        "object_repr": (str(instance) if object_repr is None else object_repr)[:300],
        "changes": changes,
        "reason": reason,
        "scope": audit_scope(instance),
    }


def build_entry(*, actor: User | AnonymousUser | None, **details: Any) -> AuditEntry:
    """An unsaved audit entry for a change to ``instance`` (bulk writers ``bulk_create`` them);
    ``details`` are ``entry_fields``' other arguments (action, instance, changes, reason,
    object_repr)."""
    entry = AuditEntry(**entry_fields(actor=actor, **details))
    if isinstance(actor, User):
        entry.actor = actor  # the instance the caller has, so reading it back does not query
    return entry


def audit_record(
    *,
    actor: User | AnonymousUser | None,
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
    actor: User | AnonymousUser | None,
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
    changes = diff(before, snapshot(instance))
    changes.pop("modified_by_id", None)
    if before and not changes:
        return  # nothing changed: nothing to audit
    action = AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE
    audit_record(actor=actor, action=action, instance=instance, changes=changes, reason=reason)
