"""Settings for peeltrack, read from the environment.

Nothing secret lives here. With no DATABASE_URL the site runs on a local SQLite
file; with one it runs on PostgreSQL through psycopg. DEBUG is off unless asked for.
"""

import datetime
import hashlib
import os
import re
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_optional_int(name: str) -> int | None:
    value = os.environ.get(name)
    return None if value is None or value == "" else env_int(name, 0)


def env_date(name: str) -> datetime.date | None:
    """A day written YYYY-MM-DD, or None when unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date, YYYY-MM-DD, not {value!r}.") from None


def env_rate(name: str, default: str) -> str:
    """A rate such as 600/minute (per second, minute, hour or day)."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f"for example 600/minute, not {value!r}."
        )
    return value


def code_digest(folders: list[Path], files: list[Path]) -> str:
    """A digest of the code being served: its Python, templates and text, and the given
    files where they exist. The same in every process and on every server holding the
    same code (wherever it is installed), and different once any of it changes."""
    found = {
        str(path.relative_to(folder.parent)): path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and path.is_file()
    }
    found |= {path.name: path for path in files if path.is_file()}
    digest = hashlib.sha256()
    for name in sorted(found):
        content = found[name].read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode() + content)
    return digest.hexdigest()[:16]


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# A copy run on one's own machine (`make run`): production's settings, but reached over
# plain HTTP on this machine and with demo people and progress allowed. Never set it on
# a server people reach over a network: `check --deploy` says so.
LOCAL = env_bool("PEELTRACK_LOCAL", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "local-development-only-not-secret"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, with sign-in and password change through peeltrack's throttle.
    "accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "forces",
    "audit",
    "accounts",
    "recommendations",
    "plans",
    "policing_bodies",
    "notices",
    "publishing",
]

# The job queue (core.jobs) lives in PostgreSQL: its tables, functions and triggers are
# PostgreSQL's own, so on SQLite the app is not installed and nothing is queued.
if os.environ.get("DATABASE_URL"):
    INSTALLED_APPS.append("procrastinate.contrib.django")

MIDDLEWARE = [
    # Each request's id (from the proxy's X-Request-ID, or made here), on every log line.
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A public page the cache holds is answered here, before sessions or the database.
    "publishing.caching.PublicPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address (/cy/… is Welsh, the rest English).
    "peeltrack.middleware.AddressLocaleMiddleware",
    # Django's, except that a write to an API address without its slash is answered, not
    # redirected (a client following a redirect would turn the POST into a GET).
    "peeltrack.middleware.NoRedirectForAPIWritesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An overlong address is a clear 414 before a page or the API reads it.
    "core.middleware.LongAddressMiddleware",
    # Every page needs a signed-in user unless its view is marked login_not_required;
    # the API authenticates its own requests (tokens) and answers 401 instead.
    "peeltrack.middleware.LoginRequiredExceptAPIMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page's dates typed as people type them go to their YYYY-MM-DD address.
    "core.middleware.TypedDatesMiddleware",
    # ETags and 304s from the data version, for readers who have proved who they are.
    "peeltrack.middleware.DataVersionETagMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "peeltrack.urls"

TEMPLATE_DIRS = [BASE_DIR / "templates"]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": TEMPLATE_DIRS,
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.dates",
                "core.context_processors.opening_day",
                "core.context_processors.page_cache",
                "peeltrack.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "peeltrack.wsgi.application"

if os.environ.get("DATABASE_URL"):
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/name); "
            "leave it unset for SQLite."
        )
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                url,
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
                conn_health_checks=True,
            )
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
    if not DATABASES["default"].get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL must name a database, e.g. postgres://…/peeltrack."
        )
    # No JIT compilation: the as-of rule's one statement for every owner is costed just
    # above the JIT's threshold from a few thousand owners, and compiling it took longer
    # than running it (40 ms against 10 ms; docs/performance.md). Queries here are short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Prepared statements: a query sent twice on a connection is parsed and planned once,
    # which took a fifth of a page's time with its ten queries (docs/performance.md). They
    # need the parameters bound by the server, and a connection of one's own: set
    # DATABASE_PREPARED_STATEMENTS=false behind a pooler that shares connections between
    # transactions (PgBouncer's transaction mode).
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2
else:
    DATABASES = {
        "default": {
            # SQLite with write-ahead logging and the append-only triggers' helper.
            "ENGINE": "core.db.sqlite3",
            "NAME": str(Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))),
            # Several people recording progress at once must wait, not fail.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # Tests use a file, not memory, so the live server's threads each have their
            # own connection and concurrent requests meet SQLite's real locking.
            "TEST": {
                "NAME": os.environ.get(
                    "SQLITE_TEST_PATH",
                    str(Path(tempfile.gettempdir()) / f"peeltrack-test-{os.getpid()}.sqlite3"),
                )
            },
        }
    }

