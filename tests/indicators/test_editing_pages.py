"""The performance team's indicator and target pages, owners' proposals and rolling targets
forward (issue 17a): each write audited, refused with a field error on bad input, and refused
when made twice from the page as it was opened."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goldenthread.core.editing import StaleEdit, version_of
from goldenthread.core.models import AuditEntry
from goldenthread.indicators import selectors, services
from goldenthread.indicators.models import Indicator, Period, Proposal, Target
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import PeriodKind
from tests.conftest import TODAY, dec, page_queries, period
from tests.returns.conftest import make_person
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

YEAR = 2025
QUARTERS = [f"2025-26-Q{q}" for q in (1, 2, 3, 4)]


@pytest.fixture(autouse=True)
def fixed_today(settings: Any) -> None:
    settings.GOLDENTHREAD_TODAY = TODAY.isoformat()


@pytest.fixture
def team(performance_user: User) -> SignedInClient:
    client = SignedInClient()
    client.force_login(performance_user)
    return client


@pytest.fixture
def owner(council: Council) -> User:
    return make_person(council, "owner", Person.Role.OWNER)


@pytest.fixture
def owner_client(owner: User) -> SignedInClient:
    client = SignedInClient()
    client.force_login(owner)
    return client


@pytest.fixture
def homes(make_indicator: Callable[..., Indicator], periods: None, owner: User) -> Indicator:
    """A summed count, owned by the owner login."""
    return make_indicator(
        code="LPI 9",
        title="Homes built",
        aggregation="sum",
        polarity="higher",
        unit="number",
        decimals=0,
        owner=owner.person,
    )


def targets_of(indicator: Indicator) -> dict[str, Decimal | None]:
    return {
        t.period.code: t.value
        for t in Target.objects.filter(indicator=indicator).select_related("period")
    }


def targets_url(indicator: Indicator, year: int = YEAR) -> str:
    return reverse("indicators:targets", args=[indicator.pk]) + f"?year={year}"


def opened_version(client: SignedInClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.context["form"]["version"].value())


# --- definitions ------------------------------------------------------------------------


def definition_post(indicator: Indicator, version: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        name: getattr(indicator, name)
        for name in services.DEFINITION_FIELDS
        if name not in ("service", "owner")
    }
    data |= {"service": indicator.service_id, "owner": indicator.owner_id or ""}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for flag in ("cumulative", "is_key", "is_public"):
        if not data[flag]:
            del data[flag]
    return data | {"version": version} | changes


def test_the_team_creates_an_indicator_with_every_field_and_it_is_audited(
    team: SignedInClient, council: Council, service_unit: Any, periods: None
) -> None:
    response = team.post(
        reverse("indicators:new"),
        {
            "code": "LPI 50",
            "title": "Missed bins per 100,000 collections",
            "definition": "Missed collections reported and upheld.",
            "family": "local",
            "service": service_unit.pk,
            "unit": "per_100000",
            "polarity": "lower",
            "decimals": "1",
            "frequency": "month",
            "aggregation": "ratio",
            "tolerance_kind": "percent",
            "tolerance_amount": "10",
            "first_year": "2025",
            "is_key": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    made = Indicator.objects.get(code="LPI 50")
    assert (made.unit, made.aggregation, made.is_key, made.tolerance_amount) == (
        "per_100000",
        "ratio",
        True,
        dec(10),
    )
    assert AuditEntry.objects.filter(scope=made.audit_scope, action="create").count() == 1


def test_bad_definitions_are_field_errors_and_nothing_is_saved(
    team: SignedInClient, homes: Indicator
) -> None:
    url = reverse("indicators:edit", args=[homes.pk])
    version = opened_version(team, url)
    response = team.post(
        url,
        definition_post(homes, version, tolerance_kind="percent", tolerance_amount="", decimals=9),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "tolerance_amount" in errors and "decimals" in errors
    homes.refresh_from_db()
    assert homes.tolerance_kind == "" and homes.decimals == 0


def test_the_frequency_cannot_change_under_targets(team: SignedInClient, homes: Indicator) -> None:
    services.targets_year_set(actor=None, indicator=homes, financial_year=YEAR, value=dec(100))
    url = reverse("indicators:edit", args=[homes.pk])
    response = team.post(url, definition_post(homes, opened_version(team, url), frequency="month"))
    assert response.status_code == 200
    assert "frequency cannot change" in str(response.context["form"].errors["frequency"])
    homes.refresh_from_db()
    assert homes.frequency == "quarter"


def test_two_edits_from_one_opened_definition_the_second_is_refused_and_recorded(
    team: SignedInClient, homes: Indicator
) -> None:
    url = reverse("indicators:edit", args=[homes.pk])
    version = opened_version(team, url)
    first = team.post(url, definition_post(homes, version, title="Homes completed"))
    assert first.status_code == 302
    second = team.post(url, definition_post(homes, version, title="New homes"))
    assert second.status_code == 200
    assert "changed by someone else since you opened it" in second.content.decode()
    homes.refresh_from_db()
    assert homes.title == "Homes completed"
    assert AuditEntry.objects.filter(scope=homes.audit_scope, action="refused").count() == 1


def test_retiring_keeps_the_history_and_is_audited_with_the_reason(
    team: SignedInClient, homes: Indicator
) -> None:
    services.targets_year_set(actor=None, indicator=homes, financial_year=YEAR, value=dec(100))
    url = reverse("indicators:retire", args=[homes.pk])
    version = opened_version(team, url)
    data = {"version": version, "last_year": "2025", "reason": "Replaced by NI 154."}
    assert team.post(url, data).status_code == 302
    homes.refresh_from_db()
    assert homes.last_year == 2025
    assert Target.objects.filter(indicator=homes).count() == 5  # kept
    entry = AuditEntry.objects.filter(scope=homes.audit_scope, model="indicators.indicator")
    assert entry.latest("at").reason == "Replaced by NI 154."
    again = team.post(url, data | {"last_year": "2024"})
    assert "changed by someone else" in again.content.decode()
    homes.refresh_from_db()
    assert homes.last_year == 2025


def test_retiring_needs_a_reason(team: SignedInClient, homes: Indicator) -> None:
    url = reverse("indicators:retire", args=[homes.pk])
    response = team.post(url, {"version": opened_version(team, url), "last_year": "2025"})
    assert "reason" in response.context["form"].errors
    homes.refresh_from_db()
    assert homes.last_year is None


# --- a year's targets -------------------------------------------------------------------


def test_an_even_profile_set_on_the_page_adds_up_and_is_a_stretch(
    team: SignedInClient, homes: Indicator
) -> None:
    url = targets_url(homes)
    version = opened_version(team, url)
    response = team.post(
        url, {"version": version, "value": "250", "method": "even", "is_stretch": "on"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert targets_of(homes) == {
        "FY2025-26": dec(250),
        "2025-26-Q1": dec(63),
        "2025-26-Q2": dec(62),
        "2025-26-Q3": dec(63),
        "2025-26-Q4": dec(62),
    }
    assert set(Target.objects.filter(indicator=homes).values_list("is_stretch", flat=True)) == {
        True
    }
    assert AuditEntry.objects.filter(model="indicators.target", action="create").count() == 5


def test_a_typed_profile_that_does_not_add_up_is_a_field_error_and_nothing_is_saved(
    team: SignedInClient, homes: Indicator
) -> None:
    url = targets_url(homes)
    typed = {f"p_{code}": "60" for code in QUARTERS}
    response = team.post(
        url, {"version": opened_version(team, url), "value": "250", "method": "typed", **typed}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "add up to 240, not the annual target of 250" in str(errors["p_2025-26-Q1"])
    assert "govuk-error-summary" in response.content.decode()
    assert not Target.objects.exists()


def test_a_typed_profile_that_adds_up_is_saved_as_typed(
    team: SignedInClient, homes: Indicator
) -> None:
    url = targets_url(homes)
    typed = dict(zip([f"p_{c}" for c in QUARTERS], ["40", "70", "80", "60"], strict=True))
    response = team.post(
        url, {"version": opened_version(team, url), "value": "250", "method": "typed", **typed}
    )
    assert response.status_code == 302
    assert [targets_of(homes)[c] for c in QUARTERS] == [dec(40), dec(70), dec(80), dec(60)]


def test_a_seasonal_profile_takes_last_years_shape(homes: Indicator) -> None:
    for code, value in zip([f"2024-25-Q{q}" for q in (1, 2, 3, 4)], [10, 20, 30, 40], strict=True):
        services.actual_record(
            actor=None, indicator=homes, period=period(code), value=dec(value), state="approved"
        )
    services.targets_year_set(
        actor=None, indicator=homes, financial_year=YEAR, value=dec(200), method="seasonal"
    )
    assert [targets_of(homes)[c] for c in QUARTERS] == [dec(20), dec(40), dec(60), dec(80)]


def test_a_seasonal_profile_without_last_years_figures_is_refused(homes: Indicator) -> None:
    with pytest.raises(ValidationError) as refused:
        services.targets_year_set(
            actor=None, indicator=homes, financial_year=YEAR, value=dec(200), method="seasonal"
        )
    assert "0 of its 4 periods" in str(refused.value.message_dict["method"])
    assert not Target.objects.exists()


def test_a_signed_off_year_is_locked(homes: Indicator) -> None:
    Period.objects.filter(code="2025-26-Q1").update(locked_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.targets_year_set(actor=None, indicator=homes, financial_year=YEAR, value=dec(9))
    assert "signed off" in str(refused.value.message_dict["financial_year"])
    assert not Target.objects.exists()


def test_two_target_saves_from_one_opened_page_the_second_is_refused(
    team: SignedInClient, homes: Indicator
) -> None:
    url = targets_url(homes)
    version = opened_version(team, url)
    assert team.post(url, {"version": version, "value": "100", "method": "even"}).status_code == 302
    second = team.post(url, {"version": version, "value": "400", "method": "even"})
    assert second.status_code == 200
    assert "This target for 2025/26 was changed by someone else" in second.content.decode()
    assert targets_of(homes)["FY2025-26"] == dec(100)
    assert AuditEntry.objects.filter(action="refused").count() == 1


# --- proposals --------------------------------------------------------------------------


def test_an_owner_proposes_a_target_and_the_team_accepts_it_keeping_the_profile_shape(
    team: SignedInClient, owner_client: SignedInClient, homes: Indicator
) -> None:
    services.targets_year_set(
        actor=None,
        indicator=homes,
        financial_year=YEAR,
        value=dec(100),
        method="typed",
        typed=[dec(10), dec(20), dec(30), dec(40)],
    )
    url = reverse("indicators:propose-target", args=[homes.pk]) + f"?year={YEAR}"
    response = owner_client.post(
        url, {"version": opened_version(owner_client, url), "value": "200", "reason": "Grant"}
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.proposed, proposal.current["value"]) == (
        "target",
        {"value": "200"},
        "100",
    )
    assert targets_of(homes)["FY2025-26"] == dec(100)  # nothing changes until accepted

    decide = reverse("indicators:proposal", args=[proposal.pk])
    version = opened_version(team, decide)
    assert team.post(decide, {"version": version, "decision": "accept"}).status_code == 302
    assert [targets_of(homes)[c] for c in QUARTERS] == [dec(20), dec(40), dec(60), dec(80)]
    assert targets_of(homes)["FY2025-26"] == dec(200)
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.decided_by is not None
    assert AuditEntry.objects.filter(model="indicators.proposal", action="update").count() == 1
    # The owner sees the outcome.
    page = owner_client.get(reverse("indicators:proposals")).content.decode()
    assert "Accepted" in page and "LPI 9" in page
    # Deciding again from the same opened page is refused, and nothing more changes.
    again = team.post(decide, {"version": version, "decision": "decline", "note": "No"})
    assert "changed by someone else since you opened it" in again.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "accepted"


def test_declining_needs_a_note_and_leaves_the_definition_as_it_was(
    team: SignedInClient, owner_client: SignedInClient, homes: Indicator
) -> None:
    url = reverse("indicators:propose-definition", args=[homes.pk])
    version = opened_version(owner_client, url)
    data = definition_post(homes, version, title="Net additional homes", reason="As DLUHC")
    data = {
        k: v for k, v in data.items() if k in (*services.PROPOSABLE_FIELDS, "version", "reason")
    }
    assert owner_client.post(url, data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.proposed == {"title": "Net additional homes"}
    decide = reverse("indicators:proposal", args=[proposal.pk])
    version = opened_version(team, decide)
    response = team.post(decide, {"version": version, "decision": "decline"})
    assert "Say why" in str(response.context["form"].errors["note"])
    assert (
        team.post(
            decide, {"version": version, "decision": "decline", "note": "Keep the BV title."}
        ).status_code
        == 302
    )
    homes.refresh_from_db()
    assert homes.title == "Homes built"
    assert Proposal.objects.get().state == "declined"


def test_an_accepted_definition_proposal_changes_the_indicator(
    owner: User, homes: Indicator
) -> None:
    proposal = services.proposal_create(
        actor=owner,
        person=owner.person,
        indicator=homes,
        kind="definition",
        reason="Report to one place",
        proposed={"title": homes.title, "decimals": 1},
        version=version_of(homes),
    )
    assert proposal.proposed == {"decimals": 1}
    services.proposal_decide(
        actor=None, person=None, proposal_pk=proposal.pk, version=version_of(proposal), accept=True
    )
    homes.refresh_from_db()
    assert homes.decimals == 1


def test_proposing_twice_from_one_opened_page_the_second_is_refused(
    owner: User, homes: Indicator
) -> None:
    version = selectors.targets_version(selectors.year_targets(homes, YEAR).values())

    def propose(value: int) -> Proposal:
        return services.proposal_create(
            actor=owner, person=owner.person, indicator=homes, kind="target",
            financial_year=YEAR, reason="r", proposed={"value": dec(value)}, version=version,
        )  # fmt: skip

    propose(5)
    with pytest.raises(ValidationError) as refused:
        propose(6)
    assert "already have a proposal" in str(refused.value)
    assert list(Proposal.objects.values_list("proposed", flat=True)) == [{"value": "5"}]


def test_a_proposal_on_a_stale_definition_is_refused(owner: User, homes: Indicator) -> None:
    opened = version_of(homes)
    services.indicator_edit(actor=None, indicator_pk=homes.pk, version=None, fields={"title": "X"})
    with pytest.raises(StaleEdit):
        services.proposal_create(
            actor=owner, person=owner.person, indicator=homes, kind="definition",
            reason="r", proposed={"decimals": 2}, version=opened,
        )  # fmt: skip
    assert not Proposal.objects.exists()


def test_only_the_owner_proposes_and_only_the_team_decides(
    client: SignedInClient, council: Council, homes: Indicator, owner: User
) -> None:
    other = make_person(council, "other_owner", Person.Role.OWNER)
    client.force_login(other)
    assert client.get(reverse("indicators:propose-target", args=[homes.pk])).status_code == 403
    proposal = services.proposal_create(
        actor=owner, person=owner.person, indicator=homes, kind="target",
        financial_year=YEAR, reason="r", proposed={"value": dec(5)},
    )  # fmt: skip
    assert client.get(reverse("indicators:proposal", args=[proposal.pk])).status_code == 403
    client.force_login(owner)
    url = reverse("indicators:proposal", args=[proposal.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "accept"}).status_code == 403
    assert Proposal.objects.get().state == "proposed"


def test_work_items_for_the_team_and_for_the_owner(
    performance_user: User, owner: User, homes: Indicator
) -> None:
    proposal = services.proposal_create(
        actor=owner, person=owner.person, indicator=homes, kind="target",
        financial_year=YEAR, reason="r", proposed={"value": dec(5)},
    )  # fmt: skip
    today = timezone.localdate(proposal.created_on)
    with CaptureQueriesContext(connection) as captured:
        items = selectors.work_items(performance_user.person, today)
    assert len(captured) == 1
    assert [(i.kind, i.title, i.state) for i in items] == [
        ("Proposals to decide", "LPI 9 Homes built", "Due in 10 days")
    ]
    assert selectors.work_items(owner.person, today) == []
    services.proposal_decide(
        actor=None, person=performance_user.person, proposal_pk=proposal.pk,
        version=None, accept=False, note="Too low",
    )  # fmt: skip
    mine = selectors.work_items(owner.person, today)
    assert [(i.kind, i.state) for i in mine] == [("Your proposals decided", "Declined")]
    assert selectors.work_items(performance_user.person, today) == []


# --- rolling forward --------------------------------------------------------------------


@pytest.fixture
def two_indicators(homes: Indicator, make_indicator: Callable[..., Indicator]) -> list[Indicator]:
    days = make_indicator(code="LPI 10", decimals=1)
    services.targets_year_set(actor=None, indicator=homes, financial_year=2024, value=dec(100))
    services.targets_year_set(actor=None, indicator=days, financial_year=2024, value=dec("20.0"))
    services.targets_year_set(actor=None, indicator=days, financial_year=YEAR, value=dec(18))
    return [homes, days]


def test_the_preview_lists_old_and_new_targets_and_leaves_set_ones_alone(
    team: SignedInClient, two_indicators: list[Indicator]
) -> None:
    response = team.get(
        reverse("indicators:roll-forward"),
        {"from_year": "2024", "method": "uplift", "uplift": "5"},
    )
    preview = response.context["preview"]
    rows = {row.indicator.code: row for row in preview.rows}
    assert rows["LPI 9"].value == dec(105)
    assert rows["LPI 10"].skipped.startswith("Already has next year's target")
    page = response.content.decode()
    assert "Set 1 target" in page and "21.0 days" not in page


def test_rolling_forward_writes_them_all_audited_and_twice_from_one_preview_is_refused(
    team: SignedInClient, two_indicators: list[Indicator]
) -> None:
    homes, days = two_indicators
    choice = {"from_year": "2024", "method": "uplift", "uplift": "10", "overwrite": "on"}
    url = reverse("indicators:roll-forward")
    preview = team.get(url, choice).context["preview"]
    assert len(preview.writing) == 2
    response = team.post(url, choice | {"version": preview.version})
    assert response.status_code == 302
    assert targets_of(homes)["FY2025-26"] == dec(110)
    assert targets_of(homes)["2025-26-Q4"] == dec(27)  # 110 profiled in this year's shape
    assert targets_of(days)["FY2025-26"] == dec(22)
    reasons = set(
        AuditEntry.objects.filter(model="indicators.target", at__isnull=False)
        .exclude(reason="")
        .values_list("reason", flat=True)
    )
    assert reasons == {
        "Rolled forward from 2024/25: this year's target changed by a percentage (10%)"
    }
    again = team.post(url, choice | {"version": preview.version})
    assert "changed by someone else since you opened it" in again.content.decode()
    assert targets_of(homes)["FY2025-26"] == dec(110)


def test_rolling_forward_the_outturn(homes: Indicator) -> None:
    for quarter, value in zip((1, 2, 3, 4), (30, 20, 25, 25), strict=True):
        services.actual_record(
            actor=None, indicator=homes, period=period(f"2024-25-Q{quarter}"),
            value=dec(value), state="approved",
        )  # fmt: skip
    preview = selectors.roll_forward_preview(
        council=homes.council, from_year=2024, method="outturn"
    )
    assert [(r.indicator.code, r.value) for r in preview.rows] == [("LPI 9", dec(100))]
    count = services.targets_roll_forward(
        actor=None, council=homes.council, from_year=2024, method="outturn",
        version=preview.version,
    )  # fmt: skip
    assert count == 1 and targets_of(homes)["FY2025-26"] == dec(100)


def test_an_uplift_is_needed_for_a_percentage_change(
    team: SignedInClient, two_indicators: list[Indicator]
) -> None:
    response = team.post(
        reverse("indicators:roll-forward"), {"from_year": "2024", "method": "uplift"}
    )
    assert "Enter the percentage" in str(response.context["form"].errors["uplift"])
    assert not Target.objects.filter(period__financial_year=YEAR, indicator__code="LPI 9").exists()


# --- query counts -----------------------------------------------------------------------


def test_pages_take_the_same_number_of_queries_at_two_sizes(
    team: SignedInClient, owner: User, make_indicator: Callable[..., Indicator], periods: None
) -> None:
    def grow(count: int) -> None:
        for _ in range(count):
            indicator = make_indicator(aggregation="sum", polarity="higher", owner=owner.person)
            services.targets_year_set(
                actor=None, indicator=indicator, financial_year=2024, value=dec(10)
            )
            services.proposal_create(
                actor=owner, person=owner.person, indicator=indicator, kind="target",
                financial_year=YEAR, reason="r", proposed={"value": dec(12)},
            )  # fmt: skip

    roll = reverse("indicators:roll-forward") + "?from_year=2024&method=same"
    urls = [reverse("indicators:proposals"), roll]
    grow(1)
    small = [page_queries(team, url) for url in urls]
    grow(4)
    large = [page_queries(team, url) for url in urls]
    assert small == large
    assert len(selectors.proposals_for(None, team=True)[0]) == 5


def test_a_target_proposal_for_a_signed_off_year_is_refused_and_the_page_offers_the_next(
    owner_client: SignedInClient, homes: Indicator
) -> None:
    """Once a year's first quarter is signed off its targets are locked; a proposal for it
    could never be accepted, so it is refused when made, and the owner's "Propose a target"
    opens on the next year (found in the demo: every proposal made after July failed at the
    performance team's acceptance)."""
    services.periods_ensure(
        kinds=[PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR],
        first_year=YEAR + 1,
        last_year=YEAR + 1,
    )
    Period.objects.filter(code=f"{YEAR}-{(YEAR + 1) % 100:02d}-Q1").update(locked_at=timezone.now())
    assert selectors.year_is_locked(homes, YEAR)
    url = reverse("indicators:propose-target", args=[homes.pk])
    page = owner_client.get(url)
    assert page.context["year"] == YEAR + 1
    locked = url + f"?year={YEAR}"
    response = owner_client.post(
        locked, {"version": opened_version(owner_client, locked), "value": "9", "reason": "X"}
    )
    assert response.status_code == 200
    assert "so its targets are locked" in response.content.decode()
    assert not Proposal.objects.exists()
