"""Golden Thread settings: one module, read from environment variables.

SQLite in ``GOLDENTHREAD_DATA_DIR`` by default; PostgreSQL (or anything dj-database-url
understands) through ``DATABASE_URL``. Secrets never live in the repository: with DEBUG off a
SECRET_KEY must be given, and the demo command generates one into the data directory.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url

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
    "goldenthread.reports",
    "goldenthread.queries",
    "goldenthread.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "goldenthread.core.middleware.GovukAssetsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "goldenthread.core.context_processors.service",
                "goldenthread.returns.context_processors.returns_nav",
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
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["goldenthread.organisation.backends.PersonBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "scorecard"
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
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for each council's domain owner, not the application: see
    # docs/adr/0004-deployment-checks.md.
    "security.W021",
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Links in reminder emails start with this.
GOLDENTHREAD_BASE_URL = os.environ.get("GOLDENTHREAD_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "performance@example.gov.uk")

GOLDENTHREAD_SERVICE_NAME = os.environ.get("GOLDENTHREAD_SERVICE_NAME", "Golden Thread")
# The "today" that statuses are judged against; fixing it makes tests and demos repeatable.
GOLDENTHREAD_TODAY = os.environ.get("GOLDENTHREAD_TODAY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
