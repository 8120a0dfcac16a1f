"""Production: refuses to start without the settings a public service needs."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CERTIFICATES_DEV_SIGNING_KEY,
    CERTIFICATES_SIGNING_KEY,
    DATABASES,
    INSTALLED_APPS,
    REDIS_URL,
    SECRET_KEY,
    SITE_URL,
    env,
)

DEBUG = False
PRODUCTION = True
LOOPBACK_HOSTS = {"localhost", "::1", "0.0.0.0", "testserver"}

# The demo app is not part of a production install. AULA_DEMO=1 adds it (a staging
# copy, a trial) so that `seed_demo --allow-production` can run.
if env.bool("AULA_DEMO", default=False):
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

if not SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site answers to.")
if not CERTIFICATES_SIGNING_KEY or CERTIFICATES_SIGNING_KEY == CERTIFICATES_DEV_SIGNING_KEY:
    raise ImproperlyConfigured(
        "CERTIFICATES_SIGNING_KEY must be set to the platform's own Ed25519 key (python -c "
        "'import base64,secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32))"
        '.decode().rstrip("="))\').'
    )

if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the site's public origin (e.g. https://aula.example.it): "
        "every link in emails, QR codes, feeds and certificates is written on it."
    )
_site_host = urlsplit(SITE_URL).hostname or ""
if (
    not SITE_URL.startswith("https://")
    or _site_host in LOOPBACK_HOSTS
    or _site_host.startswith("127.")
):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's public https:// origin, not {SITE_URL!r}: it is signed "
        "into every certificate's QR code and credential."
    )

_email_url = env("EMAIL_URL", default="")
if not _email_url or _email_url.startswith("consolemail:"):
    raise ImproperlyConfigured(
        "EMAIL_URL must name a real mail server (e.g. smtp+tls://user:pass@smtp.example.it:587): "
        "the console backend would print account confirmations and password resets to the log."
    )

# Several server processes share sessions' rate limits, the cache and the websockets'
# channel layer only through Redis; in-memory ones would split the site in pieces. The
# servers' own variable WEB_CONCURRENCY (uvicorn's and gunicorn's default number of
# workers) or AULA_WORKERS (the processes behind the proxy) tells how many there are.
for _variable in ("WEB_CONCURRENCY", "AULA_WORKERS"):
    if env.int(_variable, default=1) > 1 and not REDIS_URL:
        raise ImproperlyConfigured(
            f"REDIS_URL must be set when {_variable} asks for several worker processes: "
            "the cache, rate limits and the websockets' channel layer must be shared."
        )

# Two factors are required of administrators, editors-in-chief and training managers
# (an empty AULA_MFA_REQUIRED_ROLES= turns the requirement off).
AULA_MFA_REQUIRED_ROLES = env.list(
    "AULA_MFA_REQUIRED_ROLES", default=["superuser", "editor_in_chief", "training_manager"]
)

# Connections are pooled per process on both databases (DATABASE_POOL, on by default).
# Under uvicorn each request runs in a thread of its own, and Django's connections
# belong to a thread, so without a pool every request opened a new one.
#
# SQLite: our backend (website/core/sqlite_pool) keeps the connections Django closes at
# the end of a request and lends them to the next one. A new SQLite connection registers
# Django's functions and parses the whole schema (a few hundred tables and indexes) on
# its first query: 3 ms of CPU, as much as a whole self check-in. DATABASE_POOL_MAX_SIZE
# bounds the connections a process keeps idle. With DATABASE_POOL=False each thread keeps
# its own for CONN_MAX_AGE seconds instead (600 by default), which pays off only under a
# WSGI server.
#
# PostgreSQL: psycopg's pool, through Django. Opening a server connection took 9-12 ms
# on the benchmark machine against 0.5-0.8 ms to borrow one. The pool also bounds a
# process's connections in a burst (at most DATABASE_POOL_MAX_SIZE; requests wait for
# one, up to DATABASE_POOL_TIMEOUT seconds).
#
# Django refuses a pool with persistent connections, and a kept SQLite connection would
# never go back to ours, so CONN_MAX_AGE is 0 with either pool.
DATABASE_POOL = env.bool("DATABASE_POOL", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASE_POOL:
        DATABASES["default"]["ENGINE"] = "website.core.sqlite_pool"
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool_size"] = env.int("DATABASE_POOL_MAX_SIZE", default=20)
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=20),
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=30),
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SERVE_PUBLIC_MEDIA = env.bool("SERVE_PUBLIC_MEDIA", default=False)
