"""OpenWard settings: one file, configured by environment variables, safe embedded defaults.

Every variable is listed in README.md ("Environment variables").
"""

import datetime as dt
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OPENWARD_VAR_DIR", str(BASE_DIR / "var")))

# --- mode and secrets -------------------------------------------------------------------------------------------
# OPENWARD_ENV=production turns on the production checks: a real secret key, no DEBUG, secure cookies, HSTS.
ENVIRONMENT = env_str("OPENWARD_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured("OPENWARD_ENV must be development, production or test")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when OPENWARD_ENV=production"
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION and ENVIRONMENT != "test")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when OPENWARD_ENV=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when OPENWARD_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- applications -------------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_ratelimit",
    "django_otp",
    # django-otp's plugins and django-axes, with Vietnamese names in the admin (portal/security/apps.py)
    "portal.security.apps.TOTPConfig",
    "portal.security.apps.StaticConfig",
    "portal.security.apps.AxesConfig",
    "csp",
    "portal.core",
    "portal.audit",
    "portal.wards",
    "portal.accounts",
    "portal.security",
    "portal.deadlines",
    "portal.routing",
    "portal.cases",
    "portal.notifications",
    "portal.media",
    "portal.transparency",
    "portal.open311",
    "portal.disclosures",
    "portal.dialogues",
    "api",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.middleware.LanguageMiddleware",
    # API answers with someone's data (staff, tokens, receipts, tracking) say Cache-Control: private, no-store
    "portal.core.middleware.PrivateApiAnswersMiddleware",
    # a NUL character (%00) in the path or the query string answers 400 before any view (PostgreSQL refuses it: 500)
    "portal.core.middleware.NulCharacterMiddleware",
    # a database outage answers 503 + Retry-After, not 500 (bench/drill.py restarts PostgreSQL under load)
    "portal.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after SESSION_IDLE_TIMEOUT without a request; then leaders and admins (and anyone who
    # turned two-factor on) must pass the second factor before anything else (portal.security).
    "portal.security.middleware.StaffIdleTimeoutMiddleware",
    "portal.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns its lockout into the response of portal's lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openward.sqlite3'}")
if DATABASE_URL.startswith("sqlite:///") and not PRODUCTION:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives there
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that asks the socket rather than the server (portal/core/postgresql)
    DATABASES["default"]["ENGINE"] = "portal.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "portal.core.postgresql"
# The few statements sent with server-side binding (portal/core/onestatement.py, portal/core/prepared.py) are
# prepared on their connection.
# Turn it off behind a connection pooler in transaction mode (PgBouncer), which does not keep prepared statements.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)

