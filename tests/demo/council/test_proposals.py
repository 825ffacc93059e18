"""The demo's proposal (issue 17a): the owner login has asked the performance team to change
next year's target of one of their indicators, so the team has a decision waiting."""

from __future__ import annotations

import pytest

from goldenthread.demo.builder import BuildSummary
from goldenthread.indicators.models import Proposal
from goldenthread.indicators.selectors import work_items
from goldenthread.organisation.models import Person
from tests.demo.council.conftest import BUILD_DAY

pytestmark = pytest.mark.django_db


def test_the_owner_has_a_target_proposal_waiting_for_the_team(
    castlebridge: BuildSummary,
) -> None:
    proposal = Proposal.objects.select_related("indicator__owner__user", "proposed_by").get()
    assert proposal.is_open and proposal.kind == "target"
    assert proposal.financial_year == castlebridge.last_year + 1
    assert proposal.proposed_by == proposal.indicator.owner
    assert proposal.proposed_by is not None and proposal.proposed_by.user.username == "owner"
    assert proposal.reason
    team = Person.objects.get(user__username="performance")
    assert [item.kind for item in work_items(team, BUILD_DAY)] == ["Proposals to decide"]
