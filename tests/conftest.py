"""Shared fixtures: one small council, its structure, and a user per role."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import settings as hypothesis_settings

from goldenthread.indicators import services
from goldenthread.indicators.models import Actual, Indicator, Period
from goldenthread.organisation.models import Council, OrgUnit, Person
from goldenthread.periods import PeriodKind
from tests.signin import SignedInClient

TODAY = date(2025, 11, 20)

pytest_plugins = ["tests.plans.fixtures", "tests.reports.fixtures"]

# No per-example deadline: a shared 2-core CI machine can be slow without the code being wrong.
# Under CI the examples are derandomised so a landing never depends on luck; locally they vary,
# which is where new counterexamples are found.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, max_examples=200)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


# The hashers the product uses (Django's PBKDF2 first), taken before any test overrides them.
REAL_PASSWORD_HASHERS = list(django_settings.PASSWORD_HASHERS)
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Each of these runs on one xdist worker, as one unit, because a module- or package-scoped
# fixture builds a council they share: on two workers it would be built twice.
ONE_WORKER = (
    "tests/demo/council/",
    "tests/access/test_matrix.py",
    "tests/demo/test_determinism.py",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's ``loadscope`` scheduling with the units above and every other test on its own
    (as ``load``). Not ``--dist loadgroup``: with pytest 9.2 it ignores ``xdist_group``
    marks (xdist 3.8 renames ``item._nodeid``, which pytest no longer reads)."""
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((unit for unit in ONE_WORKER if nodeid.startswith(unit)), nodeid)

    return SharedFixtureScheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """MD5 instead of PBKDF2 for every test that does not ask for ``real_password_hashing``.

    Hashing a password at PBKDF2's strength takes a deliberate tenth of a second or so, and
    the fixtures hash one for every user they make: it was half the suite's time. Session
    scope, so the module- and session-scoped fixtures that make users are covered too."""
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture
def real_password_hashing() -> Iterator[None]:
    """The product's own hashers, for the tests of signing in (tests/security, and the
    browser's sign-in pages): what they check must hold with the hashing a council runs.
    Users made under it get real hashes; MD5 hashes made earlier no longer verify."""
    with override_settings(PASSWORD_HASHERS=REAL_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def no_cached_pages() -> None:
    """Each test starts with no cached fragments (``core.datacache``): the process's cache
    outlives a test's rolled-back database, whose data version may then repeat."""
    cache.clear()


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    """Skip under PostgreSQL, saying why in pytest's -rs summary.

    For the slow reliability and benchmark tests whose subject is the application, not the
    engine: ``.ci/run`` runs the suite on both, and the second run would prove nothing new.
    """
    return pytest.mark.skipif(
        connection.vendor != "sqlite", reason=f"runs on SQLite only: {reason}"
    )


def page_queries(client: Client, url: str, *, cached: bool = False) -> int:
    """The queries ``url`` runs, with its cached fragments made first (``cached``) or not."""
    if cached:
        assert client.get(url).status_code == 200, url
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def client() -> SignedInClient:
    """pytest-django's client, whose sign-in includes the second factor (tests/signin.py)."""
    return SignedInClient()


@pytest.fixture
def admin_client(admin_user: User) -> SignedInClient:
    """pytest-django's superuser client, signed in with the second factor too."""
    client = SignedInClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def council(db: Any) -> Council:
    return Council.objects.create(name="Test Borough Council")


@pytest.fixture
def directorate(council: Council) -> OrgUnit:
    return OrgUnit.objects.create(council=council, kind="directorate", name="Place", code="place")


@pytest.fixture
def service_unit(council: Council, directorate: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(
        council=council,
        kind="service",
        name="Waste and Recycling",
        code="waste",
        parent=directorate,
    )


@pytest.fixture
def periods(db: Any) -> None:
    services.periods_ensure(
        kinds=[PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR],
        first_year=2022,
        last_year=2025,
    )


@pytest.fixture
def performance_user(council: Council) -> User:
    user = User.objects.create_user("performance", password="pw-for-tests-1", is_staff=True)
    Person.objects.create(user=user, council=council, role=Person.Role.PERFORMANCE)
    return user


@pytest.fixture
def make_indicator(council: Council, service_unit: OrgUnit) -> Callable[..., Indicator]:
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> Indicator:
        defaults: dict[str, Any] = {
            "code": f"LPI {next(counter)}",
            "title": "Average days to process new benefit claims",
            "polarity": "lower",
            "unit": "days",
            "decimals": 1,
            "frequency": "quarter",
            "aggregation": "mean",
            "service": service_unit,
            "first_year": 2022,
            "is_key": True,
        }
        defaults.update(fields)
        return services.indicator_create(actor=None, council=council, **defaults)

    return make


def period(code: str) -> Period:
    return Period.objects.get(code=code)


def dec(value: str | int) -> Decimal:
    return Decimal(str(value))


def approve(indicator: Indicator, code: str, value: str, **fields: Any) -> Actual:
    """An approved actual for the period with this code: a figure the scorecard shows."""
    return services.actual_record(
        state="approved",
        actor=None,
        indicator=indicator,
        period=period(code),
        value=dec(value),
        **fields,
    )
