"""Golden Thread settings: one module, read from environment variables.

SQLite in ``GOLDENTHREAD_DATA_DIR`` by default; PostgreSQL (or anything dj-database-url
understands) through ``DATABASE_URL``. Secrets never live in the repository: with DEBUG off a
SECRET_KEY must be given, and the demo command generates one into the data directory.
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest, static files come from the finders (no collectstatic) and the test client
# speaks plain HTTP; everything else is as in production.
TESTING = "pytest" in sys.modules
DATA_DIR = Path(os.environ.get("GOLDENTHREAD_DATA_DIR", PROJECT_DIR / "data")).resolve()


def _secret_key() -> str:
    """The SECRET_KEY environment variable, else a random key kept in the data directory.

    Generating the key on first start (never committing one) keeps a fresh install secure
    without a set-up step; ``O_EXCL`` makes two workers starting at once agree on one key.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "goldenthread.core",
    "goldenthread.organisation",
    "goldenthread.indicators",
    "goldenthread.returns",
    "goldenthread.imports",
    "goldenthread.demo",
    "goldenthread.plans",
    "goldenthread.benchmarking",
    "goldenthread.improvement",
    "goldenthread.scorecard",
    "goldenthread.mywork",
    "goldenthread.dashboards",
    "goldenthread.reports",
    "goldenthread.api",
    "goldenthread.security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "goldenthread.queries",
    "goldenthread.public",
    "goldenthread.bench",
    "goldenthread.onboarding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside CSRF and common: their refusals of an API request are made JSON too.
    "goldenthread.api.middleware.JsonErrorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "goldenthread.core.middleware.GovukAssetsMiddleware",
    # Before the session, so a view that meets a locked database answers 503, not 500.
    "goldenthread.core.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "goldenthread.onboarding.middleware.FirstRunMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "goldenthread.security.middleware.SessionIdleMiddleware",
    "goldenthread.security.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "goldenthread.urls"
WSGI_APPLICATION = "goldenthread.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "goldenthread.organisation.context_processors.service",
                "goldenthread.returns.context_processors.returns_nav",
                "goldenthread.mywork.context_processors.work_nav",
                "csp.context_processors.nonce",
                "goldenthread.queries.context_processors.queries_nav",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'goldenthread.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets councillors read the scorecard while an owner is saving a return.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a request waits for SQLite's one write lock before "database is locked"
        # (answered 503 with Retry-After by core.middleware). Imports hold it for well under
        # a second at a time (docs/adr/0020) and other writes for milliseconds, so 2 s is
        # ample for real contention; longer would only keep a person staring at a spinner
        # (it was 20 s, and a long import turned every save into a 20 s wait and a 500).
        "timeout": 2,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The most rows one import may have on SQLite, whose one write lock the import holds while it
# writes (about a second at this size on two cores; docs/adr/0020).
IMPORT_SQLITE_MAX_ROWS = int(os.environ.get("IMPORT_SQLITE_MAX_ROWS", "20000"))
# Each worker keeps its connection between requests: opening one (and, for SQLite, running the
# PRAGMAs above) was a tenth of a cached page's time under load (docs/adr/0019).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Fragments of the scorecard and indicator pages (goldenthread.core.datacache, ADR 0019). Each
# worker keeps its own: the version they are keyed on lives in the database, so workers never
# disagree about what is current. Keys change with the data; the timeout only frees memory.
# Several servers may share one cache instead (Django's Redis or Memcached backend; the ADR).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "goldenthread.organisation.backends.PersonBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# Home sends each role where it may go (partners have no scorecard: their returns).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
_static_root = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Tests serve from the finders; with nothing collected there is no root to point at.
STATIC_ROOT: Path | None = None if TESTING and not _static_root.is_dir() else _static_root
NODE_MODULES = Path(os.environ.get("GOLDENTHREAD_NODE_MODULES", PROJECT_DIR / "node_modules"))
# GOV.UK Frontend: in an installed wheel, the copy its build step put in the package's static
# folder (setup.py); in a checkout, straight from the npm package.
_PACKAGED_GOVUK = PACKAGE_DIR / "static" / "govuk"
if (_PACKAGED_GOVUK / "govuk-frontend.min.css").is_file():
    GOVUK_FRONTEND_DIST = _PACKAGED_GOVUK
    STATICFILES_DIRS: list[Path | tuple[str, Path]] = [PACKAGE_DIR / "static"]
