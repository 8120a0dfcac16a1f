"""Production: refuses to start without the settings a public service needs."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CERTIFICATES_DEV_SIGNING_KEY,
    CERTIFICATES_SIGNING_KEY,
    INSTALLED_APPS,
    SECRET_KEY,
    SITE_URL,
    env,
)

DEBUG = False
PRODUCTION = True

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

# Two factors are required of administrators, editors-in-chief and training managers
# (an empty AULA_MFA_REQUIRED_ROLES= turns the requirement off).
AULA_MFA_REQUIRED_ROLES = env.list(
    "AULA_MFA_REQUIRED_ROLES", default=["superuser", "editor_in_chief", "training_manager"]
)

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
