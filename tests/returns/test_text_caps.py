"""The return form caps commentary, remedial action and the reasons at the same length as the
API and the values import (``checks.TEXT_MAX``): a longer text is a field error and nothing is
saved, rather than a figure the API would refuse to send back unchanged."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.api import schemas
from goldenthread.checks import TEXT_MAX
from goldenthread.indicators.importers import values
from goldenthread.indicators.models import Indicator
from goldenthread.returns.forms import ReturnForm

pytestmark = pytest.mark.django_db


def post(client: Client, indicator: Indicator, **fields: str) -> str:
    data = {"value": "5", "commentary": "Fine", "version": "0", "action": "save", **fields}
    response = client.post(f"/returns/{indicator.pk}/2025-26-Q2/", data)
    assert response.status_code == 200  # the form again, with its errors
    return response.content.decode()


@pytest.mark.parametrize("field", ["commentary", "remedial_action", "warnings_reason"])
def test_a_text_longer_than_the_api_takes_is_a_field_error_and_nothing_is_saved(
    client: Client, owned: Indicator, owner_user: User, field: str
) -> None:
    client.force_login(owner_user)
    page = post(client, owned, **{field: "x" * (TEXT_MAX + 1)})
    assert "govuk-error-message" in page
    assert f"at most {TEXT_MAX}" in page
    assert not owned.actuals.exists()


def test_a_commentary_of_exactly_the_cap_is_saved(
    client: Client, owned: Indicator, owner_user: User
) -> None:
    client.force_login(owner_user)
    response = client.post(
        f"/returns/{owned.pk}/2025-26-Q2/",
        {"value": "5", "commentary": "x" * TEXT_MAX, "version": "0", "action": "save"},
    )
    assert response.status_code == 302
    assert len(owned.actuals.get().commentary) == TEXT_MAX


def test_the_form_the_api_and_the_import_share_one_cap(owned: Indicator) -> None:
    form = ReturnForm(indicator=owned)
    for name in ("commentary", "remedial_action", "warnings_reason"):
        field = form.fields[name]
        assert isinstance(field, forms.CharField) and field.max_length == TEXT_MAX
    assert schemas.TEXT_MAX is TEXT_MAX
    assert values.long_text.keywords["limit"] == TEXT_MAX