# The cache: with REDIS_URL, Django's own RedisCache, shared by every process and app
# server (the public pages, the API's rate limits, the latest-publication token and the
# results of core.caching are then the same for all); without it, each process's memory,
# as suits one process on one machine.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("PEELTRACK_CACHE_PREFIX", "peeltrack"),
        }
    }

AUTH_USER_MODEL = "accounts.User"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# English, and Welsh for the Welsh forces and their commissioners (the Welsh Language
# Standards): English addresses are unprefixed, Welsh ones begin /cy/.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The address alone says the language (peeltrack.middleware.AddressLocaleMiddleware).
# The inspectorate works in UK time: "today" and every as-of default follow it.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Built by `make assets` from the govuk-frontend npm package; never committed.
STATICFILES_DIRS = [BASE_DIR / "static_build"]
# Evidence files: in PostgreSQL, beside their records, where every app server reads them
# and the database's backup holds them; on local disk under MEDIA_ROOT with SQLite, the
# one-machine default (core.storage). PEELTRACK_EVIDENCE_STORAGE chooses either way.
EVIDENCE_STORAGES = {
    "database": "core.storage.DatabaseStorage",
    "disk": "django.core.files.storage.FileSystemStorage",
}
PEELTRACK_EVIDENCE_STORAGE = os.environ.get("PEELTRACK_EVIDENCE_STORAGE", "").strip().lower() or (
    "database" if os.environ.get("DATABASE_URL") else "disk"
)
if PEELTRACK_EVIDENCE_STORAGE not in EVIDENCE_STORAGES:
    raise ImproperlyConfigured(
        f"PEELTRACK_EVIDENCE_STORAGE must be database or disk, not {PEELTRACK_EVIDENCE_STORAGE!r}."
    )
STORAGES = {
    "default": {"BACKEND": EVIDENCE_STORAGES[PEELTRACK_EVIDENCE_STORAGE]},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "recommendations:dashboard"
# Roles come from the user's one role field (core.access), not from groups.
LOGOUT_REDIRECT_URL = "login"

# How far ahead a milestone counts as "due soon" on pages and reports.
PEELTRACK_DUE_SOON_DAYS = env_int("PEELTRACK_DUE_SOON_DAYS", 30)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Request bodies are JSON; the one file upload declares multipart itself.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "core.viewsets.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.StrictFilterBackend",
        "core.api.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.Negotiation",
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    # Per token (or signed-in person), reads and writes counted apart: a 429 with
    # Retry-After past the limit (core.throttling).
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.ReadRateThrottle",
        "core.throttling.WriteRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "read": env_rate("PEELTRACK_API_READ_RATE", "600/minute"),
        "write": env_rate("PEELTRACK_API_WRITE_RATE", "60/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "peeltrack API",
    "DESCRIPTION": (
        "Police forces' progress against HMICFRS recommendations: reference data, action "
        "plans, evidence, submissions, progress records and the overdue report as of any "
        "date. Authenticate with `Authorization: Token <key>`."
    ),
    # The API's own version (a plain version number, as generated clients need); the
    # address carries its major version, /api/v1/.
    "VERSION": "1.0.0",
    # Tags and operation ids from the resource (forces, action-plans…), not from "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.finish",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "recommendations.models.ProgressRecord.Status",
        "ActionStatusEnum": "plans.models.Action.Status",
        "ActionPlanStatusEnum": "plans.models.ActionPlan.Status",
        "GradeEnum": "forces.models.Grade",
    },
}

