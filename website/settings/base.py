"""Settings shared by every environment.

Safe by default: no debug, no secret key, nothing that works only on a
developer's laptop. Every value that differs between machines comes from the
environment (see the README's "Configuration" table).
"""

import warnings
from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

from . import sso

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# True in production.py and in every settings module built on it: `seed_demo` checks it.
PRODUCTION = False
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Public origin of every absolute address (emails, QR codes, feeds, certificates), read
# only through website.core.links. Production requires it; dev derives it from PORT.
SITE_URL = env("SITE_URL", default="").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Aula"

INSTALLED_APPS = [
    # Our apps first, so their templates override those of the libraries.
    "website.core",
    "website.accounts",
    "website.notifications",
    "courses",
    "attendance",
    "certificates",
    "reports",
    "website.cms",
    "website.analytics",
    "forums",
    "resources",
    "quizzes",
    "learning",
    "records",
    "quality",
    "packages",
    "surveys",
    "website.audit",
    "website.privacy",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "website.accounts.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    # Real time and background work
    "channels",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "website.core.searchindex",  # after wagtail.search: replaces its index receivers
]

# The security headers' middlewares come first: /healthz is answered right after them
# (website.core.middleware.HealthCheckMiddleware), with the same headers as every page and
# without the sessions, language, messages and accounts no health check reads.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "website.core.csp.AulaCSPMiddleware",
    "website.core.middleware.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "website.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "website.accounts.mfa.SecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "website.core.memo.RequestMemoMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"
ASGI_APPLICATION = "website.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.core.context_processors.site_chrome",
                "website.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Every form (ours, allauth's) renders through Bootstrap Italia markup.
FORM_RENDERER = "website.core.forms.AulaFormRenderer"

# --- Data -----------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes;
    # IMMEDIATE transactions avoid "database is locked" on upgrade from read to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="aula")

CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that turns a Redis outage into misses (website/core/cache.py);
            # short timeouts keep a Redis that hangs from holding requests.
            "BACKEND": "website.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # An idle consumer waits on Redis with a 5-second BZPOPMIN;
                # redis-py 8's default 5-second read timeout would end that
                # wait with an error and close every quiet websocket
                # (django/channels_redis#422). 15 seconds still notices a
                # dead connection.
                # redis-py's pool holds 100 connections by default and refuses
                # the 101st: a process with a few hundred websockets opening at
                # once (bench/bench_live.py) would fail some of them.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 1000}],
                "prefix": f"{CACHE_KEY_PREFIX}:asgi",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Page views, downloads and read marks wait here until the periodic job writes them
# (website.core.counters); used only when there is no Redis.
COUNTERS_DIR = Path(env("COUNTERS_DIR", default=str(BASE_DIR / "var" / "counters")))

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole pages for anonymous readers (website/cms/page_cache.py) and each person's header
# (templates/includes/header.html): how long a copy may live at most, in seconds; every
# edit drops the copies at once. 0 turns that cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
USER_CHROME_CACHE_SECONDS = env.int("USER_CHROME_CACHE_SECONDS", default=600)

# Background work: Django's Tasks API through the django-tasks backport.
# The database backend needs `manage.py db_worker` running (make run starts one).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# WhiteNoise (and Django's FileResponse for private files) stream through a
# synchronous iterator; under ASGI Django reads it in a worker thread and warns
# on every file. That is correct and cheap for our sizes, so the warning is
# silenced here, deliberately and only for this message.
warnings.filterwarnings(
    "ignore",
    message="StreamingHttpResponse must consume synchronous iterators",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Whitenoise's compressed manifest storage, each file's URL worked out once (see the module).
    "staticfiles": {"BACKEND": "website.core.staticfiles.StaticFilesStorage"},
}
# Only public images are ever served straight from MEDIA_ROOT; documents,
# attachments and certificates go through views that check permissions.
SERVE_PUBLIC_MEDIA = env.bool("SERVE_PUBLIC_MEDIA", default=True)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- People ---------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, with each person's permissions cached (website/accounts/backends.py).
    "website.accounts.backends.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