# --- cache (rate limits) ------------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Fails open when Redis is down (portal/core/cache.py): submissions go on, rate limits pause for the outage.
    CACHES = {"default": {"BACKEND": "portal.core.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}
    # django-ratelimit lists only django-redis as "officially supported"; Django's own RedisCache has the atomic
    # incr() that its counters need.
    SILENCED_SYSTEM_CHECKS: list[str] = ["django_ratelimit.W001"]
else:
    # Embedded mode serves from one process, so a per-process cache is a correct rate-limit store there.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "openward"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "frontend.views.errors.ratelimited"
RATELIMIT_IP_META_KEY = "portal.core.net.client_ip"  # never a 500 when REMOTE_ADDR is missing or malformed
# Rates for residents (per client address): filing cases and looking them up.
RATE_SUBMIT = env_str("RATE_SUBMIT", "10/h")
RATE_LOOKUP = env_str("RATE_LOOKUP", "30/m")

# --- auth -----------------------------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username+address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "frontend:resident-sign-in"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# A resident's status page, confirmed by the database less than this long ago in the same process, is served again
# without asking (a link opened by many at once); 0 asks every time. Visitors signed in or with a message waiting
# always get a fresh page.
STATUS_PAGE_RECHECK_MS = env_int("STATUS_PAGE_RECHECK_MS", 1000)
# Staff sessions (ward staff, Django admin users) end after this many seconds without a request.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that
# username is locked for that address for LOGIN_LOCKOUT_MINUTES. Every failure and lockout is in the audit log.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are in OpenWard's own audit log
AXES_LOCKOUT_CALLABLE = "frontend.views.accounts.locked_out"
AXES_VERBOSE = False

# Two-factor authentication (django-otp): TOTP apps, with one-time backup codes. Required for leaders and admins.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "OpenWard")
OTP_BACKUP_CODES = 10

# --- i18n and time ------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Digits grouped by threes where a number is grouped on purpose (number_format(..., force_grouping=True): "1.234.567"
# in Vietnamese). Django's Vietnamese formats set the separator but no grouping, so nothing was grouped.
NUMBER_GROUPING = 3

# --- static and media -----------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # MEDIA_STORAGE=s3 uses django-storages (install it and set AWS_* variables); default: local files.
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if env_str("MEDIA_STORAGE", "local") == "s3"
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: bounds checked by portal.media before anything is stored.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)
UPLOAD_MAX_FILES = 5
IMAGE_MAX_SIDE = env_int("IMAGE_MAX_SIDE", 2560)
THUMBNAIL_SIDE = 320
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- e-mail and SMS -----------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file backend (bench/drill.py counts)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A hung SMTP server must not hold a send (and its outbox claim) for ever: see STALE_CLAIM in portal/notifications.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenWard <no-reply@openward.local>")
SMS_BACKEND = env_str("SMS_BACKEND", "portal.notifications.channels.sms.LoggingSMSBackend")
# The address residents' secret links point to, in e-mails and SMS.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery ---------------------------------------------------------------------------------------------------------
# Production: CELERY_BROKER_URL=redis://redis:6379/0. Embedded default: kombu's filesystem transport, so a worker
# with beat runs beside the web server without any broker server.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")  # a host name keeps kombu from warning
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
if CELERY_BROKER_URL.startswith("filesystem") and not PRODUCTION:
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", ENVIRONMENT == "test")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic jobs, sent by exactly one beat (embedded: `worker -B` of `make run`; production: the `beat` service).
# "expires" drops ticks that no worker took in time, so a worker coming back after an outage does not run a backlog.
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {
        "task": "notifications.flush_outbox",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    # Reminders before due dates and escalation of overdue cases (portal.cases.reminders). It sends each reminder
    # once per case and due date however often it runs, so hourly is safe and catches up after downtime.
    "deadline-sweep": {
        "task": "cases.deadline_sweep",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Statistics rollups of the public dashboard (portal.transparency.rollups): rebuilds the current and previous
    # month and every month whose "overdue now" count changed; idempotent, so a missed or doubled tick is harmless.
    "transparency-rollups": {
        "task": "transparency.refresh_rollups",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Reminders to the residents registered for a dialogue, the day before (portal.dialogues.services.send_reminders):
    # one outbox key per registration and session day, so every tick after the first sends nothing new.
    "dialogue-reminders": {
        "task": "dialogues.send_reminders",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Disclosures' posting periods (portal.disclosures.services.advance_states): scheduled ones are posted on their
    # first day, posted ones end after their last. Conditional updates make it idempotent; every 15 minutes posts a
    # disclosure shortly after midnight and catches up after downtime.
    "disclosure-states": {
        "task": "disclosures.advance_states",
        "schedule": 900.0,
        "options": {"expires": 800},
    },
    # The search indexes' pending entries merged in the background (portal.core.tasks.clean_search_indexes), not by
    # the one submission that fills the list up.
    "clean-search-indexes": {
        "task": "core.clean_search_indexes",
        "schedule": 300.0,
        "options": {"expires": 250},
    },
    # The audit log's hash chain verified every night at 02:00 local time (portal.audit.services.check_chain): the
    # result shows on the log page, a broken chain alerts the admins. It reads the whole log in batches (minutes at
    # millions of events); a tick no worker took within 6 hours is dropped, the next night's runs.
    "audit-chain-check": {
        "task": "audit.verify_chain",
        "schedule": crontab(hour=2, minute=0),
        "options": {"expires": 6 * 3600},
    },
}

# --- REST API -------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # the default enum post-processing, then the error answers every operation may give (api/schema.py)
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
    "TITLE": "OpenWard API",
    "DESCRIPTION": "Citizen feedback and complaints portal of Vietnamese wards. Answers are in Vietnamese; send "
                   "`Accept-Language: en` for English: messages and labels, the category names (cases' and "
                   "disclosures'), the disclosure categories' legal bases, on the cases' endpoints (tracking, staff "
                   "desk) the timeline entries the portal writes itself and the legal sources of the due dates (legal "
                   "citations in English where the portal knows the instrument, in Vietnamese otherwise). What "
                   "people wrote is given as written. "
                   "`Content-Language` says the answer's language.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI is served from our own static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for each enum wherever it appears (a category's "kinds" and a case's "kind"; disclosure states).
    "ENUM_NAME_OVERRIDES": {"CaseKindEnum": "portal.wards.models.CaseKind",
                            "DisclosureStateEnum": "portal.disclosures.models.DisclosureState",
                            "CaseStateEnum": "portal.cases.models.CaseState",
                            "SessionStateEnum": "portal.dialogues.models.SessionState"},
}

# --- security -------------------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp): only our own files; no inline script, no inline style, no framing. The API
# docs page (Swagger UI) adds "data:" images for its icons (api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page of OpenWard uses (portal.security.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                      "payment=(), usb=()")
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- business rules -------------------------------------------------------------------------------------------------
# Law on Complaints 2011 Art. 9: 90 days from learning of the decision.
COMPLAINT_FILING_WINDOW_DAYS = 90

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own loggers already print to the console: do not print their lines twice through the root.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "django": {"handlers": [], "propagate": True}},
}
