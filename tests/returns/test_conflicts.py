"""No lost updates: the second of two edits from the same version is refused and kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.indicators.services import StaleEdit
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.conftest import dec, period

Q2 = "2025-26-Q2"


def test_second_save_from_the_same_version_is_refused_and_both_are_traceable(
    owned: Indicator, owner_user: User, performance_user: User
) -> None:
    first = services.return_save(
        actor=owner_user, indicator=owned, period=period(Q2), entry=Entry(value=dec("9.5"))
    )
    opened_at = first.version  # both people open the return at this version
    services.return_save(
        actor=performance_user,
        indicator=owned,
        period=period(Q2),
        entry=Entry(value=dec("9.8"), commentary="Corrected from the system report"),
        expected_version=opened_at,
    )
    with pytest.raises(StaleEdit) as raised:
        services.return_save(
            actor=owner_user,
            indicator=owned,
            period=period(Q2),
            entry=Entry(value=dec("9.2")),
            expected_version=opened_at,
        )
    assert raised.value.current.value == dec("9.8")
    assert raised.value.current.modified_by == performance_user
    stored = Actual.objects.get()
    assert stored.value == dec("9.8") and stored.version == 2
    trail = list(
        AuditEntry.objects.filter(model="indicators.actual", object_id=str(stored.pk))
        .order_by("id")
        .values_list("actor__username", "action")
    )
    assert trail == [("owner", "create"), ("performance", "update"), ("owner", "refused")]
    refused = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED)
    assert refused.changes["attempted"]["value"] == "9.2"
    assert refused.changes["started_from_version"] == 1


def test_the_form_shows_the_other_change_and_keeps_yours(
    client: Client, owned: Indicator, owner_user: User, performance_user: User
) -> None:
    services.return_save(
        actor=owner_user, indicator=owned, period=period(Q2), entry=Entry(value=dec("9.5"))
    )
    services.return_save(
        actor=performance_user,
        indicator=owned,
        period=period(Q2),
        entry=Entry(value=dec("9.8"), commentary="Corrected from the system report"),
        expected_version=1,
    )
    client.force_login(owner_user)
    url = f"/returns/{owned.pk}/{Q2}/"
    response = client.post(
        url, {"value": "9.2", "commentary": "Mine", "version": "1", "action": "save"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this return" in page
    assert "Corrected from the system report" in page and "9.8" in page
    assert 'value="9.2"' in page  # the owner's figure is kept in the form
    assert 'name="version" value="2"' in page  # saving again now is a deliberate choice
    assert Actual.objects.get().value == dec("9.8")
    again = client.post(
        url, {"value": "9.2", "commentary": "Mine", "version": "2", "action": "save"}
    )
    assert again.status_code == 302 and Actual.objects.get().value == dec("9.2")
