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
    # Accounts
    "allauth",
    "allauth.account",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "website.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
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
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": f"{CACHE_KEY_PREFIX}:asgi",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

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
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
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
    "django.contrib.auth.backends.ModelBackend",
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

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
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
