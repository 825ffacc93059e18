"""Edit conflicts: the one check every service page uses so two people never overwrite each other.

A form carries the ``version`` of the row it was opened on (``version_of``: a digest of the
row's audited fields, so any saved change moves it on, with no column to add and no clock to
trust). The service re-reads the row locked for update inside its transaction and calls
``check_version``: if the row has changed since, the write is refused with ``StaleEdit`` (the
"changed since you opened it" message) and nothing is saved. The view shows the message on the
form and may record the refusal with ``record_refusal`` (outside the rolled-back transaction),
so both sides of a conflict stay traceable in the audit.

SQLite runs every transaction ``IMMEDIATE`` (settings), so two writers are serialised there as
``select_for_update`` serialises them on PostgreSQL: the second always reads the first's row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from goldenthread.core.audit import Actor, audit_record, snapshot
from goldenthread.core.models import AuditEntry

M = TypeVar("M", bound=models.Model)


def version_of(instance: models.Model) -> str:
    """A short digest of the row's audited fields: equal exactly when the data is equal."""
    data = json.dumps(snapshot(instance), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


class StaleEdit(ValidationError):
    """The row changed since the editor opened it: refused rather than overwritten.

    ``current`` is the row as it now stands, so the page can show the other change.
    """

    def __init__(self, current: models.Model, what: str = "") -> None:
        name = what or str(current._meta.verbose_name)
        super().__init__(
            f"This {name} was changed by someone else since you opened it. "
            "Check it again: your change has not been saved."
        )
        self.current = current


def check_version(instance: models.Model, version: str | None, what: str = "") -> None:
    """Refuse the write if ``instance`` (read locked, inside the transaction) is no longer at
    ``version``. ``None`` means the caller opened no form (a command): nothing to compare."""
    if version is not None and version_of(instance) != version:
        raise StaleEdit(instance, what)


def locked(queryset: models.QuerySet[M], pk: Any, version: str | None, what: str = "") -> M:
    """The row ``pk`` of ``queryset`` read for update, refused with ``StaleEdit`` if it has
    moved on from ``version``. Call inside the service's transaction."""
    instance = queryset.select_for_update().get(pk=pk)
    check_version(instance, version, what)
    return instance


def record_refusal(actor: Actor, error: StaleEdit, reason: str = "") -> None:
    """Audit a refused stale write (call after the service's transaction rolled back)."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.REFUSED,
        instance=error.current,
        changes={},
        reason=reason or "Refused: changed by someone else since it was opened.",
    )


class VersionedFormMixin(forms.Form):
    """A hidden ``version`` field: set it with ``initial={"version": version_of(row)}``."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def opened_version(self) -> str | None:
        value = self.cleaned_data.get("version") or ""
        return str(value) or None


T = TypeVar("T")


def show_errors(
    form: forms.BaseForm, error: ValidationError, rename: dict[str, str] | None = None
) -> None:
    """Put a service's refusal on the form: each field's errors on that field (or the field it
    is called on this form, by ``rename``), the rest — a stale edit among them — above it."""
    if isinstance(error, StaleEdit) or not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, errors in error.message_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def submit(
    actor: Actor,
    form: forms.BaseForm,
    write: Callable[[], T],
    *,
    rename: dict[str, str] | None = None,
    reopen: bool = False,
) -> T | None:
    """Run a service's write for a page: its result, or None when it was refused, with the
    refusal on the form. A stale edit is recorded in the audit (``record_refusal``); with
    ``reopen`` the form then carries the row's current version, so that saving again is a
    deliberate choice made after seeing the message. ``write`` returns something on success
    (the row it saved)."""
    try:
        return write()
    except StaleEdit as error:
        record_refusal(actor, error)
        show_errors(form, error)
        if reopen and form.is_bound:
            data = form.data.copy()  # type: ignore[attr-defined]  # request.POST, a QueryDict
            data["version"] = version_of(error.current)
            form.data = data
    except ValidationError as error:
        show_errors(form, error, rename)
    return None
