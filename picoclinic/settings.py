"""Django settings for picoclinic, read from the environment (see README "Configuration").

Two modes: ``PICOCLINIC_MODE=local`` (the default: embedded SQLite under ``var/``, a generated
secret kept in ``var/``, e-mail to files under ``var/mail``) and ``production`` (refuses to
start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``; HTTPS-only cookies and HSTS).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from picoclinic.env import (
    ConfigError,
    Mode,
    env_bool,
    env_int,
    env_list,
    env_mode,
    env_required,
    env_sms_sender,
    env_str,
    hosts_without_wildcard,
    secret_key_is_strong,
    sqlite_files_private,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PICOCLINIC_VAR_DIR", str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

MODE = env_mode()
PRODUCTION = MODE == Mode.PRODUCTION
# Behind a TLS proxy the client's address is the last one the proxy put in X-Forwarded-For.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if PRODUCTION and not secret_key_is_strong(key):
            raise ConfigError(
                "SECRET_KEY must be at least 50 random characters in production "
                "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
            )
        return key
    if PRODUCTION:
        raise ConfigError("SECRET_KEY must be set in production mode")
    # Local mode keeps its own secret so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Written aside (owner-only from the start), then linked into place: two processes
        # starting at once both end up with the first one's key, never an empty file.
        aside = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(64))
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()

DEBUG = env_bool("DEBUG", default=False)
if DEBUG and PRODUCTION:
    raise ConfigError("DEBUG cannot be on in production mode")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must be set in production mode")
if PRODUCTION:
    hosts_without_wildcard(ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its vendored Swagger UI for /api/v1/docs (no CDN)
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "picoclinic.audit",
    "picoclinic.clinics",
    "picoclinic.accounts",
    "picoclinic.patients",
    "picoclinic.invitations",
    "picoclinic.portal",
    "picoclinic.consultations",
    "picoclinic.plans",
    "picoclinic.consent",
    "picoclinic.scheduling",
    "picoclinic.treatments",
    "picoclinic.aftercare",
    "picoclinic.outcomes",
    "picoclinic.billing",
    "picoclinic.previsit",
    "picoclinic.assessment",
    "picoclinic.api",
    "picoclinic.home",
]

MIDDLEWARE = [
    # First: the health probe answers whatever the Host header and scheme (web/health.py).
    "picoclinic.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "picoclinic.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "picoclinic.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "picoclinic.accounts.middleware.ClinicContextMiddleware",
    # After the clinic context: a tablet handed to a patient answers only its one task.
    "picoclinic.accounts.handover.HandoverMiddleware",
    # Every page of a patient's data leaves an audit entry (audit/opened.py).
    "picoclinic.audit.opened.OpenedAuditMiddleware",
    # Axes last: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "picoclinic.urls"
WSGI_APPLICATION = "picoclinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "picoclinic" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "picoclinic.accounts.context_processors.clinic_context",
                "picoclinic.portal.context_processors.side_effect_alerts",
                "picoclinic.home.context_processors.inbox_waiting",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'picoclinic.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock up front (BEGIN IMMEDIATE) and wait for it instead of failing with
    # "database is locked"; WAL lets readers run beside the one writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not the shared in-memory database: threaded and browser tests need real connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-picoclinic.sqlite3")}
    # The records are readable by this account only, like the photos and the secret (SQLite
    # gives its -wal and -shm files the database file's permissions).
    sqlite_files_private(DATABASES["default"]["NAME"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and security ------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "picoclinic.accounts.lockout.AddressLockoutBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after failed sign-ins, per account (django-axes) and, with a higher limit, per address
# (accounts.lockout, which says why the two limits differ).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
# Failures count against the login as sign-in matches it (any capitals, spaces around it).
AXES_USERNAME_CALLABLE = "picoclinic.accounts.lockout.login_username"
# The same client address everywhere (behind a TLS proxy, the one the proxy saw).
AXES_CLIENT_IP_CALLABLE = "picoclinic.web.http.client_ip"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Axes warns when it does not lock by address; the address limit is ours (accounts.lockout).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions end after a period of inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# The idle timeout slides with use: accounts.middleware.SessionRefreshMiddleware saves a
# signed-in session at most once a minute (not on every thumbnail and autosave).
SESSION_SAVE_EVERY_REQUEST = False
# However busy, a session ends this long after signing in.
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: our own scripts and styles only, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation and time -------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"  # stored in UTC; each clinic shows its own IANA zone (ClinicContextMiddleware)
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "picoclinic" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Local mode serves straight from the app folders, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
# Clinical photographs are served only through access-checked views, never from MEDIA_URL.
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 50, minimum=1) * 1_000_000

# --- E-mail and background tasks -----------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "picoclinic.web.mail.LocalFileEmailBackend",  # files under var/mail, not the console
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "picoclinic <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: "console" (local: appended to var/mail/sms.log), "twilio", or a dotted path to a class.
PICOCLINIC_SMS_SENDER = env_sms_sender()
if PICOCLINIC_SMS_SENDER.endswith(".TwilioSmsSender"):
    _TWILIO_WHY = "when PICOCLINIC_SMS_SENDER is twilio"
    TWILIO_ACCOUNT_SID = env_required("TWILIO_ACCOUNT_SID", _TWILIO_WHY)
    TWILIO_AUTH_TOKEN = env_required("TWILIO_AUTH_TOKEN", _TWILIO_WHY)
    # A sending number (+447700900123) or a Messaging Service (MG...).
    TWILIO_FROM = env_required("TWILIO_FROM", _TWILIO_WHY)
    TWILIO_API_URL = env_str("TWILIO_API_URL", "https://api.twilio.com").rstrip("/")
# Numbers typed the national way ("07700 900123") are sent as this country's (ISO code, e.g. GB).
SMS_DEFAULT_REGION = env_str("SMS_DEFAULT_REGION").strip().upper()

_REDIS_TASKS_URL = env_str("TASKS_REDIS_URL")
if _REDIS_TASKS_URL:
    # Scale-out: the same task code on RQ. Start workers with `--job-class django_tasks_rq.Job`.
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": _REDIS_TASKS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One cache for all of the server's processes (the public booking page's limit per address
# counts there): files under var/ on one host, Redis (`CACHE_REDIS_URL`) across several.
_REDIS_CACHE_URL = env_str("CACHE_REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _REDIS_CACHE_URL}
        if _REDIS_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# --- Logging: no patient data ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "picoclinic.web.accesslog.RedactTokensFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry only paths with opaque ids, never names or details.
        "django.server": {"level": "INFO", "filters": ["redact_tokens"]},
        # "Bad Request: /invite/<token>/": the path of a 4xx answer, tokens redacted.
        "django.request": {"filters": ["redact_tokens"]},
        "axes": {"level": "WARNING"},
        # The SMS provider's client: its request lines are not ours to keep.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# --- picoclinic ---------------------------------------------------------------------------------

PICOCLINIC_MODE = MODE
# Where staff and patients reach this site: links in e-mails sent by background tasks (no
# request to read the host from). Locally the address `make run` serves on.
PICOCLINIC_BASE_URL = env_str(
    "PICOCLINIC_BASE_URL",
    f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}" if not PRODUCTION else "",
)
DEMO_PASSWORD = env_str("PICOCLINIC_DEMO_PASSWORD", "pico-demo-2026")
