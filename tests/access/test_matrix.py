"""The authorisation matrix: every URL pattern × every role × every method, against the policy.

One demo council is built for the module (``matrix_council``); each request runs in a
transaction that is rolled back, so a POST that works (a sign-off, a deletion) does not
change what the next role sees, and each test's own writes (the API tokens) are rolled back
with the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from goldenthread.api.endpoints import operations
from goldenthread.api.models import ApiClient
from goldenthread.api.services import client_create, client_revoke
from goldenthread.benchmarking.models import Measure
from goldenthread.demo.builder import build_council
from goldenthread.improvement.models import (
    Action,
    ActionPlan,
    DueDateRequest,
    Project,
    Risk,
    RiskRegister,
)
from goldenthread.indicators.models import Actual, Indicator, Proposal
from goldenthread.organisation.models import Council, OrgUnit
from goldenthread.plans.models import Appraisal, Milestone, Objective, Plan, PlanKind
from goldenthread.queries.models import Query
from goldenthread.reports.models import Challenge, Meeting
from tests.access.policy import (
    ANONYMOUS,
    API_POLICY,
    API_PRINCIPALS,
    FIRST_RUN_ONLY,
    METHODS,
    NOT_CONFIGURED,
    OTHER_TOKEN,
    POLICY,
    READ_TOKEN,
    REVOKED_TOKEN,
    ROLES,
    WRITE_TOKEN,
)
from tests.conftest import TODAY
from tests.signin import SignedInClient

pytestmark = pytest.mark.django_db

# The API's operations (ninja names each URL after its first operation) and its catch-all.
API_ROUTES = {f"api:{op['operation_id']}" for op in operations()} | {"api:not_found"}


def url_names() -> Iterator[tuple[str, URLPattern | URLResolver]]:
    """Every named URL pattern; Django's admin counts as one (its index)."""

    def walk(
        resolver: URLResolver, namespace: str | None
    ) -> Iterator[tuple[str, URLPattern | URLResolver]]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    yield "admin:index", pattern.url_patterns[0]
                    continue
                inner = pattern.namespace or namespace
                yield from walk(pattern, inner)
            else:
                assert pattern.name, f"every URL needs a name: {pattern.pattern}"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if name not in API_ROUTES:  # held to API_POLICY by the API matrix below
                    yield name, pattern

    yield from walk(get_resolver(), None)


def test_every_url_has_a_policy() -> None:
    names = {name for name, _ in url_names()} - NOT_CONFIGURED - FIRST_RUN_ONLY
    assert names - POLICY.keys() == set(), "URLs with no entry in tests/access/policy.py"
    assert POLICY.keys() - names == set(), "policy entries for URLs that no longer exist"


