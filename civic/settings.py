"""Settings for the London civic portal, read from the environment (12-factor).

One module: every value that differs between a laptop, CI and production comes
from an environment variable, with a default that is safe for development.
The table in README.md lists them.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (it is required when DEBUG is off).")
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "London civic portal"

INSTALLED_APPS = [
    # Project apps first so their templates override allauth's and Wagtail's.
    "civic",
    "talk_london",
    "crowdfund",
    "challenges",
    "inclusion",
    "diversity",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "civic.admin_users_app.UsersAppConfig",  # wagtail.users; see the module
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Wagtail's admin templates include Django's widget templates by name.
    "django.forms",
]

MIDDLEWARE = [
    "civic.middleware.HealthCheckMiddleware",  # first: load balancers probe by IP
    "django.middleware.security.SecurityMiddleware",
    "civic.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it tells staff why they were sent to set up two factors.
    "civic.middleware.StaffMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "civic.middleware.PortalCSPMiddleware",
    "civic.access_log.PersonalDataAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it is the first to see a view's exception: a database that does
    # not answer gets a 503 page, not a 500.
    "civic.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "civic.urls"
WSGI_APPLICATION = "civic.wsgi.application"
ASGI_APPLICATION = "civic.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "civic.context_processors.portal",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "civic.templatetags.govuk",
            ],
        },
    },
]
FORM_RENDERER = "civic.forms.renderer.GovukFormRenderer"

# --- Database -----------------------------------------------------------------
# With no DATABASE_URL the site runs on a local SQLite file (the embedded default).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A connection the database dropped (a restart, a failover) is noticed
        # and replaced at the start of the next request: no app restart needed.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work --------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis stopped or unreachable: a read is a miss and a write is dropped
    # (civic.cache), after at most a fraction of a second.
    CACHES = {
        "default": {
            "BACKEND": "civic.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "civic"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Result-less by default; a task that needs a result says so.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# A broker that does not answer fails fast: civic.tasks.enqueue logs it and the
# periodic sweeps (the email outbox, crowdfund's closing task) do the work later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# max_retries/interval_*: how long publishing keeps trying to connect (kombu's
# default is the whole connection timeout, 2 s more on every pledge in an outage).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
}

# --- Users and accounts ---------------------------------------------------------
AUTH_USER_MODEL = "civic.User"
AUTHENTICATION_BACKENDS = [
    "civic.auth_backends.PortalModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "civic:account"
ACCOUNT_ADAPTER = "civic.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "civic.forms.accounts.SignupExtraForm"
# People confirm their email address before they can sign in. Mandatory, so
# that sign-up cannot be used to find out who has an account: with an address
# that is already registered, sign-up answers exactly as for a new one ("check
# your email") and the owner is emailed instead (ACCOUNT_PREVENT_ENUMERATION).
# Posting, pledging and applying still check it too
# (civic.permissions.verified_email_required). Browsing needs no account.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    # allauth has no on/off flag; False switches off all its (default) rate limits.
    ACCOUNT_RATE_LIMITS = False
# Proxies in front of the app that each append to X-Forwarded-For (docker
# compose's nginx is one). 0: trust only REMOTE_ADDR. Used by allauth's limits
# and the portal's own (civic.ratelimit) to tell visitors apart.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_EMAIL_SUBJECT_PREFIX = "London civic portal: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "London civic portal"
MFA_ADAPTER = "civic.adapters.MFAAdapter"
# allauth's forms with GOV.UK labels, hints and error messages (civic/forms/auth.py).
ACCOUNT_FORMS = {
    "login": "civic.forms.auth.LoginForm",
    "signup": "civic.forms.auth.SignupForm",
    "reset_password": "civic.forms.auth.ResetPasswordForm",
    "reset_password_from_key": "civic.forms.auth.ResetPasswordKeyForm",
    "change_password": "civic.forms.auth.ChangePasswordForm",
    "add_email": "civic.forms.auth.AddEmailForm",
    "reauthenticate": "civic.forms.auth.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "civic.forms.auth.MFAAuthenticateForm",
    "reauthenticate": "civic.forms.auth.MFAReauthenticateForm",
    "activate_totp": "civic.forms.auth.ActivateTOTPForm",
}

# --- Email (sent only from Celery tasks, after the transaction commits) ---------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "London civic portal <noreply@london.gov.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files that only some people may see (application attachments) live outside the
# public web root and are served by views that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Wagtail --------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff sign in through allauth (which asks for the authenticator code), never
# through Wagtail's password-only form.
WAGTAILADMIN_LOGIN_URL = "account_login"
# No Gravatar: it would send staff email hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Passwords and email addresses are changed through allauth (verification,
# rate limits, notifications), not through Wagtail's account page or its own
# password reset, which would skip all three.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# --- Security -------------------------------------------------------------------
# Secure by default; DEBUG (local development over plain http) relaxes the
# transport settings only.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "civic.views.errors.csrf_failure"
SESSION_COOKIE_NAME = "civic_session"
CSRF_COOKIE_NAME = "civic_csrftoken"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail and Django admins (staff only, behind MFA) still rely on inline
# styles and scripts; they get this relaxed policy, and nothing else does.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# --- Rate limits (civic.ratelimit) ----------------------------------------------
# The portal's own actions, per signed-in person and per client IP address:
# "count/period" with the period in s, m, h or d. One switch turns these and
# allauth's off together (the benchmark does, as all its visitors share an IP).
CIVIC_RATE_LIMITS_ENABLED = env_bool(
    "RATE_LIMITS_ENABLED", default=ACCOUNT_RATE_LIMITS_ENABLED
)
CIVIC_RATE_LIMIT_CACHE = "default"
CIVIC_RATE_LIMITS = {
    # Starting a pledge or another payment attempt for one.
    "pledge": {"user": "10/10m", "ip": "60/10m"},
    # Starting a discussion thread or replying. Talk London's own limit (10 posts
    # an hour, in the database) covers a steady stream; this stops bursts, and
    # many accounts posting from one address.
    "post": {"user": "4/m", "ip": "30/10m"},
    "report": {"user": "10/h", "ip": "60/h"},
    # Invitations send email to addresses the inviter chooses.
    "invite": {"user": "20/h", "ip": "100/h"},
    "topic_proposal": {"user": "5/h", "ip": "30/h"},
}

# --- Uploads ---------------------------------------------------------------------
# Form fields (not files) may use at most this much memory; bigger requests get
# a 400. Files up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory, larger ones go
# to a temporary file; each upload form also caps what it writes
# (civic.uploads.CappedUploadHandler). nginx refuses bodies over 25 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default, on purpose
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Portal ---------------------------------------------------------------------
CIVIC_ADMIN_PATH = "django-admin/"
# Benchmark settings only (make bench): serves /_bench/ceiling/, the constant
# response every key page's throughput is compared with.
CIVIC_BENCHMARK = env_bool("CIVIC_BENCHMARK", False)
# Staff pages served in the public design (not in the Wagtail admin); staff
# reach them only with two-factor sign-in, like the admin.
CIVIC_STAFF_AREAS = (
    "/get-online/staff/",
    "/tech-talent/programme/",
    # Aggregates of members' special category answers (ethnicity, disability).
    "/talk-london/representativeness/",
)
CIVIC_STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)
# Screens that show other people's personal data. Each answered request to
# one is logged (civic.access_log) and shown to superusers in the admin.
CIVIC_PERSONAL_DATA_ROUTES = (
    # Get online: the staff area (residents, loans, letters, registers)
    "inclusion:staff_*",
    "inclusion:participant_*",
    "inclusion:assisted_apply",
    "inclusion:site_dashboard",
    "inclusion:waiting_list",
    "inclusion:site_loans",
    "inclusion:overdue_list",
    "inclusion:letters",
    "inclusion:letter_*",
    "inclusion:allocate",
    "inclusion:loan_*",
    "inclusion:collection_letter",
    "inclusion:device_incident",
    "inclusion:session_register",
    "inclusion:attendance_record",
    "inclusion:confidence_paper",
    "inclusion:evaluation_csv",
    # Tech talent: providers' applicants, the programme's export
    "diversity:cohort_applicants",
    "diversity:provider_application",
    "diversity:application_release",
    "diversity:application_completion",
    "diversity:application_outcome",
    "diversity:programme_csv",
    # Talk London: survey exports and free-text answers, held posts
    "talk_london_surveys:export*",
    "talk_london_surveys:text_answers",
    "talk_london_discussions:pending_posts",
    # Crowdfund: review of projects (owners' details), backers
    "crowdfund_review:*",
    "crowdfund_city_hall:crowd_pledges",
    # Challenges: applications seen by owners and assessors
    "challenges:owner_application",
    "challenges:attachment_download",
    "challenges:assessment",
    "challenges_assessment:application",
    "challenges_assessment:panel",
    # Moderation, and people's accounts in the admin
    "civic_moderation:*",
    "wagtailusers_users:*",
    # Failed background work: the addresses of emails that could not be sent
    "civic_faults",
)
# How long things are kept before the nightly retention task
# (civic.tasks.purge_expired_data, civic/retention.py) deletes them, in days.
# None keeps them (switches the rule off). The privacy notice shows these.
CIVIC_RETENTION_DAYS = {
    "access_log": 2 * 365,
    # Talk London "about you" answers (special category) of people who have
    # not taken part for this long.
    "special_category": 365,
    # Survey responses started and never submitted.
    "survey_drafts": 30,
    # Crowdfund project drafts never submitted, pledges never paid.
    "crowdfund_drafts": 90,
    # Civic Innovation Challenge applications still in draft this long after
    # the challenge's deadline (they can never be submitted).
    "challenge_drafts": 30,
    # Get online: the circumstances a resident gave to borrow a device
    # (some are health data) once their request has closed.
    "lending_circumstances": 365,
    # Get online: an erasure asked for while a device was out on loan is
    # finished this long after it was asked for, once the device is back.
    "pending_erasure": 0,
    # Digital Talent equality monitoring answers, this long after the cohort
    # started: long enough for the course (up to two years), the 6-month
    # outcome and the year's report.
    "equality_monitoring": 1095,
}
# Printable letters count as exports: they leave the building on paper.
CIVIC_PERSONAL_DATA_EXPORT_ROUTES = (
    "letter_print",
    "collection_letter",
    "confidence_paper",
)
DESIGN_SYSTEM_PUBLIC = DEBUG
# Crowdfund London's payment provider (docs/crowdfund-payments.md). The offline
# gateway needs no network and serves its own test card page.
CROWDFUND_PAYMENT_GATEWAY = os.environ.get(
    "CROWDFUND_PAYMENT_GATEWAY", "crowdfund.payments.offline.OfflineGateway"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