# After login, "La mia formazione" (a `next` address wins); after signup, the profile,
# where a newcomer asks to join their centre.
LOGIN_REDIRECT_URL = "courses:dashboard"
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:profile"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "website.accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# The issue asks that a duplicate address be named in the sign-up form; staff
# addresses are public in the PA directories, so hiding them buys little.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, restated so that the README and the tests can cite them.
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "website.accounts.adapters.AccountAdapter"
# Two factors (allauth's MFA): an authenticator app (TOTP) plus single-use recovery codes,
# open to everyone. AULA_MFA_REQUIRED_ROLES lists who must have them before reaching any
# page but the account's own: role codes (website/accounts/roles.py) and "superuser".
# Empty here (development, the demo, the tests); production requires them of
# administrators, editors-in-chief and training managers unless told otherwise.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Aula")
AULA_MFA_REQUIRED_ROLES = env.list("AULA_MFA_REQUIRED_ROLES", default=[])

# Institutional login (SAML 2.0 and OpenID Connect through allauth's providers): a Region's
# identity provider, or SPID/CIE through a regional broker. Built from the AULA_OIDC_* and
# AULA_SAML_* variables (website/settings/sso.py, the README's "Accesso istituzionale");
# nothing configured, no provider and no button. A first login asks for the details the
# sign-up form asks (the centre, the privacy notice) with what the identity provider sent
# filled in; later logins find the account by the provider's identifier.
SOCIALACCOUNT_PROVIDERS = sso.providers(env)
SOCIALACCOUNT_ADAPTER = "website.accounts.sso.InstitutionalLoginAdapter"
SOCIALACCOUNT_FORMS = {"signup": "website.accounts.sso.InstitutionalSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False
# When AULA_SSO_CONNECT_BY_EMAIL lets a login find an existing account by its verified
# address, the institutional identity is connected to it for the next time.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("AULA_SSO_TIMEOUT", default=10)

# E-mail domains whose verified addresses confirm a request to join a centre
# without a manager, each only within its scope: "domain=region:<code>",
# "domain=cluster:<code>" or "domain=centre:<code>", comma-separated.
AFFILIATION_TRUSTED_DOMAINS = env.dict("AFFILIATION_TRUSTED_DOMAINS", default={})

# --- Language, time and numbers -------------------------------------------

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Italian dates without a leading zero on the day (website/formats/it/formats.py).
FORMAT_MODULE_PATH = ["website.formats"]
LANGUAGE_COOKIE_NAME = "aula_language"
LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
LANGUAGE_COOKIE_SAMESITE = "Lax"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Email ----------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Aula <noreply@aula.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------

# Wagtail's database backend (FTS5 on SQLite, PostgreSQL's full-text search), ranking each
# query once and keeping the ranking until the index changes (website/cms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "website.cms.search_backend"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from any page, the admin included (Wagtail would
# load avatars from Gravatar).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Security defaults that hold everywhere --------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads it from JavaScript.

# Content-Security-Policy (django-csp). Scripts, frames and connections from the site
# itself only, no inline script and no eval. Images and fonts also as data: URIs
# (Bootstrap Italia's SVG icons, QR codes, a font its stylesheet embeds). Styles also
# inline: Bootstrap Italia's script writes <style> elements and style attributes, and
# a few progress bars set their width; a style cannot run script, and what users write
# is sanitised before it is shown. Channels' websockets connect to the site's own host,
# which 'self' covers (CSP level 3: ws/wss on the page's host and port). The packages
# player's files and private documents set their own, narrower header; Wagtail's admin
# also allows inline scripts (website/core/csp.py). AULA_CSP_REPORT_ONLY=true sends the
# same policy as Content-Security-Policy-Report-Only (violations reported, nothing
# blocked), to AULA_CSP_REPORT_URI when set.
_CSP_SELF = "'self'"
_CSP_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF, "'unsafe-inline'"],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF, "data:"],
        "connect-src": [_CSP_SELF],
        "frame-src": [_CSP_SELF],
        "frame-ancestors": [_CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
    }
}
if env("AULA_CSP_REPORT_URI", default=""):
    _CSP_POLICY["DIRECTIVES"]["report-uri"] = [env("AULA_CSP_REPORT_URI")]
