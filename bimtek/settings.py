"""Bimtek settings, read from the environment (django-environ).

The embedded default needs nothing but Python: SQLite, console e-mail, the
database task queue. Production sets DATABASE_URL, EMAIL_URL, SECRET_KEY and
ALLOWED_HOSTS; see README.md and docs/deploy.md.
"""

import secrets
import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Commands that only read and write the project's source files (migrations,
# translation catalogues) and never serve, sign or send anything.
SOURCE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "compiletranslations"}

# A development key is only acceptable while DEBUG is on; a server with DEBUG
# off and no SECRET_KEY must not start (sessions and tokens would be forgeable).
# The source-only commands get a throw-away random key instead, so a
# checkout can run `manage.py makemigrations --check` with no configuration.
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-bimtek-development-only-key")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if (
        not SECRET_KEY
        and Path(sys.argv[0]).name == "manage.py"
        and (len(sys.argv) > 1 and sys.argv[1] in SOURCE_ONLY_COMMANDS)
    ):
        SECRET_KEY = secrets.token_urlsafe(50)
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL, used where a link leaves the request cycle (e-mails sent by
# workers, the QR code printed on a certificate).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Bimtek, highest layer first (docs/architecture.md); the generic outbox
    # knows nothing of events: only accounts sits below it.
    "demo",
    "archive",
    "spj",
    "broadcasts",
    "evaluations",
    "competency",
    "certificates",
    "checkin",
    "participants",
    "bimtek",
    "outbox",
    "accounts",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules",
    "django_bootstrap5",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # /healthz answers before host validation and the HTTPS redirect (bimtek/middleware.py).
    "bimtek.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # One JSON line per request (static files, served above, are not logged).
    "bimtek.logs.RequestLogMiddleware",
    "bimtek.middleware.DocumentCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The scan endpoint's session and user from memory, checked again by the
    # scan's own query (checkin/api/signed_in.py).
    "checkin.api.signed_in.DoorSignInMiddleware",
    "accounts.middleware.LanguageMiddleware",
    # A NUL in the URL or query string answers 400 (PostgreSQL refuses it: a 500 otherwise).
    "bimtek.middleware.RejectNullCharactersMiddleware",
    # An API body too large, nested too deep or not a JSON object answers 400
    # before any view (bimtek/api_bodies.py).
    "bimtek.middleware.APIBodyLimitMiddleware",
    # Django's, skipped for the door scan only (checkin/api/scan_middleware.py).
    "checkin.api.scan_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Organisers and administrators set up a second factor before any page
    # (REQUIRE_MFA_FOR_STAFF, accounts/mfa.py, docs/security.md).
    "accounts.middleware.StaffMFAMiddleware",
    # Last, so it sees a view's exception first: an unreachable database
    # answers 503 "try again" instead of 500 (docs/faults.md).
    "bimtek.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "bimtek.urls"
WSGI_APPLICATION = "bimtek.wsgi.application"
ASGI_APPLICATION = "bimtek.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Form fields: red with the message when refused, but no green "valid" tick on
# the others after a refused submit (the server has not accepted the form).
BOOTSTRAP5 = {"field_renderers": {"default": "bimtek.widgets.FieldRenderer"}}

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy door on SQLite: WAL lets readers run beside the writer, IMMEDIATE
    # takes the write lock at BEGIN (no deadlock-on-upgrade "database is
    # locked"), and the busy timeout makes writers queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Fail fast instead of hanging when the server is unreachable
        # (libpq waits forever by default); ?connect_timeout= in DATABASE_URL wins.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Prepared statements: PostgreSQL plans each hot query (a scan at the
    # door) once per connection instead of every time; that halves its CPU per
    # check-in (docs/benchmarks.md). Turn off behind a pooler in transaction
    # mode (PgBouncer): DATABASE_PREPARED_STATEMENTS=0.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "events:home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_REDIRECT_URL = "events:home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bimtek] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery
# codes, and security keys / passkeys (WebAuthn) where the browser has them.
# Required for organisers and administrators unless REQUIRE_MFA_FOR_STAFF=0
# (off by default with DEBUG, so `make run` signs in with the password alone).
REQUIRE_MFA_FOR_STAFF = env.bool("REQUIRE_MFA_FOR_STAFF", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Bimtek"
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs https, except on http://127.0.0.1 / localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# --- Client addresses and rate limits (docs/security.md) ---------------------
# How many reverse proxies of ours append to X-Forwarded-For in front of the
# app: 1 behind the shipped nginx (deploy/nginx) or the container recipe, 2
# with a load balancer in front of nginx, 0 with nothing in front (then
# REMOTE_ADDR). The one answer to "who is the client" (accounts/clients.py),
# used by allauth, the certificate verification limit and the request log.
# CERTIFICATE_VERIFY_TRUSTED_PROXIES is its old name, still read.
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=env.int("CERTIFICATE_VERIFY_TRUSTED_PROXIES", default=0)
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# allauth's sign-in limits (its defaults, written out; the others stay at
# allauth's defaults), all keyed by the real client address. The per-key part
# of "login_failed" is this account *from this address* (accounts/adapter.py):
# nobody can lock someone else's account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
# Failed passwords per account from all addresses together ("amount/period");
# beyond them a sign-in needs the right password *and* an e-mailed code.
LOGIN_CODE_AFTER_FAILURES = env.str("LOGIN_CODE_AFTER_FAILURES", default="20/h")

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"

# Days after an event's last day before the personal data of people without
# an account is erased (an event may set its own; docs/security.md).
DATA_RETENTION_DAYS = env.int("DATA_RETENTION_DAYS", default=365)
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files and generated PDFs go through default_storage: the local
# MEDIA_ROOT folder, or S3-compatible object storage when a bucket is named
# (below). Never open paths under MEDIA_ROOT directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage (AWS S3, MinIO, Ceph, a provider's object
    # storage) shared by every app server and worker. Files are private and
    # handed out as signed URLs that expire; credentials are read by boto3 from
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role), never
    # copied into settings.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=600),
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Bimtek <bimtek@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache ------------------------------------------------------------------
# Rate limits (sign-in, verification) live in the default cache, so it must
# be shared by every gunicorn worker and machine: without Redis it is a table
# in the database (created by `migrate`, bimtek/apps.py), never one process's
# memory. Room for many client addresses: a flood must not cull the counts.
CACHE_TABLE = "bimtek_cache"
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }
# Redis, shared by every app server: the cache (allauth's rate limits among
# others) and sessions. Sessions are cached_db, so PostgreSQL holds them and
# Redis only speeds them up; while Redis is down the site keeps serving from
# the database and each process's memory (bimtek/cache.py, docs/deploy.md).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not env.str("CACHE_URL", default=""):
    _redis_cache_options = {
        "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
        "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
        "RETRY_AFTER": 5,
    }
    CACHES = {
        "default": {
            "BACKEND": "bimtek.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bimtek",
            "OPTIONS": {
                **_redis_cache_options,
                "FALLBACK": "django.core.cache.backends.locmem.LocMemCache",
            },
        },
        "sessions": {
            "BACKEND": "bimtek.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bimtek-session",
            "OPTIONS": {
                **_redis_cache_options,
                "FALLBACK": "django.core.cache.backends.dummy.DummyCache",
            },
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

# --- Background tasks -------------------------------------------------------
# TASKS_BACKEND: "database" (default; `manage.py db_worker`) or "rq" (Redis;
# `manage.py rqworker`); `manage.py run_worker` starts the right one.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    # django-tasks-rq's backend, falling back to the database queue while
    # Redis is down (bimtek/tasks_backends.py)
    "rq": "bimtek.tasks_backends.ResilientRQBackend",
}
RQ_BACKENDS = (TASK_BACKENDS["rq"], "django_tasks_rq.RQBackend")
_tasks_backend = env.str("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS.get(_tasks_backend, _tasks_backend),
        "QUEUES": ["default", "email", "certificates"],
    }
}
if TASKS["default"]["BACKEND"] in RQ_BACKENDS:
    # The queue's Redis may be another server or database than the cache's:
    # the cache may be flushed or evict keys, the queue must do neither.
    TASKS_REDIS_URL = env.str("TASKS_REDIS_URL", default=REDIS_URL)
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (or TASKS_REDIS_URL).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A vanished Redis host must not hold a request for the operating
    # system's connect timeout (minutes): give up after 2 s and use the fallback.
    _rq_url = TASKS_REDIS_URL
    if "socket_connect_timeout=" not in _rq_url:
        _rq_url += ("&" if "?" in _rq_url else "?") + "socket_connect_timeout=2"
    RQ_QUEUES = {
        name: {"URL": _rq_url, "DEFAULT_TIMEOUT": 3600} for name in TASKS["default"]["QUEUES"]
    }
    # Enqueue when the database transaction commits, never for rolled-back work.
    RQ = {"COMMIT_MODE": "on_db_commit"}
    if TASKS["default"]["BACKEND"] == TASK_BACKENDS["rq"]:
        # Where tasks wait while Redis is unreachable; run_worker serves it too.
        TASKS["fallback"] = {
            "BACKEND": TASK_BACKENDS["database"],
            "QUEUES": TASKS["default"]["QUEUES"],
        }
