"""The shared edit-conflict check (``goldenthread.core.editing``)."""

from __future__ import annotations

import pytest
from django import forms

from goldenthread.core.editing import (
    StaleEdit,
    VersionedFormMixin,
    check_version,
    locked,
    record_refusal,
    version_of,
)
from goldenthread.core.models import AuditEntry
from goldenthread.organisation.models import Council

pytestmark = pytest.mark.django_db


def council() -> Council:
    return Council.objects.create(name="Testshire", gss_code="E06000099")


def test_version_moves_on_with_any_saved_change_and_only_then() -> None:
    row = council()
    opened = version_of(row)
    assert version_of(Council.objects.get(pk=row.pk)) == opened  # read back: the same
    row.name = "Testshire Council"
    row.save()
    assert version_of(row) != opened


def test_second_of_two_writes_from_one_version_is_refused_and_recorded() -> None:
    row = council()
    opened = version_of(row)
    first = locked(Council.objects.all(), row.pk, opened)
    first.name = "First"
    first.save()
    with pytest.raises(StaleEdit) as refused:
        locked(Council.objects.all(), row.pk, opened, what="council")
    assert "changed by someone else since you opened it" in str(refused.value.message)
    current = refused.value.current
    assert isinstance(current, Council) and current.name == "First"
    record_refusal(None, refused.value)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED).count() == 1
    assert Council.objects.get(pk=row.pk).name == "First"


def test_no_version_means_no_form_was_opened() -> None:
    row = council()
    check_version(row, None)  # a command: nothing to compare, nothing raised


def test_the_hidden_field_works_on_a_model_form() -> None:
    class CouncilForm(VersionedFormMixin, forms.ModelForm):
        class Meta:
            model = Council
            fields = ["name"]

    form = CouncilForm(data={"name": "X", "version": "abc"})
    assert form.is_valid(), form.errors
    assert form.opened_version() == "abc"
    assert CouncilForm(data={"name": "X"}).is_valid()