else:
    GOVUK_FRONTEND_DIST = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
    STATICFILES_DIRS = [PACKAGE_DIR / "static", ("govuk", GOVUK_FRONTEND_DIST)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("GOLDENTHREAD_PLAIN_STATIC", TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development and tests, serve straight from the finders so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG or env_bool("GOLDENTHREAD_PLAIN_STATIC", TESTING)
WHITENOISE_AUTOREFRESH = DEBUG

# Security: sensible production defaults; HTTPS settings are on unless the deployment says it
# terminates TLS elsewhere and serves plain HTTP on loopback (the demo).
SECURE_HTTPS = env_bool("GOLDENTHREAD_HTTPS", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("GOLDENTHREAD_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers and uptime probes ask over plain HTTP on loopback and count a redirect as down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
# An idle timeout: a session unused this long ends. Activity renews it, written at most every
# few minutes so reading pages stays read-only (goldenthread.security.middleware, ADR 0013).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("GOLDENTHREAD_SESSION_IDLE_MINUTES", "60"))
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for each council's domain owner, not the application: see
    # docs/adr/0004-deployment-checks.md.
    "security.W021",
]

# Content Security Policy (django-csp): no inline script or style; the two scripts in base.html
# carry the request's nonce. See docs/adr/0013-security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features nobody here needs, refused outright (goldenthread.security.middleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# django-axes: lock out one username from one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("GOLDENTHREAD_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("GOLDENTHREAD_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "goldenthread.security.lockout.locked_out_response"
AXES_VERBOSE = False  # the lockout is logged once by goldenthread.security (and audited)
# Behind a proxy every client arrives from the proxy's address, so one person's wrong
# passwords would lock everyone out: believe X-Forwarded-For, but only from these addresses.
GOLDENTHREAD_TRUSTED_PROXIES = env_list("GOLDENTHREAD_TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "goldenthread.security.lockout.client_ip"

# Two-factor authentication (django-otp, TOTP): required for the performance team,
# administrators and staff; anyone else may opt in.
OTP_TOTP_ISSUER = os.environ.get("GOLDENTHREAD_TOTP_ISSUER", "") or os.environ.get(
    "GOLDENTHREAD_SERVICE_NAME", "Golden Thread"
)

# Single sign-on by OpenID Connect (mozilla-django-oidc): off unless a client is configured.
# With OIDC_ENTRA_TENANT_ID the Microsoft Entra ID endpoints are filled in.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
_entra = os.environ.get("OIDC_ENTRA_TENANT_ID", "")
_entra_base = f"https://login.microsoftonline.com/{_entra}"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_entra_base}/oauth2/v2.0/authorize" if _entra else ""
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get(
    "OIDC_OP_TOKEN_ENDPOINT", f"{_entra_base}/oauth2/v2.0/token" if _entra else ""
)
OIDC_OP_USER_ENDPOINT = os.environ.get(
    "OIDC_OP_USER_ENDPOINT", "https://graph.microsoft.com/oidc/userinfo" if _entra else ""
)
OIDC_OP_JWKS_ENDPOINT = os.environ.get(
    "OIDC_OP_JWKS_ENDPOINT", f"{_entra_base}/discovery/v2.0/keys" if _entra else ""
)
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", f"{_entra_base}/v2.0" if _entra else "")
OIDC_ENABLED = all(
    (
        OIDC_RP_CLIENT_ID,
        OIDC_RP_CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    )
)
# People are matched to existing accounts by email; none is created unless this is on, and a
# created account has no role until an administrator gives it one.
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", False)
# Whether the identity provider's own multi-factor sign-in (an ``amr`` claim with "mfa")
# stands in for TOTP. Off: the performance team still enter a code (ADR 0013).
OIDC_TRUST_IDP_MFA = env_bool("OIDC_TRUST_IDP_MFA", False)
OIDC_TIMEOUT = 10
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("goldenthread.security.oidc.CouncilOIDCBackend")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Links in reminder emails start with this.
GOLDENTHREAD_BASE_URL = os.environ.get("GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "performance@example.gov.uk")

# While the database is empty every page leads to /setup/ (goldenthread.onboarding). Off under
# pytest, where most tests build only the rows they need; tests/onboarding turns it on.
GOLDENTHREAD_FIRST_RUN_REDIRECT = env_bool("GOLDENTHREAD_FIRST_RUN_REDIRECT", not TESTING)

GOLDENTHREAD_SERVICE_NAME = os.environ.get("GOLDENTHREAD_SERVICE_NAME", "Golden Thread")
# The "today" that statuses are judged against; fixing it makes tests and demos repeatable.
GOLDENTHREAD_TODAY = os.environ.get("GOLDENTHREAD_TODAY", "")

# Uploaded import files are checked against these before they are parsed (ADR 0006): an XLSX
# is a zip, and a small one can unpack to gigabytes of XML that would hold a worker for minutes.
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("GOLDENTHREAD_IMPORT_MAX_UPLOAD_MB", "20"))
IMPORT_MAX_UNZIPPED_MB = int(os.environ.get("GOLDENTHREAD_IMPORT_MAX_UNZIPPED_MB", "100"))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("GOLDENTHREAD_IMPORT_MAX_RATIO", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("GOLDENTHREAD_IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("GOLDENTHREAD_IMPORT_MAX_COLUMNS", "200"))

# REST API rate limits (django-ninja throttling, ADR 0016): per token, and per address for
# requests without a valid token. "N/s", "N/m", "N/h" or "N/d".
# The tests (schemathesis sends thousands of requests with one token) raise them.
API_RATE_PER_TOKEN = os.environ.get(
    "GOLDENTHREAD_API_RATE_PER_TOKEN", "100000/m" if TESTING else "120/m"
)
API_RATE_PER_ADDRESS = os.environ.get(
    "GOLDENTHREAD_API_RATE_PER_ADDRESS", "100000/m" if TESTING else "30/m"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
