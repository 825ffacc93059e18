"""Demo queries: Councillor Price (on the scrutiny committee) asks about Revenues and
Benefits, whose portfolio the demo's councillor holds and whose owner is the owner login:
one query waiting for an answer, one answered, one referred to scrutiny."""

from __future__ import annotations

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Council, Person
from goldenthread.queries import services

QUESTIONS = [
    "Why has this figure moved since the last quarter, and what is being done about it?",
    "How does this compare with similar councils, and is the target realistic?",
    "Residents in my ward report long waits. What is the plan to bring this back on target?",
]
DRAFT = (
    "Staff absence in the processing team slowed claims in the quarter. Two temporary "
    "assessors start next month and the backlog is forecast to clear by the year end."
)
ANSWER = (
    "I have discussed this with the service. The backlog came from staff absence; extra "
    "assessors are in place and I will report progress at the next Cabinet meeting."
)
REFERRAL = (
    "The same explanation was given last year. I would like the committee to look at the "
    "service's staffing plan."
)


def build(*, council: Council) -> None:
    raiser = Person.objects.select_related("user").filter(user__username="scrutiny").first()
    owner = Person.objects.filter(user__username="owner").first()
    if raiser is None or owner is None:
        return
    indicators = list(
        Indicator.objects.filter(council=council, owner=owner)
        .select_related("service__parent__parent")
        .order_by("code")[: len(QUESTIONS)]
    )
    officer = owner.user
    holder = Person.objects.select_related("user").get(user__username="councillor").user
    with services.without_email():
        made = [
            services.query_raise(actor=raiser.user, indicator=indicator, question=question)
            for indicator, question in zip(indicators, QUESTIONS, strict=False)
        ]
        for query in made[1:]:
            query = services.query_draft(
                actor=officer, query=query, text=DRAFT, expected_version=query.version
            )
            query = services.query_answer(
                actor=holder, query=query, text=ANSWER, expected_version=query.version
            )
        if len(made) == len(QUESTIONS):
            referred = made[2]
            referred.refresh_from_db()
            services.query_refer(
                actor=raiser.user, query=referred, text=REFERRAL, expected_version=referred.version
            )
