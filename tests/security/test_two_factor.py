"""Two-factor sign-in: the code step, set-up, and who is made to use it."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.core.models import AuditEntry
from goldenthread.organisation.models import Council, Person
from goldenthread.security.twofactor import current_code
from tests.security.conftest import PASSWORD
from tests.signin import SignedInClient, authenticator_app, code_now

pytestmark = pytest.mark.django_db


def sign_in_with_password(client: Client, username: str, next_url: str = "") -> str:
    response = client.post(
        "/login/", {"username": username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    return str(response["Location"])


def test_a_team_member_with_an_app_is_asked_for_a_code_and_then_let_in(
    client: Client, performance_user: User
) -> None:
    device = authenticator_app(performance_user)
    assert sign_in_with_password(client, "performance", "/returns/overdue/") == "/returns/overdue/"
    # Every page but the two-factor ones sends them to the code page, keeping where they were.
    response = client.get("/returns/overdue/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/?next=%2Freturns%2Foverdue%2F"
    page = client.get(response["Location"])
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert 'aria-label="Menu"' not in page.content.decode()  # no way on until the code is in
    done = client.post("/two-factor/", {"code": code_now(device), "next": "/returns/overdue/"})
    assert done.status_code == 302 and done["Location"] == "/returns/overdue/"
    assert client.get("/returns/overdue/").status_code == 200
    assert 'aria-label="Menu"' in client.get("/two-factor/set-up/").content.decode()


def test_a_wrong_code_is_refused_with_a_gov_uk_error(
    client: Client, performance_user: User
) -> None:
    device = authenticator_app(performance_user)
    sign_in_with_password(client, "performance")
    right = code_now(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/two-factor/", {"code": wrong})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "The code is not correct" in page
    assert client.get("/scorecard/").status_code == 302  # still not through
    letters = client.post("/two-factor/", {"code": "abcdef"})
    assert "Enter the code as 6 digits" in letters.content.decode()


def test_repeated_wrong_codes_make_the_person_wait(client: Client, performance_user: User) -> None:
    device = authenticator_app(performance_user)
    sign_in_with_password(client, "performance")
    right = code_now(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    client.post("/two-factor/", {"code": wrong})
    response = client.post("/two-factor/", {"code": right})  # right, but too soon after
    assert response.status_code == 400
    assert re.search(r"Wait \d+ seconds, then enter the code", response.content.decode())


def test_a_code_is_accepted_once(client: Client, performance_user: User) -> None:
    device = authenticator_app(performance_user)
    sign_in_with_password(client, "performance")
    code = code_now(device)
    assert client.post("/two-factor/", {"code": code}).status_code == 302
    other = Client()
    sign_in_with_password(other, "performance")
    assert other.post("/two-factor/", {"code": code}).status_code == 400


def test_a_team_member_without_an_app_sets_one_up_and_continues(
    client: Client, performance_user: User
) -> None:
    sign_in_with_password(client, "performance", "/returns/overdue/")
    verify = client.get("/two-factor/?next=/returns/overdue/")
    assert verify.status_code == 302 and verify["Location"].startswith("/two-factor/set-up/")
    page = client.get(verify["Location"])
    html = page.content.decode()
    assert "Set up two-factor authentication" in html
    assert '<svg class="gt-qr-code"' in html and "<path" in html
    match = re.search(r"otpauth://totp/[^<\"]+", html)
    assert match is not None and "secret=" in match.group(0)
    device = TOTPDevice.objects.get(user=performance_user, confirmed=False)
    secret_shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret_shown is not None
    # Reloading shows the same key, so an app already scanned stays right.
    assert secret_shown.group(1) in client.get(verify["Location"]).content.decode()
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    wrong = client.post("/two-factor/set-up/", {"code": wrong_code})
    assert wrong.status_code == 400 and "The code is not correct" in wrong.content.decode()
    time.sleep(1.1)  # a wrong code makes the next try wait a second
    done = client.post(
        "/two-factor/set-up/", {"code": current_code(device), "next": "/returns/overdue/"}
    )
    assert done.status_code == 302 and done["Location"] == "/returns/overdue/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/returns/overdue/").status_code == 200
    entry = AuditEntry.objects.get(model="otp_totp.totpdevice", object_id=str(device.pk))
    assert entry.actor == performance_user and entry.reason == "Two-factor authentication set up"


def test_the_secret_on_the_page_gives_the_codes_the_server_expects(
    client: SignedInClient, performance_user: User
) -> None:
    import base64

    from django_otp.oath import totp

    client.force_login(performance_user, verified=False)
    html = client.get("/two-factor/set-up/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret is not None
    key = base64.b32decode(
        secret.group(1).replace(" ", "") + "=" * (-len(secret.group(1).replace(" ", "")) % 8)
    )
    code = f"{totp(key, t0=0, step=30, digits=6, drift=0):06d}"  # what the phone would show
    assert client.post("/two-factor/set-up/", {"code": code}).status_code == 302


def test_administrators_and_superusers_are_also_made_to_verify(
    client: Client, council: Council
) -> None:
    admin_user = User.objects.create_user("admin", password=PASSWORD)
    Person.objects.create(user=admin_user, council=council, role=Person.Role.ADMIN)
    root = User.objects.create_superuser("root", password=PASSWORD)
    for user in (admin_user, root):
        signed_in = Client()
        signed_in.force_login(user)
        assert signed_in.get("/scorecard/")["Location"].startswith("/two-factor/")


def test_other_roles_are_not_forced(client: Client, owner: User) -> None:
    sign_in_with_password(client, "owner")
    assert client.get("/scorecard/").status_code == 200
    assert not TOTPDevice.objects.filter(user=owner).exists()


def test_other_roles_may_opt_in_and_are_then_asked_for_the_code(
    client: Client, owner: User
) -> None:
    sign_in_with_password(client, "owner")
    page = client.get("/two-factor/set-up/").content.decode()
    assert "You can protect your account" in page
    device = TOTPDevice.objects.get(user=owner)
    assert client.post("/two-factor/set-up/", {"code": current_code(device)}).status_code == 302
    client.post("/logout/")
    sign_in_with_password(client, "owner")
    assert client.get("/scorecard/")["Location"].startswith("/two-factor/")
    assert client.post("/two-factor/", {"code": code_now(device)}).status_code == 302
    assert client.get("/scorecard/").status_code == 200


def test_the_admin_site_is_only_for_verified_staff(client: Client, performance_user: User) -> None:
    unverified = Client()
    unverified.force_login(performance_user)
    assert unverified.get("/admin/")["Location"].startswith("/two-factor/")
    client.force_login(performance_user)  # the suite's client does the second step
    assert client.get("/admin/").status_code == 200


def test_signing_out_and_static_files_need_no_code(client: Client, performance_user: User) -> None:
    unverified = Client()
    unverified.force_login(performance_user)
    assert unverified.get("/static/goldenthread/goldenthread.css").status_code == 200
    assert unverified.post("/logout/").status_code == 302
    assert "_auth_user_id" not in unverified.session


def test_the_next_address_must_be_on_this_site(client: Client, performance_user: User) -> None:
    device = authenticator_app(performance_user)
    sign_in_with_password(client, "performance")
    done = client.post("/two-factor/", {"code": code_now(device), "next": "https://evil.example/"})
    assert done["Location"] == "/"  # LOGIN_REDIRECT_URL: home, which sends each role to its page


def test_the_totp_command_prints_the_current_code(performance_user: User) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    device = authenticator_app(performance_user)
    out = StringIO()
    before = current_code(device, time.time())
    call_command("totp", "performance", stdout=out)
    assert out.getvalue().strip() in {before, current_code(device, time.time())}
    User.objects.create_user("nobody")
    with pytest.raises(CommandError, match="has not set up"):
        call_command("totp", "nobody")
    with pytest.raises(CommandError, match="No login"):
        call_command("totp", "ghost")