# Nothing inline, nothing from elsewhere: every script and style is served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A working day: a shared or unattended office machine does not stay signed in for weeks.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)

if not DEBUG and not LOCAL:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes its servers over plain HTTP, behind the TLS it terminates.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

# Logs on standard error: one JSON object a line in production (PEELTRACK_LOG_FORMAT=json,
# the default with DEBUG off), each carrying the request's id (core.logs); plain text
# for a person at a terminal.
LOG_FORMAT = os.environ.get("PEELTRACK_LOG_FORMAT") or ("text" if DEBUG or LOCAL else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own loggers through the root's handler alone (not also through Django's
    # default console handler): each line once.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # The job queue tells of each task it registers, in every process that starts:
        # said once by the worker's own start-up line, so not on every command's output.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

# The PostgreSQL roles of least privilege (core.database_roles, docs/operations.md):
# migrations run as the owner; the site and workers connect as the application role,
# which `migrate` re-grants after every run. Unset: one role does everything (SQLite, dev).
PEELTRACK_DB_OWNER_ROLE = os.environ.get("PEELTRACK_DB_OWNER_ROLE", "peeltrack_owner")
PEELTRACK_DB_APP_ROLE = os.environ.get("PEELTRACK_DB_APP_ROLE", "")
# Email leaves through the job queue on PostgreSQL, sent by `manage.py procrastinate
# worker`; false sends it at once when the change commits, as on SQLite (one machine and
# no worker). There is no queue on SQLite, so true there is refused.
PEELTRACK_JOB_QUEUE = env_bool("PEELTRACK_JOB_QUEUE", bool(os.environ.get("DATABASE_URL")))
if PEELTRACK_JOB_QUEUE and not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("PEELTRACK_JOB_QUEUE needs PostgreSQL (DATABASE_URL).")
# When the daily reminders fall due (cron, in UTC; a sixth field is seconds). Empty: not
# run by the workers at all (cron's `send_reminders` alone).
PEELTRACK_DAILY_REMINDERS_CRON = os.environ.get("PEELTRACK_DAILY_REMINDERS_CRON", "0 7 * * *")
# A worker tells the queue it is alive every PEELTRACK_WORKER_HEARTBEAT_SECONDS; one not
# heard from for PEELTRACK_WORKER_STALLED_SECONDS is taken for dead (killed, its machine
# gone), and the job it was doing is tried again by another, checked on the
# PEELTRACK_STALLED_JOBS_CRON schedule (core.jobs.retry_stalled_jobs).
PEELTRACK_WORKER_HEARTBEAT_SECONDS = env_int("PEELTRACK_WORKER_HEARTBEAT_SECONDS", 10)
PEELTRACK_WORKER_STALLED_SECONDS = env_int("PEELTRACK_WORKER_STALLED_SECONDS", 60)
if PEELTRACK_WORKER_STALLED_SECONDS <= 2 * PEELTRACK_WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "PEELTRACK_WORKER_STALLED_SECONDS must be more than twice "
        "PEELTRACK_WORKER_HEARTBEAT_SECONDS, or a live worker's job could be run twice."
    )
