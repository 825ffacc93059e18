"""Caching the expensive part of pages councillors read, keyed on a version of their data.

A performance system must never show a stale figure, so nothing here expires by time:
a fragment is found again only under a key built from the data it was made from
(docs/adr/0019-caching-signed-off-pages.md).

- **The data version** (``DataVersion``, one row) moves on in the same transaction as any
  audited change a reader of signed-off data could see: ``audit.audit_record`` calls
  ``advance`` for every entry except refused writes and an owner's work in progress (an
  actual that is neither approved nor published before or after the change, as its model's
  ``seen_by_readers`` says). Writers that insert audit entries in bulk call ``advance``
  themselves, once.
- **A history's version** is how many audit entries its scope has: entries are only ever
  added, so the count changes with each one committed, in whatever order transactions commit
  (the newest id alone would not: ids are handed out before commit).
- **Today** (``clock.today``) is in every key: deadlines turn a missing figure MISSING.

A fragment is HTML rendered without the request, so it cannot hold the signed-in user's
name, a CSRF token, a CSP nonce or a message; ``cached`` refuses one that does.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F

from goldenthread.core.clock import today
from goldenthread.core.models import AuditEntry, DataVersion

__all__ = [
    "Slot",
    "Versions",
    "advance",
    "cached",
    "current",
    "renew",
    "seen_by_readers",
]

ROW = 1
# What a fragment must never carry, as a template writes it (autoescaped text cannot: its
# quotes become &quot;): values that belong to one response (django-csp, CsrfViewMiddleware).
PER_RESPONSE = (' nonce="', 'name="csrfmiddlewaretoken"')


def _new_generation() -> str:
    return secrets.token_hex(8)


def advance() -> None:
    """Move the data version on, in the caller's transaction (so it commits with the change)."""
    if not DataVersion.objects.filter(pk=ROW).update(counter=F("counter") + 1):
        DataVersion.objects.get_or_create(
            pk=ROW, defaults={"generation": _new_generation(), "counter": 1}
        )


def renew() -> None:
    """A new generation: the database was replaced (restore) or migrated, so a counter value
    seen before may now stand for different data."""
    if not DataVersion.objects.filter(pk=ROW).update(generation=_new_generation()):
        DataVersion.objects.get_or_create(pk=ROW, defaults={"generation": _new_generation()})


def seen_by_readers(instance: Any, changes: Mapping[str, Any]) -> bool:
    """Whether an audited change to ``instance`` could change a page readers see.

    Every change could, unless the row's model says otherwise (``Actual``: not while it is an
    owner's work in progress).
    """
    seen = getattr(instance, "seen_by_readers", None)
    return True if seen is None else bool(seen(changes))


@dataclass(frozen=True)
class Versions:
    """The data version and today, which every fragment's key starts with, and (when asked
    for) the version of one history."""

    data: str
    today: date
    history: str = ""

    def key(self, name: str, *parts: object, version: str = "") -> Slot:
        """Where fragment ``name`` with ``parts`` (ids, filters, roles) of its own is kept, and
        what it must have been made from to be served: the data version, today and any
        ``version`` of its own (a history's)."""
        where = "|".join(str(part) for part in (name, *parts))
        made_from = "|".join((self.data, self.today.isoformat(), version))
        return Slot(f"gt:{name}:{hashlib.sha256(where.encode()).hexdigest()[:40]}", made_from)


@dataclass(frozen=True)
class Slot:
    """One cache entry per fragment and its parts, holding the version it was made from.

    The version is in the entry, not in the key, so a fragment made afresh replaces the one
    it supersedes: the cache holds what is current (one entry a fragment), however often
    the data changes, rather than filling with superseded copies until it culls them (a
    10-minute soak grew each worker by 20 MiB that way).
    """

    key: str
    version: str


def current(*, scope: str = "") -> Versions:
    """The versions now, in one query; with ``scope``, also that history's (``history``): its
    audit entries' count and newest id."""
    versions = _read(scope)
    if versions is None:  # only after a flush (tests) or in a hand-made database
        renew()
        versions = _read(scope)
        assert versions is not None
    return versions


def _read(scope: str) -> Versions | None:
    quote = connection.ops.quote_name
    entries, table = quote(AuditEntry._meta.db_table), quote(DataVersion._meta.db_table)
    sql = (
        f"SELECT generation, counter, (SELECT COUNT(*) FROM {entries} WHERE scope = %s), "  # nosec B608  # quoted names; values are parameters
        f"(SELECT MAX(id) FROM {entries} WHERE scope = %s) FROM {table} WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, scope, ROW])
        row = cursor.fetchone()
    if row is None:
        return None
    generation, counter, count, last = row
    return Versions(f"{generation}.{counter}", today(), f"{count}.{last}" if scope else "")


def cached(slot: Slot, render: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The fragment in ``slot`` if it was made from ``slot.version``; else ``render`` it and
    keep it there, replacing any older one.

    ``render`` returns named pieces of HTML (a body, a title), rendered without the request.
    """
    kept: tuple[str, dict[str, str]] | None = cache.get(slot.key)
    if kept is not None and kept[0] == slot.version:
        return kept[1]
    found = render()
    for name, html in found.items():
        if any(marker in html for marker in PER_RESPONSE):
            raise ValueError(f"The cached fragment's {name} holds a per-response value")
    cache.set(slot.key, (slot.version, found))
    return found
