"""Defect 9: a number too large for its column (1e309, 1e27, NaN, …) answered 500; now it is
a field error on the return form, in the service (so the API too) and never a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from goldenthread.indicators.models import Indicator
from goldenthread.returns import services
from goldenthread.returns.forms import FigureField
from goldenthread.returns.services import Entry
from tests.conftest import dec, period

pytestmark = pytest.mark.django_db

TOO_LARGE = ["1e309", "1e27", "-1e27", "1E+14", "100000000000000", "NaN", "Infinity", "-inf"]


@pytest.mark.parametrize("typed", TOO_LARGE)
def test_a_huge_number_on_the_return_form_is_a_field_error_not_a_500(
    client: Client, owned: Indicator, owner_user: User, typed: str
) -> None:
    client.force_login(owner_user)
    response = client.post(
        f"/returns/{owned.pk}/2025-26-Q2/",
        {"value": typed, "commentary": "Big", "version": "0", "action": "submit"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-message" in page and "Value" in page
    assert not owned.actuals.exists()


def test_the_largest_figure_the_column_holds_is_accepted() -> None:
    assert FigureField(label="Value").clean("99,999,999,999,999.999999") == dec(
        "99999999999999.999999"
    )


@pytest.mark.parametrize("typed", TOO_LARGE)
@pytest.mark.parametrize("field", ["value", "forecast"])
def test_the_service_refuses_a_huge_number_by_field(
    owned: Indicator, owner_user: User, typed: str, field: str
) -> None:
    figures: dict[str, Any] = {"value": dec(5), field: dec(typed)}
    with pytest.raises(ValidationError) as refused:
        services.return_save(
            actor=owner_user,
            indicator=owned,
            period=period("2025-26-Q2"),
            entry=Entry(**figures, commentary="Big"),
            submit=True,
        )
    assert field in refused.value.message_dict
    assert "too large" in refused.value.message_dict[field][0]


def test_a_ratio_whose_worked_out_value_is_too_large_is_a_numerator_error(
    make_indicator: object, owner_user: User, periods: None
) -> None:
    ratio = make_indicator(  # type: ignore[operator]
        owner=owner_user.person, code="RATIO", aggregation="ratio", unit="number"
    )
    with pytest.raises(ValidationError) as refused:
        services.return_save(
            actor=owner_user,
            indicator=ratio,
            period=period("2025-26-Q2"),
            entry=Entry(numerator=dec("99999999999999"), denominator=dec("0.000001")),
        )
    assert "too large" in refused.value.message_dict["numerator"][0]
