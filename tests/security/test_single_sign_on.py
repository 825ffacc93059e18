"""Single sign-on against a fake OpenID Connect provider.

The provider is an RSA key made in the test, its JWKS, and a token and userinfo endpoint
answered by replacing the ``requests`` calls mozilla-django-oidc makes; the real start and
callback views run, so state, nonce, PKCE, signature, audience and issuer are all checked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from goldenthread.security.twofactor import IDP_MFA_SESSION_KEY
from tests.signin import authenticator_app

pytestmark = pytest.mark.django_db

IDP = "https://login.example-idp.test/tenant-1/v2.0"
CLIENT_ID = "golden-thread-client"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeResponse:
    payload: dict[str, Any]
    status_code: int = 200
    url: str = ""
    text: str = ""
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})

    def json(self) -> dict[str, Any]:
        return self.payload

    def raise_for_status(self) -> None:
        assert self.status_code == 200


@dataclass
class FakeProvider:
    """What the identity provider will say: who signed in, and how the token is made."""

    email: str = "olu.owner@example.gov.uk"
    signing_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    published_key: rsa.RSAPrivateKey | None = None  # the key in the JWKS; the signing key if None
    audience: str = CLIENT_ID
    issuer: str = IDP
    amr: list[str] = field(default_factory=lambda: ["pwd"])
    nonce_override: str | None = None
    nonce: str = ""
    token_requests: list[dict[str, Any]] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        public = (self.published_key or self.signing_key).public_key()
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        return {"keys": [{**jwk, "kid": "key-1", "alg": "RS256", "use": "sig"}]}

    def id_token(self) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": "subject-1",
            "email": self.email,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce if self.nonce_override is None else self.nonce_override,
            "amr": self.amr,
        }
        return jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": "key-1"})

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> FakeResponse:
        assert url == f"{IDP}/token"
        self.token_requests.append(data)
        return FakeResponse({"id_token": self.id_token(), "access_token": "access-1"})

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        if url == f"{IDP}/keys":
            return FakeResponse(self.jwks())
        assert url == f"{IDP}/userinfo"
        assert kwargs["headers"]["Authorization"] == "Bearer access-1"
        return FakeResponse({"sub": "subject-1", "email": self.email})


@pytest.fixture
def sso(settings: Any) -> None:
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{IDP}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{IDP}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{IDP}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{IDP}/keys"
    settings.OIDC_OP_ISSUER = IDP
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "goldenthread.security.oidc.CouncilOIDCBackend",
    ]


@pytest.fixture
def provider(sso: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    fake = FakeProvider()
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", fake.post)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", fake.get)
    yield fake


def start(client: Client, provider: FakeProvider, next_url: str = "/scorecard/") -> str:
    """Follow the sign-on button to the provider; return the state it must send back."""
    response = client.get(f"/sso/start/?next={next_url}")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{IDP}/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    provider.nonce = query["nonce"][0]
    return query["state"][0]


def callback(client: Client, state: str) -> Any:
    return client.get(f"/sso/callback/?code=code-1&state={state}")


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return None if value is None else int(value)


def test_the_button_shows_only_when_single_sign_on_is_configured(
    client: Client, settings: Any
) -> None:
    assert "Sign in with your council account" not in client.get("/login/").content.decode()
    assert client.get("/sso/start/").status_code == 404
    settings.OIDC_ENABLED = True
    assert "Sign in with your council account" in client.get("/login/").content.decode()


def test_a_person_is_matched_by_email_and_signed_in(
    client: Client, provider: FakeProvider, owner: User
) -> None:
    provider.email = "Olu.Owner@Example.gov.uk"  # case does not matter
    response = callback(client, start(client, provider))
    assert response.status_code == 302 and response["Location"] == "/scorecard/"
    assert signed_in_as(client) == owner.pk
    assert provider.token_requests[0]["code_verifier"]  # PKCE
    assert client.get("/scorecard/").status_code == 200


def test_nobody_is_created_for_an_unknown_email(
    client: Client, provider: FakeProvider, owner: User
) -> None:
    provider.email = "stranger@example.gov.uk"
    response = callback(client, start(client, provider))
    assert response["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="stranger@example.gov.uk").exists()
    page = client.get("/login/?sso=failed").content.decode()
    assert "Signing in with your council account did not work" in page


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p: setattr(p, "published_key", new_key()), id="bad-signature"),
        pytest.param(lambda p: setattr(p, "nonce_override", "another-nonce"), id="bad-nonce"),
        pytest.param(lambda p: setattr(p, "audience", "another-client"), id="wrong-audience"),
        pytest.param(lambda p: setattr(p, "issuer", "https://evil.test/"), id="wrong-issuer"),
    ],
)
def test_a_token_that_does_not_check_out_is_refused(
    client: Client, provider: FakeProvider, owner: User, tamper: Any
) -> None:
    state = start(client, provider)
    tamper(provider)
    response = callback(client, state)
    assert response.status_code == 302 and response["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None


def test_an_unknown_state_is_refused(client: Client, provider: FakeProvider, owner: User) -> None:
    start(client, provider)
    response = callback(client, "a-state-this-session-never-sent")
    assert response["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None
    assert provider.token_requests == []  # refused before the code was ever exchanged


def test_a_state_is_used_once(client: Client, provider: FakeProvider, owner: User) -> None:
    state = start(client, provider)
    assert signed_in_as(Client()) is None
    callback(client, state)
    client.post("/logout/")
    assert callback(client, state)["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None


def test_the_performance_team_still_enter_a_code_after_single_sign_on(
    client: Client, provider: FakeProvider, performance_user: User
) -> None:
    performance_user.email = provider.email
    performance_user.save()
    authenticator_app(performance_user)
    provider.amr = ["pwd", "mfa"]  # not trusted unless the council says so
    callback(client, start(client, provider))
    assert signed_in_as(client) == performance_user.pk
    assert client.get("/scorecard/")["Location"].startswith("/two-factor/")


def test_the_providers_mfa_can_be_trusted_when_configured(
    client: Client, provider: FakeProvider, performance_user: User, settings: Any
) -> None:
    settings.OIDC_TRUST_IDP_MFA = True
    performance_user.email = provider.email
    performance_user.save()
    provider.amr = ["pwd"]
    callback(client, start(client, provider))
    assert client.get("/scorecard/")["Location"].startswith("/two-factor/")
    client.post("/logout/")
    provider.amr = ["pwd", "mfa"]
    callback(client, start(client, provider))
    assert client.session[IDP_MFA_SESSION_KEY] == performance_user.pk
    assert client.get("/scorecard/").status_code == 200
