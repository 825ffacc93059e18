"""Setting up an installation: the council, its reporting periods and its first administrator.

``goldenthread setup`` and the ``/setup/`` page both come through ``installation_set_up``,
which checks every answer before writing anything and writes everything in one transaction,
audited. Running it again for the same council changes nothing it already made.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from goldenthread.core import clock
from goldenthread.core.audit import Actor, create_audited
from goldenthread.indicators.services import YEARS_AHEAD, periods_extend
from goldenthread.onboarding import authorities
from goldenthread.organisation.models import Council, Person
from goldenthread.periods import financial_year_label, financial_year_of

# Golden Thread's periods follow the UK public sector's financial year (1 April); the
# question is asked so that a body on another year is told so plainly, not set up wrongly.
FINANCIAL_YEAR_FIRST_MONTH = 4
EARLIEST_FIRST_YEAR = 2000


@dataclass(frozen=True)
class Answers:
    """The first-run questions. ``admin_password`` None means: print a set-password link."""

    gss_code: str
    first_year: int
    name: str = ""
    first_month: int = FINANCIAL_YEAR_FIRST_MONTH
    tolerance: Decimal = Decimal("5")
    admin_username: str = "admin"
    admin_email: str = ""
    admin_password: str | None = None


@dataclass(frozen=True)
class Outcome:
    council: Council
    council_created: bool
    periods_created: int
    administrator: User
    administrator_created: bool

    @property
    def changed(self) -> bool:
        return self.council_created or self.administrator_created or self.periods_created > 0


def latest_first_year() -> int:
    return financial_year_of(clock.today()) + 1


def answers_check(answers: Answers) -> authorities.KnownAuthority:
    """The authority the answers name, or ValidationError with a message per question."""
    errors: dict[str, str] = {}
    authority = authorities.find(answers.gss_code)
    if authority is None:
        near = authorities.nearest(gss_code=answers.gss_code, name=answers.name)
        hint = f" Did you mean {authorities.describe(near)}?" if near else ""
        errors["gss_code"] = (
            f"There is no UK local authority with the ONS code “{answers.gss_code.strip()}”." + hint
        )
    latest = latest_first_year()
    if not EARLIEST_FIRST_YEAR <= answers.first_year <= latest:
        errors["first_year"] = (
            f"The first financial year must be between {EARLIEST_FIRST_YEAR} and {latest} "
            f"(written as its first year: {latest - 1} for {financial_year_label(latest - 1)})."
        )
    if answers.first_month != FINANCIAL_YEAR_FIRST_MONTH:
        errors["first_month"] = (
            "The financial year must start in April (month 4): Golden Thread's periods follow "
            "the UK public sector's financial year, and other years are not supported yet."
            if 1 <= answers.first_month <= 12
            else "The financial year's first month is a number from 1 to 12 (April is 4)."
        )
    if answers.tolerance < 0:
        errors["tolerance"] = "The default tolerance cannot be negative."
    if not answers.admin_username.strip():
        errors["admin_username"] = "Enter a username for the first administrator."
    if answers.admin_password is not None:
        try:
            validate_password(answers.admin_password, User(username=answers.admin_username))
        except ValidationError as error:
            errors["admin_password"] = " ".join(error.messages)
    current = Council.objects.current()
    if current is not None and authority is not None and current.gss_code != authority.gss_code:
        errors["gss_code"] = (
            f"This installation already serves {current.name} ({current.gss_code or 'no code'}):"
            " one council per installation."
        )
    if errors:
        raise ValidationError(errors)
    assert authority is not None
    return authority


@transaction.atomic
def installation_set_up(*, actor: Actor, answers: Answers) -> Outcome:
    """Create the council, its periods from the first year to two years ahead, and its first
    administrator; whatever already exists is left as it is."""
    authority = answers_check(answers)
    council = Council.objects.current()
    council_created = council is None
    if council is None:
        council = create_audited(
            actor,
            Council(
                name=answers.name.strip() or authority.name,
                gss_code=authority.gss_code,
                authority_type=authority.kind,
                region=authority.region or authority.nation,
                default_tolerance_amount=answers.tolerance,
            ),
            reason="goldenthread setup",
        )
    periods_created = periods_extend(first_year=answers.first_year)
    administrator, administrator_created = administrator_ensure(
        actor=actor, council=council, answers=answers
    )
    return Outcome(council, council_created, periods_created, administrator, administrator_created)


def administrator_ensure(*, actor: Actor, council: Council, answers: Answers) -> tuple[User, bool]:
    """The first administrator: a superuser with the administrator's role. An existing
    account of that username is left untouched."""
    existing = User.objects.filter(username=answers.admin_username.strip()).first()
    if existing is not None:
        return existing, False
    user = User(
        username=answers.admin_username.strip(),
        email=answers.admin_email.strip(),
        is_staff=True,
        is_superuser=True,
    )
    if answers.admin_password is None:
        user.set_unusable_password()  # until they follow the set-password link
    else:
        user.set_password(answers.admin_password)
    user.full_clean()
    user.save()
    create_audited(
        actor,
        Person(user=user, council=council, role=Person.Role.ADMIN, job_title="Administrator"),
        reason="goldenthread setup: the first administrator",
    )
    return user, True


def set_password_link(user: User) -> str:
    """A one-time link to choose a password (Django's password-reset token: it stops working
    once the password is set, and after ``PASSWORD_RESET_TIMEOUT``)."""
    path = reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.GOLDENTHREAD_BASE_URL.rstrip("/") + path


def years_created_text(first_year: int) -> str:
    last = financial_year_of(clock.today()) + YEARS_AHEAD
    return f"{financial_year_label(first_year)} to {financial_year_label(last)}"
