"""The performance team chooses the council's groups and each indicator's benchmark."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from goldenthread.benchmarking.models import BenchmarkSetting, ComparatorGroup
from goldenthread.core.models import AuditEntry
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from tests.benchmarking import factories as f

pytestmark = pytest.mark.django_db


def test_setting_changing_and_clearing_a_benchmark_is_audited(
    client: Client,
    performance_user: User,
    make_indicator: Callable[..., Indicator],
) -> None:
    group = f.group(f.authorities(5))
    other = f.group(f.authorities(5, start=10), name="Family group")
    measure = f.measure("NI 192")
    indicator = make_indicator(code="NI 192")
    client.force_login(performance_user)
    url = f"/benchmarking/indicators/{indicator.pk}/"
    missing = client.post(url, {"measure": measure.pk, "group": ""})
    assert "Choose the comparator group to compare with." in missing.content.decode()
    assert not BenchmarkSetting.objects.exists()
    assert client.post(url, {"measure": measure.pk, "group": group.pk}).status_code == 302
    assert client.post(url, {"measure": measure.pk, "group": other.pk}).status_code == 302
    assert BenchmarkSetting.objects.get().group == other
    assert client.post(url, {"measure": "", "group": ""}).status_code == 302
    assert not BenchmarkSetting.objects.exists()
    actions = list(
        AuditEntry.objects.filter(model="benchmarking.benchmarksetting")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    # The indicator's own history shows the benchmark going.
    assert AuditEntry.objects.filter(scope=indicator.audit_scope, action="delete").count() == 1


def test_choosing_our_groups(client: Client, performance_user: User, council: Council) -> None:
    group = f.group(f.authorities(4))
    client.force_login(performance_user)
    client.post("/benchmarking/groups/", {"group": group.pk, "action": "choose"})
    assert ComparatorGroup.objects.get().council == council
    page = client.get("/benchmarking/groups/").content.decode()
    ours = page[page.index(">Our groups</h2>") : page.index(">Other groups</h2>")]
    assert ">Nearest neighbours<br>" in ours or ">Nearest neighbours</th>" in ours
    client.post("/benchmarking/groups/", {"group": group.pk, "action": "drop"})
    assert ComparatorGroup.objects.get().council is None
    assert AuditEntry.objects.filter(
        model="benchmarking.comparatorgroup", reason="Chosen as one of our groups"
    ).exists()


def test_only_the_performance_team_chooses(
    client: Client, council: Council, make_indicator: Callable[..., Indicator]
) -> None:
    user = User.objects.create_user("cllr", password="pw-for-tests-1")
    Person.objects.create(user=user, council=council, role=Person.Role.COUNCILLOR)
    group = f.group(f.authorities(4))
    indicator = make_indicator()
    client.force_login(user)
    assert client.get(f"/benchmarking/indicators/{indicator.pk}/").status_code == 403
    assert (
        client.post("/benchmarking/groups/", {"group": group.pk, "action": "choose"}).status_code
        == 403
    )
    assert client.get("/benchmarking/groups/").status_code == 200
    assert "Use as ours" not in client.get("/benchmarking/groups/").content.decode()
