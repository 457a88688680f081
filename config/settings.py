"""Settings, read once from environment variables.

The defaults are for development: SQLite, eager Celery, console email, DEBUG on.
Production sets DEBUG=false, which makes SECRET_KEY and ALLOWED_HOSTS mandatory
(see the README's production section).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.logging import logging_config
from config.sso import sso_providers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105 -- DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.apps.SignInAdminConfig",  # Django's admin, signing in through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "accounts.apps.AccountsConfig",
    "audit",
    "outbox",
    "webhooks",
    "rotation",
    "partners",
    "teaching",
    "planning",
    "assessments",
    "reports",
    "privacy",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.logging.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Work a request started that waits for the queue (broker down) becomes a message.
    "outbox.middleware.DelayedJobsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A NUL character in any parameter gets a 400 with a message (the database cannot store it).
    "config.input.UnstorableInputMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "accounts.middleware.SingleSignOnFormActionMiddleware",
    # A write refused because the program is archived becomes a message, not an error page.
    "rotation.middleware.ArchivedProgramMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rotation.context_processors.roles",
            ],
        },
    },
]

# Forms render with the project's renderer: the widgets every form shows written in Python, any
# other from its template (templates/django/forms/ may override one).
FORM_RENDERER = "config.form_rendering.FormRenderer"

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: `make run` serves and runs a worker against this one file, so readers
    # must not wait for the worker's writes (WAL) and a writer waits its turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits live here; use Redis when several processes serve) -------------
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
elif not DEBUG:
    raise ImproperlyConfigured(
        "CACHE_URL is required when DEBUG is off: sign-in rate limits and lock-outs must be "
        "shared by every web process. Set it to a Redis URL, e.g. redis://redis:6379/1."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "rotation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, reading the user with their roles in one query.
    "accounts.backends.ModelBackend",
    "accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "rotation.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mini-Rotation] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}

# --- Single sign-on through the institution's identity provider (accounts/adapters.py) ---------
# Providers come from SSO_OIDC_* / SSO_SAML_* (config/sso.py) or the admin's social applications.
# A verified email in a domain the provider serves signs in the account that has it; nobody is
# ever signed up: invitations decide who belongs.
SOCIALACCOUNT_PROVIDERS = sso_providers(os.environ)
SOCIALACCOUNT_ADAPTER = "accounts.adapters.InstitutionSignInAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# The provider verified the address; asking the user to confirm it again would add nothing.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"

# --- Sign-in security: MFA, session timeouts, re-authentication (accounts/) --------------------
# Staff and course directors must set up an authenticator app; on by default in production.
MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = env_bool("MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS", not DEBUG)
MFA_ADAPTER = "accounts.adapters.RequiredMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mini-Rotation"
# A code typed as the app changes it (every 30 s) still counts: the one before and after are
# accepted too (RFC 6238 allows one step for delay); each code still signs in only once.
MFA_TOTP_TOLERANCE = 1
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_PREVENT_ENUMERATION = True
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
# Behind N proxies of ours, the client's address (for rate limits) is N-th from the right in
# X-Forwarded-For; with 0 every sign-in would seem to come from the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# --- Email --------------------------------------------------------------------------------------
# The public address of the site, for links in emails sent by Celery workers (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mini-Rotation <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    if _email.scheme not in {"smtp", "submission", "smtps"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, submission:// or smtps://.")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or {"smtp": 25, "submission": 587, "smtps": 465}[_email.scheme]
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "submission" or "tls" in parse_qs(_email.query)
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Redis keeps task results; the embedded default's SQLite broker (`make run`, kombu's SQLAlchemy
# transport: sqla+sqlite:///…) keeps none, since nothing reads them (runs store their own state).
CELERY_RESULT_BACKEND = CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else None
# A job is acknowledged when it finished, and put back when its worker died, so a killed worker
# loses nothing; every task is safe to repeat (outbox jobs run at most once to completion, report
# runs are idempotent and give up after REPORTS_MAX_RECOVERIES).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead broker answers within about a second (not 19 s): the outbox keeps the job and the relay
# sends it later. The visibility timeout outlasts the longest job, so Redis never hands a running
# job to a second worker.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Redis's own options; the embedded default's SQLAlchemy broker passes its options to
# create_engine(), which refuses them.
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60, "socket_connect_timeout": 1}
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else {}
)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 1}}
CELERY_TIMEZONE = os.environ.get("TIME_ZONE", "America/New_York")
CELERY_BEAT_SCHEDULE = {
    # Invitations when a window opens, reminders to non-respondents; idempotent, so often is fine.
    "assessment-notifications": {
        "task": "assessments.send_due_notifications",
        "schedule": 15 * 60,
    },
    # Outbox jobs the broker did not take when they were committed (it was down).
    "outbox-relay": {"task": "outbox.relay_pending", "schedule": 60},
    # Report runs whose worker died: requeued, or failed with a reason after a few tries.
    "reports-watchdog": {"task": "reports.recover_stuck_runs", "schedule": 5 * 60},
    # Advisory-panel action items: a week and a day before the due date, overdue once; each
    # reminder is recorded, so hourly runs never send one twice.
    "action-reminders": {"task": "planning.queue_action_reminders", "schedule": 60 * 60},
    # Agreements ending in 60 and 14 days, reviews coming up, faculty surveys of ended programs:
    # each reminder is recorded once, so running hourly sends nothing twice.
    "partners-agreement-reminders": {
        "task": "partners.send_agreement_reminders",
        "schedule": 60 * 60,
    },
    "reports-review-reminders": {"task": "reports.send_review_reminders", "schedule": 60 * 60},
    "teaching-faculty-surveys": {
        "task": "teaching.send_faculty_survey_invitations",
        "schedule": 60 * 60,
    },
    # Patient partners asked for feedback on the learners once their session has ended.
    "patient-partner-feedback": {
        "task": "planning.request_patient_feedback",
        "schedule": 15 * 60,
    },
}

# --- Outbox and report watchdog -----------------------------------------------------------------
# A refused job is tried again after 30 s, 1 min, 2 min, ... at most hourly; failed after 48 tries.
OUTBOX_RETRY_BASE_SECONDS = int(os.environ.get("OUTBOX_RETRY_BASE_SECONDS", "30"))
OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("OUTBOX_RETRY_MAX_SECONDS", "3600"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "48"))
# A job sent this long ago that never ran was lost by the broker: sent again (it runs only once).
OUTBOX_RESEND_AFTER_SECONDS = int(
    os.environ.get("OUTBOX_RESEND_AFTER_SECONDS", str(CELERY_TASK_TIME_LIMIT * 2))
)
# Webhooks: a failed attempt is tried again after 1 min, 2, 4, … at most hourly, 8 attempts in
# all (about two hours); an endpoint has this long to answer.
WEBHOOK_TIMEOUT_SECONDS = int(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "60"))
WEBHOOK_RETRY_MAX_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", "3600"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
# A run queued or running this long has lost its worker (the render task's time limit is 10 min).
REPORTS_STUCK_AFTER_SECONDS = int(os.environ.get("REPORTS_STUCK_AFTER_SECONDS", str(15 * 60)))
REPORTS_MAX_RECOVERIES = int(os.environ.get("REPORTS_MAX_RECOVERIES", "2"))

# --- Internationalization -----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Partners: faculty invitations, withdrawals and session materials --------------------------
PARTNERS_INVITATION_DAYS = int(os.environ.get("PARTNERS_INVITATION_DAYS", "14"))
# A patient partner's feedback on a session's learners: open (and its emailed link good) for
# this many days after the session ends.
PLANNING_PATIENT_FEEDBACK_DAYS = int(os.environ.get("PLANNING_PATIENT_FEEDBACK_DAYS", "14"))
PARTNERS_WITHDRAWAL_DEADLINE_DAYS = int(os.environ.get("PARTNERS_WITHDRAWAL_DEADLINE_DAYS", "7"))
PARTNERS_MATERIAL_MAX_BYTES = int(os.environ.get("PARTNERS_MATERIAL_MAX_BYTES", str(20 * 2**20)))
FILE_UPLOAD_PERMISSIONS = 0o640
# Partnership agreements: the signed PDF's size limit; reminders this many days before the end
# (the largest also marks an agreement "expiring").
PARTNERS_AGREEMENT_MAX_BYTES = int(os.environ.get("PARTNERS_AGREEMENT_MAX_BYTES", str(10 * 2**20)))
PARTNERS_AGREEMENT_REMINDER_DAYS = (60, 14)
# Quarterly reviews: the next one defaults to this many months later; reminded days before.
REPORTS_REVIEW_INTERVAL_MONTHS = 3
REPORTS_REVIEW_REMINDER_DAYS = 7
# Faculty experience survey: invited when a program has ended, reminded once after a week.
TEACHING_SURVEY_REMINDER_DAYS = 7
# Only programs that ended this recently are surveyed (not every past program on first deploy).
TEACHING_SURVEY_WINDOW_DAYS = 60

# --- Rotation: roster imports -----------------------------------------------------------------
# A roster with more rows than this is imported by a background job with a progress bar.
ROTATION_ROSTER_IMPORT_INLINE_ROWS = int(
    os.environ.get("ROTATION_ROSTER_IMPORT_INLINE_ROWS", "500")
)
# --- REST API (api/): personal tokens, rate-limited per token on the shared cache ---------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        # The docs page's "Try it out" as the signed-in user (CSRF-checked; MFA as for pages).
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "api.permissions.HasRulePermission",
        "api.permissions.TokenScopeAllowsMethod",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_RATE_LIMIT", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mini-Rotation API",
    "DESCRIPTION": "Programs, sessions, learners, attendance, assessments and course "
    "evaluations of Mini-Rotation. Authenticate with a personal token from /api/tokens/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "rotation.models.SeminarSession.Status",
        "EnrollmentStatusEnum": "rotation.models.Enrollment.Status",
        "AttendanceStatusEnum": "rotation.models.Attendance.Status",
        "ReportStatusEnum": "reports.models.ReportRun.Status",
        "CompletionStatusEnum": ["submitted", "draft", "not_started"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# --- Security (production) ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # /healthz is probed over plain HTTP by the load balancer and the container health check.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Browser security: Content-Security-Policy and Permissions-Policy ---------------------------
# Every page the browser shows loads its scripts and styles from our own static files: no inline
# <script>, <style>, style="" or on*="" anywhere (tests/config/test_templates_csp.py checks the
# templates). The print templates are rendered by WeasyPrint on the server, never by a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Features the app never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- Logging ------------------------------------------------------------------------------------
# JSON lines by default in production (LOG_FORMAT=json|plain); secrets in URLs are masked.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = logging_config(log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))
# Celery workers log through LOGGING too, instead of replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