AULA_CSP_REPORT_ONLY = env.bool("AULA_CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if AULA_CSP_REPORT_ONLY else _CSP_POLICY
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_POLICY if AULA_CSP_REPORT_ONLY else None

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- Attendance registers (attendance/) -----------------------------------

# Self check-in: how long each classroom code is shown, how early before a
# day starts people may check in, after how many minutes a check-in counts as
# a late arrival, and how many codes one person may try per minute.
ATTENDANCE_CHECKIN_CODE_SECONDS = env.int("ATTENDANCE_CHECKIN_CODE_SECONDS", default=60)
ATTENDANCE_CHECKIN_OPENS_MINUTES_BEFORE = env.int(
    "ATTENDANCE_CHECKIN_OPENS_MINUTES_BEFORE", default=30
)
ATTENDANCE_LATE_AFTER_MINUTES = env.int("ATTENDANCE_LATE_AFTER_MINUTES", default=15)
ATTENDANCE_CHECKIN_RATE = env("ATTENDANCE_CHECKIN_RATE", default="10/m")

# --- Resources: learning materials and the document library ---------------

# Largest file, and most files at once, that teachers and training managers upload.
RESOURCES_MAX_UPLOAD_SIZE = env.int(
    "RESOURCES_MAX_UPLOAD_SIZE", default=WAGTAILDOCS_MAX_UPLOAD_SIZE
)
RESOURCES_MAX_FILES_PER_UPLOAD = env.int("RESOURCES_MAX_FILES_PER_UPLOAD", default=20)
# Who sends the bytes of protected files (documents, previews) once a view has
# checked the person asking: "django" streams them from Python (default);
# "x-accel-redirect" hands them to nginx through an `internal` location at
# PROTECTED_FILES_NGINX_PREFIX that aliases MEDIA_ROOT; "x-sendfile" hands them
# to Apache's mod_xsendfile. Wagtail's document view uses the same backend.
PROTECTED_FILES_SERVER = env("PROTECTED_FILES_SERVER", default="django")
PROTECTED_FILES_NGINX_PREFIX = env("PROTECTED_FILES_NGINX_PREFIX", default="/protected-media/")
if PROTECTED_FILES_SERVER != "django":
    SENDFILE_BACKEND = "website.core.files"

# --- Forums (forums/) --------------------------------------------------------

# How long authors may withdraw their own post.
FORUMS_DELETE_WINDOW_MINUTES = env.int("FORUMS_DELETE_WINDOW_MINUTES", default=30)
# Posting limits per person (topics and replies together), "count/period" (5/m, 40/h).
FORUMS_POST_RATES = env.list("FORUMS_POST_RATES", default=["5/m", "40/h"])
# In-page previews per person (the editor's "Anteprima": rendered, never saved).
FORUMS_PREVIEW_RATES = env.list("FORUMS_PREVIEW_RATES", default=["30/m", "300/h"])
# Reports per person (a report reaches every moderator of the forum).
FORUMS_REPORT_RATE = env("FORUMS_REPORT_RATE", default="10/h")
FORUMS_ATTACHMENT_MAX_BYTES = env.int("FORUMS_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024)

# Quizzes: the largest question bank file (Moodle XML or GIFT) an import accepts.
QUIZZES_IMPORT_MAX_BYTES = env.int("QUIZZES_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
FORUMS_ATTACHMENTS_PER_POST = env.int("FORUMS_ATTACHMENTS_PER_POST", default=5)
# Where a forum approves newcomers' posts: how many approved posts make someone trusted.
FORUMS_TRUSTED_AFTER_POSTS = env.int("FORUMS_TRUSTED_AFTER_POSTS", default=1)
# How long live-update events are kept for pages that reconnect.
FORUMS_EVENT_RETENTION_HOURS = env.int("FORUMS_EVENT_RETENTION_HOURS", default=48)

# --- Packaged e-learning content: SCORM and H5P (packages/) ----------------

# The largest package file uploaded, and what it may unpack to: number of entries, total
# bytes once inflated, any one entry (the compression ratio is checked as for office files).
PACKAGES_MAX_UPLOAD_SIZE = env.int("PACKAGES_MAX_UPLOAD_SIZE", default=200 * 1024 * 1024)
PACKAGES_MAX_ENTRIES = env.int("PACKAGES_MAX_ENTRIES", default=5000)
PACKAGES_MAX_UNPACKED_BYTES = env.int("PACKAGES_MAX_UNPACKED_BYTES", default=500 * 1024 * 1024)
PACKAGES_MAX_ENTRY_BYTES = env.int("PACKAGES_MAX_ENTRY_BYTES", default=200 * 1024 * 1024)

# --- Certificates (certificates/) -------------------------------------------

# The Ed25519 key that signs the Open Badges credentials and the status lists:
# a PEM (PKCS #8) key or its 32-byte seed in base64url. Required in production.
CERTIFICATES_SIGNING_KEY = env("CERTIFICATES_SIGNING_KEY", default=None)
# Public keys (raw, base64url) of earlier signing keys, still published in the
# JWKS so that credentials signed with them keep verifying after a rotation.
CERTIFICATES_PREVIOUS_PUBLIC_KEYS = env.list("CERTIFICATES_PREVIOUS_PUBLIC_KEYS", default=[])
# The development and test key: public, so production refuses it.
CERTIFICATES_DEV_SIGNING_KEY = "yWzqYtvBwsCw-Fe8nWrkYEWZoOE2V0aJJrACFEeF8KM"
# Lookups per client address on the public verification page, "count/period".
CERTIFICATES_VERIFY_RATE = env("CERTIFICATES_VERIFY_RATE", default="30/m")

# --- Yearly training record (records/) ----------------------------------------

# The yearly target when a training manager set none for the year (the Minister for
# Public Administration's directive of 14 January 2025: at least 40 hours a year).
RECORDS_DEFAULT_TARGET_HOURS = env.int("RECORDS_DEFAULT_TARGET_HOURS", default=40)
# Evidence of external training: a PDF certificate of at most this size.
RECORDS_EVIDENCE_MAX_BYTES = env.int("RECORDS_EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)
# Fetching an external issuer's keys (JWKS) and status lists: timeout in seconds, the
# largest answer read, how long an answer is cached (seconds).
RECORDS_FETCH_TIMEOUT = env.float("RECORDS_FETCH_TIMEOUT", default=5.0)
RECORDS_FETCH_MAX_BYTES = env.int("RECORDS_FETCH_MAX_BYTES", default=256 * 1024)
RECORDS_FETCH_CACHE_SECONDS = env.int("RECORDS_FETCH_CACHE_SECONDS", default=600)
# Plain http to the loopback (127.0.0.1, ::1, localhost) for an issuer's keys: only in
# development and tests, where a demo issuer is served locally. Always https otherwise.
RECORDS_ALLOW_LOOPBACK_HTTP = False

# --- Personal data (website/privacy) --------------------------------------------

# How long the registers, enrolments and certificates of an erased account are kept
# (under a pseudonym) before the retention job deletes them. Set it to the funders' rule
# (the ESF asks for the documents for years after the programme's last payment).
AULA_RETENTION_YEARS = env.int("AULA_RETENTION_YEARS", default=10)
# Days a person's copy of their data stays downloadable.
AULA_PERSONAL_DATA_DAYS = env.int("AULA_PERSONAL_DATA_DAYS", default=7)

# website.core.prepared: compare each kept query with a fresh build (the test suite turns it on).
PREPARED_QUERIES_CHECKED = False