def sample_urls() -> dict[str, str]:
    """A URL for each name, with objects from the demo council chosen for the policy."""
    owner_indicator = Indicator.objects.filter(owner__user__username="owner").first()
    assert owner_indicator is not None
    editable = (
        Actual.objects.filter(indicator=owner_indicator, state__in=["draft", "returned"])
        .select_related("period")
        .first()
    )
    assert editable is not None, "the demo owner has a return to work on"
    review = (
        Actual.objects.filter(state="submitted", indicator__service__code="waste-and-recycling")
        .exclude(submitted_by__username__in=["head_of_service", "director"])
        .first()
    )
    assert review is not None, "the demo has a Waste and Recycling return awaiting approval"
    directorate = OrgUnit.objects.filter(kind="directorate").first()
    assert directorate is not None

    def pk(model: Any) -> int:
        found = model.objects.order_by("pk").first()
        assert found is not None, f"the demo has a {model.__name__}"
        return int(found.pk)

    objective = pk(Objective)
    public = Indicator.objects.filter(is_public=True).order_by("pk").first()
    assert public is not None, "the demo publishes some indicators"
    answered = Query.objects.filter(state="answered").order_by("pk").first()
    assert answered is not None, "the demo has an answered query"
    kept = Plan.objects.filter(owner__user__username="owner").order_by("pk").first()
    owned = Milestone.objects.filter(owner__user__username="owner").order_by("pk").first()
    lpsa = Objective.objects.filter(plan__kind=PlanKind.LPSA).order_by("pk").first()
    laa = Objective.objects.filter(plan__kind=PlanKind.LAA, shares__isnull=False).first()
    managed = Appraisal.objects.filter(
        manager__user__username="director", person__user__username="head_of_service"
    ).first()
    assert kept and owned and lpsa and laa and managed, "the demo's plans have these samples"
    kept_objective = kept.objectives.order_by("pk").first()
    assert kept_objective is not None
    owned_risk = Risk.objects.filter(owner_person__user__username="head_of_service").first()
    assert owned_risk is not None, "the demo head of service owns a risk"
    sponsored = Project.objects.filter(director__user__username="director").first()
    assert sponsored is not None, "the demo director sponsors a project"
    led = Action.objects.filter(leads__key__person__user__username="owner", closed_on=None).first()
    assert led is not None, "the demo owner leads an open action"
    corporate = led.recommendation.plan_id
    asked = DueDateRequest.objects.filter(state="pending").order_by("pk").first()
    assert asked is not None, "the demo has a new date to decide"
    kwargs: dict[str, dict[str, Any]] = {
        "indicator": {"pk": owner_indicator.pk},
        "returns:edit": {"indicator_pk": owner_indicator.pk, "period_code": editable.period.code},
        "returns:review": {"pk": review.pk},
        "returns:period_action": {"code": editable.period.code, "action": "reopen"},
        "returns:sign_off": {"code": editable.period.code},
        "returns:history_csv": {"pk": owner_indicator.pk},
        "plan": {"pk": pk(Plan)},
        "plan-refresh": {"pk": pk(Plan)},
        "objective": {"pk": objective},
        "objective-delete": {"pk": objective},
        "plan-edit": {"pk": kept.pk},
        "objective-new": {"pk": kept.pk},
        "objective-edit": {"pk": kept_objective.pk},
        "objective-links": {"pk": kept_objective.pk},
        "milestone-new": {"pk": kept_objective.pk},
        "milestone-edit": {"pk": owned.pk},
        "milestone-done": {"pk": owned.pk},
        "milestone-late": {"pk": owned.pk},
        "stretch-target": {"pk": lpsa.pk},
        "target-shares": {"pk": laa.pk},
        "appraisal": {"pk": managed.pk},
        "benchmark-measure": {"pk": pk(Measure)},
        "benchmark-indicator": {"pk": owner_indicator.pk},
        "improvement:plan": {"pk": pk(ActionPlan)},
        "improvement:plan-export": {"pk": pk(ActionPlan), "fmt": "xlsx"},
        "improvement:register": {"pk": pk(RiskRegister)},
        "improvement:project": {"pk": pk(Project)},
        "improvement:risk": {"pk": owned_risk.pk},
        "improvement:risk-review": {"pk": owned_risk.pk},
        "improvement:register-top-risks": {"pk": pk(RiskRegister)},
        "improvement:project-checkpoint": {"pk": sponsored.pk},
        **{
            f"improvement:{name}": {"pk": led.pk}
            for name in (
                "action",
                "action-progress",
                "action-new-date",
                "action-done",
                "action-edit",
                "action-merge",
                "action-close",
            )
        },
        "improvement:action-add": {"pk": corporate},
        "improvement:date-requests": {"pk": corporate},
        "improvement:date-request": {"pk": asked.pk},
        "improvement:remedial-add": {"pk": owner_indicator.pk},
        "reports:matrix": {"pk": directorate.pk},
        "reports:refer": {"pk": owner_indicator.pk},
        "reports:pack": {"pk": pk(Meeting)},
        "reports:challenge": {"pk": pk(Challenge)},
        "public:indicator": {"pk": public.pk},
        "public:schema": {"dataset": "values"},
        "public:download": {"dataset": "values", "fmt": "csv"},
        "queries:raise": {"indicator_pk": owner_indicator.pk},
        "queries:detail": {"pk": answered.pk},
        "queries:step": {"pk": answered.pk, "step": "close"},
        "set_password": {"uidb64": "MQ", "token": "not-a-valid-token"},
        "indicators:edit": {"pk": owner_indicator.pk},
        "indicators:retire": {"pk": owner_indicator.pk},
        "indicators:targets": {"pk": owner_indicator.pk},
        "indicators:propose-definition": {"pk": owner_indicator.pk},
        "indicators:propose-target": {"pk": owner_indicator.pk},
        "indicators:proposal": {"pk": pk(Proposal)},
        "invitation": {"token": "not-a-token-that-was-sent"},
    }
    first_measure = Measure.objects.order_by("pk").first()
    assert first_measure is not None
    query = {
        "reports:refer": f"?period={editable.period.code}",
        "benchmark-bands": "?" + urlencode({"source": first_measure.source}),
    }
    urls = {}
    for name in POLICY.keys() | NOT_CONFIGURED | FIRST_RUN_ONLY:
        if name == "admin:index":
            urls[name] = reverse("admin:index")
            continue
        urls[name] = reverse(name, kwargs=kwargs.get(name)) + query.get(name, "")
    return urls


def outcome(response: HttpResponseBase) -> str:
    status = response.status_code
    if status in (301, 302):
        target = urlsplit(response["Location"])
        if "login" in target.path and "next=" in target.query:
            return "sent to sign in"
        return "allowed"
    if status == 403:
        return "forbidden"
    if status == 405:
        return "method not allowed"
    if status == 404:
        return "not found"
    if status >= 500:
        return "server error"
    return "allowed"


