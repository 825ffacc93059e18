"""Production settings, with single sign-on configured, pass ``check --deploy`` cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TENANT = "11111111-2222-3333-4444-555555555555"
PRODUCTION = {
    "DEBUG": "0",
    "GOLDENTHREAD_HTTPS": "1",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "performance.example.gov.uk",
    "OIDC_RP_CLIENT_ID": "client-id",
    "OIDC_RP_CLIENT_SECRET": "client-secret",
    "OIDC_ENTRA_TENANT_ID": TENANT,
}


def goldenthread(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PRODUCTION, "GOLDENTHREAD_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests
    return subprocess.run(
        [sys.executable, "-m", "goldenthread.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_https_and_single_sign_on(tmp_path: Path) -> None:
    result = goldenthread(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)" in result.stdout


def test_an_entra_tenant_fills_in_the_endpoints_and_https_settings_are_on(tmp_path: Path) -> None:
    names = [
        "OIDC_ENABLED",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
        "OIDC_OP_ISSUER",
        "AUTHENTICATION_BACKENDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = goldenthread(tmp_path, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    base = f"https://login.microsoftonline.com/{TENANT}"
    assert values["OIDC_ENABLED"] is True
    assert values["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{base}/oauth2/v2.0/authorize"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == f"{base}/oauth2/v2.0/token"
    assert values["OIDC_OP_JWKS_ENDPOINT"] == f"{base}/discovery/v2.0/keys"
    assert values["OIDC_OP_ISSUER"] == f"{base}/v2.0"
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["AUTHENTICATION_BACKENDS"][-1] == "goldenthread.security.oidc.CouncilOIDCBackend"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 31536000 and values["SECURE_SSL_REDIRECT"]
