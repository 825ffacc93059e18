"""Inserting many new rows quickly: PostgreSQL ``COPY``, elsewhere one ``executemany``.

``bulk_create`` spends most of an import's time compiling SQL value by value (about three
fifths of a 100,000-row import, profiled). The rows here were already checked against the
models' rules, and the database constraints still check each one, so they are sent as plain
tuples instead. The new rows' ids are then read back by their natural key (one query per 500
keys), because the audit entries name them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

__all__ = ["insert"]

CHUNK = 500


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _converter(field: models.Field[Any, Any], *, copy: bool) -> Callable[[Any], Any] | None:
    """How a field's Python value is sent, worked out once per field rather than per value."""
    if isinstance(field, models.JSONField):
        return json.dumps
    if isinstance(field, models.DateTimeField) and not copy:
        return functools.lru_cache(maxsize=64)(connection.ops.adapt_datetimefield_value)
    return None  # the driver takes it as it is (psycopg's COPY and Django's SQLite adapters)


def insert(
    instances: Sequence[Any],
    *,
    now: datetime,
    key: Sequence[str] = (),
    model: type[models.Model] | None = None,
) -> None:
    """Insert ``instances`` (all of one model, none saved yet) and, when ``key`` names fields
    that identify a row, set each instance's primary key from the database.

    With ``model``, the instances may be any objects with its fields' attribute names (for
    example a ``SimpleNamespace`` of ``audit.entry_fields``): building a model instance per
    row was a large part of a big import's time."""
    if not instances:
        return
    model = model or type(instances[0])
    fields = _columns(model)
    for instance in instances:
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                setattr(instance, field.attname, now)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    copy = connection.vendor == "postgresql"
    plan = [(f.attname, _converter(f, copy=copy)) for f in fields]

    def row(instance: models.Model) -> tuple[Any, ...]:
        values = []
        for name, convert in plan:
            value = getattr(instance, name)
            values.append(value if convert is None or value is None else convert(value))
        return tuple(values)

    rows = (row(instance) for instance in instances)
    with connection.cursor() as cursor:
        if copy:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                for values in rows:
                    stream.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))  # nosec B608  # quoted table and column names from the model; values are parameters
    if key:
        _read_back_ids(model, instances, key)


def _read_back_ids(
    model: type[models.Model], instances: Sequence[models.Model], key: Sequence[str]
) -> None:
    by_key = {tuple(getattr(i, k) for k in key): i for i in instances}
    first = sorted({k[0] for k in by_key})
    manager = model._default_manager
    for start in range(0, len(first), CHUNK):
        found = manager.filter(**{f"{key[0]}__in": first[start : start + CHUNK]}).values_list(
            *key, "pk"
        )
        for *values, pk in found:
            instance = by_key.get(tuple(values))
            if instance is not None:
                instance.pk = pk
                instance._state.adding = False