def client_for(role: str) -> Client:
    client = SignedInClient(raise_request_exception=False)  # with the second factor
    if role != ANONYMOUS:
        client.force_login(User.objects.get(username=role))
    return client


@pytest.fixture(scope="module")
def matrix_council(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo council, built once for both matrices rather than once each (tests/demo's
    ``castlebridge`` does the same): an outer transaction, rolled back when the module ends,
    so no other module sees it; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_council(today=TODAY, password="matrix-password-1", years=2)
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("matrix_council")
def test_every_url_role_and_method_follows_the_policy() -> None:
    urls = sample_urls()
    wrong: list[str] = []
    checked = 0
    for role in sorted(ROLES):
        client = client_for(role)
        session = client.cookies.get(settings.SESSION_COOKIE_NAME)
        for name, url in sorted(urls.items()):
            for method in METHODS:
                expected = role in POLICY.get(name, {}).get(method, frozenset())
                if session is not None:  # signing out in one request must not end the rest
                    client.cookies[settings.SESSION_COOKIE_NAME] = session.value
                with transaction.atomic():
                    response = client.generic(method, url)
                    transaction.set_rollback(True)
                got = outcome(response)
                checked += 1
                if name in NOT_CONFIGURED | FIRST_RUN_ONLY:
                    if got not in ("not found", "method not allowed"):
                        wrong.append(f"{role} {method} {url} ({name}): expected 404, got {got}")
                    continue
                if expected and got != "allowed":
                    wrong.append(f"{role} {method} {url} ({name}): expected allowed, got {got}")
                if not expected and got not in (
                    "forbidden",
                    "method not allowed",
                    "sent to sign in",
                ):
                    wrong.append(f"{role} {method} {url} ({name}): expected refused, got {got}")
    assert checked == len(ROLES) * len(urls) * len(METHODS)
    assert wrong == [], "\n".join(wrong)


def test_every_api_operation_has_a_policy() -> None:
    ids = {op["operation_id"] for op in operations()}
    assert ids == API_POLICY.keys()


def api_outcome(response: HttpResponseBase) -> str:
    status = response.status_code
    if status in (401, 403, 404, 405):
        return {401: "unauthenticated", 403: "forbidden", 404: "not found"}.get(
            status, "method not allowed"
        )
    if status >= 500 or status in (301, 302):
        return f"unexpected {status}"
    return "allowed"  # 2xx, or the operation's own answer: 409, 412, 422, 428


@pytest.mark.usefixtures("matrix_council")
def test_every_api_operation_principal_and_method_follows_the_policy() -> None:
    council = Council.objects.get()
    revenues = OrgUnit.objects.get(code="revenues-and-benefits")
    waste = OrgUnit.objects.get(code="waste-and-recycling")
    tokens: dict[str, str] = {}
    for principal, unit, write in [
        (READ_TOKEN, revenues, False),
        (WRITE_TOKEN, revenues, True),
        (OTHER_TOKEN, waste, True),
        (REVOKED_TOKEN, revenues, True),
    ]:
        _, tokens[principal] = client_create(
            actor=None, council=council, name=principal, services=[unit], may_write=write
        )
    client_revoke(actor=None, client=ApiClient.objects.get(name=REVOKED_TOKEN))
    indicator = Indicator.objects.filter(service=revenues).order_by("pk").first()
    assert indicator is not None
    period = Actual.objects.filter(indicator=indicator).order_by("-period__start").first()
    assert period is not None
    params = {"id": str(indicator.pk), "period": period.period.code}

    wrong: list[str] = []
    for principal in sorted(API_PRINCIPALS):
        client = SignedInClient(raise_request_exception=False)
        headers = {}
        if principal in tokens:
            headers["Authorization"] = f"Bearer {tokens[principal]}"
        elif principal != ANONYMOUS:
            client.force_login(User.objects.get(username=principal))
        # One path may have several operations (PUT and PATCH of a value): each method is
        # held to its own operation's policy, and a method with none is refused.
        policy = {(op["path"], op["method"]): API_POLICY[op["operation_id"]] for op in operations()}
        for op_path in sorted({op["path"] for op in operations()}):
            path = op_path.format(**params)
            for method in METHODS:
                expected = principal in policy.get((op_path, method), frozenset())
                with transaction.atomic():
                    response = client.generic(
                        method, path, "{}", content_type="application/json", headers=headers
                    )
                    transaction.set_rollback(True)
                got = api_outcome(response)
                if expected and got != "allowed":
                    wrong.append(f"{principal} {method} {path}: expected allowed, got {got}")
                if (not expected and got == "allowed") or got.startswith("unexpected"):
                    wrong.append(f"{principal} {method} {path}: expected refused, got {got}")
    assert wrong == [], "\n".join(wrong)
    # Anything else under /api/v1/ is a JSON 404 for everyone, never a page or a redirect.
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