PEELTRACK_STALLED_JOBS_CRON = os.environ.get("PEELTRACK_STALLED_JOBS_CRON", "* * * * *")
# Jobs that succeeded are removed from the queue's tables PEELTRACK_JOBS_KEPT_HOURS after
# they finished, on the PEELTRACK_OLD_JOBS_CRON schedule (core.jobs.remove_old_jobs); what
# they did is kept elsewhere (a message's record, the history). Failed jobs are kept.
PEELTRACK_JOBS_KEPT_HOURS = env_int("PEELTRACK_JOBS_KEPT_HOURS", 7 * 24)
PEELTRACK_OLD_JOBS_CRON = os.environ.get("PEELTRACK_OLD_JOBS_CRON", "30 3 * * *")
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": PEELTRACK_WORKER_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": PEELTRACK_WORKER_STALLED_SECONDS,
}
# Evidence files: largest accepted upload, and where they are kept (never served directly).
PEELTRACK_EVIDENCE_MAX_BYTES = env_int("PEELTRACK_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The longest address (path and query string) answered; longer is a 414.
PEELTRACK_MAX_ADDRESS_LENGTH = env_int("PEELTRACK_MAX_ADDRESS_LENGTH", 8_192)
# A force is "quiet" on the managers' activity report after this many days without an update.
PEELTRACK_QUIET_DAYS = env_int("PEELTRACK_QUIET_DAYS", 30)
# The day pages read "as of" when no date is chosen: unset, today. The demo (make run)
# opens inside its history, where its deadlines fall, instead of years after them.
PEELTRACK_PAGES_OPEN_ON = env_date("PEELTRACK_PAGES_OPEN_ON")
# Where the public may report an accessibility problem or ask about privacy (the
# accessibility statement and privacy notice name it; unset, they say none is given).
PEELTRACK_ACCESSIBILITY_CONTACT = os.environ.get("PEELTRACK_ACCESSIBILITY_CONTACT", "").strip()
# Sign-in: after this many failures for one username within the window, refuse for a while.
PEELTRACK_SIGN_IN_MAX_FAILURES = env_int("PEELTRACK_SIGN_IN_MAX_FAILURES", 5)
PEELTRACK_SIGN_IN_WINDOW_MINUTES = env_int("PEELTRACK_SIGN_IN_WINDOW_MINUTES", 15)
PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS = env_int(
    "PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS", 20
)
# Part of every ETag: a new release must not be answered with an old page's 304, and
# every process serving the same release must give the same tags (gunicorn's workers, a
# load balancer's servers). Unset, it is a digest of the deployed code: peeltrack's own
# apps and templates, the locked dependencies and the collected static files' manifest.
PEELTRACK_RELEASE = os.environ.get("PEELTRACK_RELEASE") or code_digest(
    [
        BASE_DIR / "peeltrack",
        *(BASE_DIR / app for app in INSTALLED_APPS if (BASE_DIR / app).is_dir()),
        *TEMPLATE_DIRS,
    ],
    [BASE_DIR / "uv.lock", BASE_DIR / "package-lock.json", STATIC_ROOT / "staticfiles.json"],
)

# API tokens stop working after this many days (and when their owner's password changes).
PEELTRACK_TOKEN_MAX_AGE_DAYS = env_int("PEELTRACK_TOKEN_MAX_AGE_DAYS", 90)
# The request header a reverse proxy sets to the client's address, e.g. X-Real-IP.
PEELTRACK_CLIENT_ADDRESS_HEADER = os.environ.get("PEELTRACK_CLIENT_ADDRESS_HEADER", "")

# Email, through Django's mailers (Django 6.1's MAILERS replaces EMAIL_BACKEND and the
# EMAIL_HOST… settings). With DJANGO_EMAIL_HOST set, mail goes by SMTP to that host;
# without it, it is printed on the console, which `check --deploy` reports as an error
# in production (a reset link printed into a server's log is a reset link leaked).
email_host = os.environ.get("DJANGO_EMAIL_HOST", "").strip()
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                # Unset: 587 with TLS, otherwise 25 (Django's SMTP backend decides).
                "port": env_optional_int("DJANGO_EMAIL_PORT"),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                # A mail server that stops answering must not hold a page or a run forever.
                "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 30),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "peeltrack <peeltrack@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where people reach the site: links in email and calendar feeds start with it, since
# a command run from cron has no request to take the address from.
PEELTRACK_SITE_URL = os.environ.get("PEELTRACK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not PEELTRACK_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"PEELTRACK_SITE_URL must start with https:// or http://, not {PEELTRACK_SITE_URL!r}."
    )
# A milestone overdue for more than this many days is escalated: marked on the
# dashboard and in the managers' weekly digest.
PEELTRACK_ESCALATE_AFTER_DAYS = env_int("PEELTRACK_ESCALATE_AFTER_DAYS", 60)
