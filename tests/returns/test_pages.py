"""The returns pages: who sees what, and a fixed number of queries whatever the size."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.returns import services
from goldenthread.returns.services import Entry
from tests.conftest import dec, page_queries, period


def grow(make_indicator: Callable[..., Indicator], owner: User, count: int) -> None:
    """``count`` indicators owned by ``owner``, each with a submitted Q2 and a draft Q1."""
    for _ in range(count):
        indicator = make_indicator(owner=owner.person)
        for code, submit in (("2025-26-Q1", False), ("2025-26-Q2", True)):
            services.return_save(
                actor=owner,
                indicator=indicator,
                period=period(code),
                entry=Entry(value=dec(10), commentary="Steady"),
                submit=submit,
            )
        indicator_services.target_set(
            actor=None, indicator=indicator, period=period("2025-26-Q2"), value=dec(9)
        )


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/returns/", "owner"),
        ("/approvals/", "head"),
        ("/returns/overdue/", "performance"),
        ("/returns/periods/", "performance"),
    ],
)
def test_query_counts_do_not_grow_with_the_number_of_returns(
    client: Client,
    make_indicator: Callable[..., Indicator],
    owner_user: User,
    head_user: User,
    performance_user: User,
    periods: None,
    url: str,
    who: str,
) -> None:
    client.force_login(User.objects.get(username=who))
    grow(make_indicator, owner_user, 2)
    small = queries(client, url)
    grow(make_indicator, owner_user, 10)
    assert queries(client, url) == small


def test_indicator_page_history_and_csv_query_counts_are_fixed(
    client: Client, owned: Indicator, owner_user: User, performance_user: User
) -> None:
    client.force_login(performance_user)
    save = lambda v, version: services.return_save(  # noqa: E731
        actor=owner_user,
        indicator=owned,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec(v)),
        expected_version=version,
    )
    save("9", 0)
    page = f"/indicators/{owned.pk}/"
    small, small_cached = page_queries(client, page), page_queries(client, page, cached=True)
    small_csv = queries(client, f"/indicators/{owned.pk}/history.csv")
    for version in range(1, 8):
        save(str(9 + version), version)
    assert page_queries(client, page) == small
    assert page_queries(client, page, cached=True) == small_cached
    assert queries(client, f"/indicators/{owned.pk}/history.csv") == small_csv


def test_my_returns_lists_states_deadlines_and_overdue(
    client: Client, owned: Indicator, owner_user: User
) -> None:
    services.return_save(
        actor=owner_user,
        indicator=owned,
        period=period("2025-26-Q1"),
        entry=Entry(value=dec(9), commentary="Fine"),
        submit=True,
    )
    client.force_login(owner_user)
    page = client.get("/returns/").content.decode()
    assert "You have 5 returns to complete, <strong>5 overdue</strong>" in page
    assert "Not started" in page and "Submitted" in page
    assert "21 Oct 2025" in page  # Q2's deadline


def test_outsiders_are_turned_away(
    client: Client, owned: Indicator, outsider: User, owner_user: User
) -> None:
    client.force_login(outsider)
    assert client.get(f"/returns/{owned.pk}/2025-26-Q2/").status_code == 403
    assert client.get("/returns/overdue/").status_code == 403
    assert client.get("/audit.csv").status_code == 403
    client.force_login(owner_user)
    assert client.get("/approvals/").status_code == 403


def test_the_whole_journey_works_without_javascript(
    client: Client, owned: Indicator, owner_user: User, head_user: User, performance_user: User
) -> None:
    indicator_services.target_set(
        actor=None, indicator=owned, period=period("2025-26-Q2"), value=dec(10)
    )
    client.force_login(owner_user)
    url = f"/returns/{owned.pk}/2025-26-Q2/"
    response = client.post(
        url, {"value": "12", "commentary": "", "version": "0", "action": "submit"}
    )
    page = response.content.decode()
    assert "Say what the figure means before you submit it." in page
    assert "say what is being done about it" in page  # 12 days against 10 is red
    response = client.post(
        url,
        {
            "value": "12",
            "commentary": "Staff sickness",
            "remedial_action": "Overtime",
            "version": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    client.force_login(head_user)
    actual = owned.actuals.get()
    assert "Review BV 78a" in client.get("/approvals/").content.decode()
    response = client.post(
        f"/approvals/{actual.pk}/", {"action": "approve", "version": actual.version}
    )
    assert response.status_code == 302
    client.force_login(performance_user)
    scorecard = client.get("/scorecard/?period=2025-26-Q2").content.decode()
    assert "12.0" in scorecard
    history = client.get(f"/indicators/{owned.pk}/").content.decode()
    assert "Submitted for approval" in history and "Approved" in history
    rows = list(csv.reader(io.StringIO(client.get("/audit.csv").getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "Action", "Record", "Field", "Before", "After", "Reason"]
    assert any(row[1] == "head" and row[4] == "state" and row[6] == "approved" for row in rows)


def test_csv_cells_that_look_like_formulas_stay_text(
    client: Client, owned: Indicator, owner_user: User, performance_user: User
) -> None:
    services.return_save(
        actor=owner_user,
        indicator=owned,
        period=period("2025-26-Q2"),
        entry=Entry(value=dec(9), commentary='=HYPERLINK("http://evil")'),
    )
    client.force_login(performance_user)
    body = client.get(f"/indicators/{owned.pk}/history.csv").getvalue().decode()
    assert "'=HYPERLINK" in body


def test_approving_several_at_once_approves_each_and_reports_refusals(
    client: Client,
    make_indicator: Callable[..., Indicator],
    owner_user: User,
    head_user: User,
    periods: None,
) -> None:
    grow(make_indicator, owner_user, 3)
    submitted = list(Actual.objects.filter(state="submitted").order_by("pk"))
    first, second, third = submitted
    # Someone returns the third for correction after the head opened the list.
    services.return_send_back(actor=head_user, actual=third, reason="Check the figure")
    client.force_login(head_user)
    form: dict[str, str | list[str]] = {"chosen": [str(a.pk) for a in submitted]}
    form.update({f"version-{a.pk}": str(a.version) for a in submitted})
    response = client.post("/approvals/", form, follow=True)
    page = response.content.decode()
    assert "Approved 2 returns." in page
    assert "changed since you opened the list" in page
    states = dict(
        Actual.objects.filter(pk__in=[a.pk for a in submitted]).values_list("pk", "state")
    )
    assert states == {first.pk: "approved", second.pk: "approved", third.pk: "returned"}
    assert (
        "Select the returns to approve."
        in client.post("/approvals/", {}, follow=True).content.decode()
    )
