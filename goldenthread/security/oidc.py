"""Single sign-on with the council's identity provider (OpenID Connect, mozilla-django-oidc).

Off unless configured (``settings.OIDC_ENABLED``); Microsoft Entra ID needs only its tenant id.
People are matched to their existing account by email address. The ID token must be signed
by a key from the provider's JWKS (RS256), carry the nonce this session sent, be meant for
this client (``aud``) and, when the issuer is known, come from it (``iss``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from goldenthread.organisation.backends import PersonBackend
from goldenthread.security.twofactor import IDP_MFA_SESSION_KEY

logger = logging.getLogger("goldenthread.security")


class CouncilOIDCBackend(OIDCAuthenticationBackend):
    """Matches the provider's email claim to one active account; never guesses between two."""

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is for another client")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token is from another issuer")
        self.idp_mfa = "mfa" in (payload.get("amr") or [])
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(super().verify_claims(claims) and claims.get("email"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = str(claims.get("email", "")).strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            user.idp_mfa = getattr(self, "idp_mfa", False)  # type: ignore[attr-defined]
        return user

    def get_user(self, user_id: int) -> User | None:
        # Read the Person with the user, as password sign-in does (one query per request).
        return PersonBackend().get_user(user_id)


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not configured")


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (a GET link, so ``form-action`` allows it)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        response: HttpResponse = super().get(request)
        return response


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer; anything that does not check out goes back to the sign-in page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as error:
            logger.warning("Single sign-on refused: %s", error)
            response = self.login_failure()
        return response

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        if settings.OIDC_TRUST_IDP_MFA and getattr(self.user, "idp_mfa", False):
            self.request.session[IDP_MFA_SESSION_KEY] = self.user.pk
        return response