# Queued tasks older than this (seconds) make /healthz say "degraded".
HEALTH_QUEUE_MAX_AGE = env.int("HEALTH_QUEUE_MAX_AGE", default=600)
# /healthz tells anyone only its status; the checks' details (database vendor,
# queue, durations) go to a monitor that sends this in X-Healthz-Token.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# --- Certificates -----------------------------------------------------------
# The TTF fonts embedded in certificate PDFs (copied from npm by `make setup`;
# never served). Verification attempts per client address: RATE per WINDOW seconds.
CERTIFICATE_FONT_DIR = Path(
    env.str("CERTIFICATE_FONT_DIR", default=str(BASE_DIR / "vendor" / "fonts"))
)
CERTIFICATE_VERIFY_RATE = env.int("CERTIFICATE_VERIFY_RATE", default=30)
CERTIFICATE_VERIFY_WINDOW = env.int("CERTIFICATE_VERIFY_WINDOW", default=60)
# CPU seconds one certificate page may take to lay out and draw (~10 ms is
# normal); past it the download answers a message and a bulk run fails with
# it, instead of a worker held busy (docs/security.md).
CERTIFICATE_RENDER_CPU_SECONDS = env.float("CERTIFICATE_RENDER_CPU_SECONDS", default=2.0)
# --- The API and each feature: bimtek/settings_*.py ---------------------------
from bimtek.settings_api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401
from bimtek.settings_competency import COMPETENCY_YEARLY_TARGET_JP  # noqa: E402, F401
from bimtek.settings_messages import *  # noqa: E402, F403
from bimtek.settings_selfcheckin import *  # noqa: E402, F403 (docs/selfcheckin.md)
from bimtek.settings_signing import *  # noqa: E402, F403 (electronic signatures, docs/tte.md)
from bimtek.settings_spj import *  # noqa: E402, F403 (the accountability pack)

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A refused form (expired page, cookies off) gets a page in the user's language.
CSRF_FAILURE_VIEW = "bimtek.views.errors.csrf_failure"
if not DEBUG:
    # Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    # The app gets its own host name (bimtek.<city>.go.id); its subdomains,
    # if any, are ours too. Set both to 0 if the host is shared.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# Every page must satisfy this policy: no inline scripts or styles, nothing
# from other hosts. WebAssembly (the QR decoder) needs 'wasm-unsafe-eval'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'wasm-unsafe-eval'"],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "media-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging ----------------------------------------------------------------
# LOG_FORMAT=json (the default without DEBUG): one JSON object per line on
# stderr, with the request id and user id of the request that wrote it
# (bimtek/logs.py). LOG_FORMAT=plain for people reading a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "bimtek.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            "exc_info_as_array": True,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
