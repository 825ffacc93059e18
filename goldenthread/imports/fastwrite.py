"""Inserting many new rows quickly: PostgreSQL ``COPY``, elsewhere one ``executemany``.

``bulk_create`` spends most of an import's time compiling SQL value by value (about three
fifths of a 100,000-row import, profiled), and ``Model.__init__`` is dear when it runs for
every row. The rows here were already checked against the models' rules, and the database
constraints still check each one, so they go in as plain tuples of their attribute values.

New rows are given their ids before they are inserted — one query per batch — so the audit
entries can name them without reading them back.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection, models
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED

__all__ = ["insert", "save_new", "unsaved"]

M = TypeVar("M", bound=models.Model)
if TYPE_CHECKING:
    Field = models.Field[Any, Any]


@functools.cache
def _defaults(
    model: type[models.Model],
) -> tuple[dict[str, Any], tuple[Field, ...], frozenset[str]]:
    """A new row's defaults: the fixed ones by attribute name, the fields whose default is
    worked out for each row (a callable), and every attribute name the model has."""
    fixed: dict[str, Any] = {}
    per_row: list[Field] = []
    for field in model._meta.concrete_fields:
        if field.db_default is not NOT_PROVIDED:
            raise TypeError(f"{field} has a database default, which this insert path skips")
        if field.has_default() and callable(field.default):
            per_row.append(field)
        else:
            fixed[field.attname] = field.get_default()
    names = frozenset(field.attname for field in model._meta.concrete_fields)
    return fixed, tuple(per_row), names


def unsaved(model: type[M], **values: Any) -> M:
    """A new, unsaved ``model`` with these attribute values (by attribute name, e.g.
    ``indicator_id``) and every other field's default: what ``model(**values)`` gives, without
    ``Model.__init__``'s work per field (a large part of a big import's time). Built as Django
    rebuilds an unpickled instance; no ``pre_init``/``post_init`` signal is sent (nothing
    listens to them for the models imported)."""
    fixed, per_row, names = _defaults(model)
    if not values.keys() <= names:
        raise TypeError(f"{model.__name__} has no field {sorted(values.keys() - names)}")
    instance = model.__new__(model)
    state = instance.__dict__
    state.update(fixed)
    for field in per_row:
        state[field.attname] = field.get_default()
    state.update(values)
    state["_state"] = ModelState()
    return instance


def save_new(instances: Sequence[models.Model], *, now: datetime) -> None:
    """Insert ``instances`` (all of one model, none saved yet), giving each its primary key."""
    if not instances:
        return
    model = type(instances[0])
    pk = model._meta.pk
    assert pk is not None
    alias = connection.alias
    for instance, number in zip(instances, _next_ids(model, len(instances)), strict=True):
        instance.pk = number
        instance._state.adding = False
        instance._state.db = alias
    _send(model, [pk, *_columns(model)], [vars(instance) for instance in instances], now)


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *, now: datetime) -> None:
    """Insert rows given as dicts of every column's attribute value but the primary key (for
    example ``audit.entry_fields``), when nothing needs their ids. ``rows`` may be a
    generator: each row is sent as it comes, and need not outlive it."""
    _send(model, _columns(model), rows, now)


def _columns(model: type[models.Model]) -> list[Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _converter(field: Field, *, copy: bool) -> Callable[[Any], Any] | None:
    """How a field's Python value is sent, worked out once per field rather than per value."""
    if isinstance(field, models.JSONField):
        return json.dumps
    if isinstance(field, models.DateTimeField) and not copy:
        return functools.lru_cache(maxsize=64)(connection.ops.adapt_datetimefield_value)
    return None  # the driver takes it as it is (psycopg's COPY and Django's SQLite adapters)


def _send(
    model: type[models.Model], fields: list[Field], rows: Iterable[dict[str, Any]], now: datetime
) -> None:
    """Write ``rows`` (attribute values by name) into ``fields``' columns; the timestamps
    Django would fill in (``auto_now``, ``auto_now_add``) are set to ``now`` in each row."""
    stamps = {
        f.attname: now
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    copy = connection.vendor == "postgresql"
    names_of = [f.attname for f in fields]
    values_of = itemgetter(*names_of) if len(names_of) > 1 else lambda row: (row[names_of[0]],)
    converters = [
        (position, convert)
        for position, field in enumerate(fields)
        if (convert := _converter(field, copy=copy)) is not None
    ]

    def tuples() -> Iterator[Sequence[Any]]:
        for row in rows:
            row.update(stamps)
            values = values_of(row)
            if converters:
                converted = list(values)
                for position, convert in converters:
                    if converted[position] is not None:
                        converted[position] = convert(converted[position])
                values = converted
            yield values

    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if copy:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                for values in tuples():
                    stream.write_row(values)
        elif batch := list(tuples()):
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # nosec B608  # quoted table and column names from the model; values are parameters


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys no other row has or will be given, in one query.

    PostgreSQL: taken from the table's own sequence, as inserts without an id take them.
    SQLite: the next after the highest the table has ever used (``sqlite_sequence``, kept by
    ``AUTOINCREMENT``). The writing transaction holds SQLite's one write lock (Django's
    IMMEDIATE transactions), so no one else can take them first; were it not held, a row
    saved meanwhile would make this insert fail on the primary key, never share an id."""
    pk = model._meta.pk
    assert pk is not None
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), str(pk.column), count],
            )
            return [number for (number,) in cursor.fetchall()]
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"coalesce((SELECT max({connection.ops.quote_name(str(pk.column))}) FROM {quoted}), 0))",  # nosec B608  # quoted names from the model
                [table],
            )
            (last,) = cursor.fetchone()
            return list(range(last + 1, last + 1 + count))
    raise NotImplementedError(f"ids for new rows on {connection.vendor}")
