"""Local development and the demo started by `make run`."""

from .base import *  # noqa: F403
from .base import CERTIFICATES_DEV_SIGNING_KEY, INSTALLED_APPS, SITE_URL, env

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # seed_demo, run by `make run`

# The demo shows what its users will see: the site's own 404, 403 and 500 pages in
# their language, static files through whitenoise (collected by `make run`).
# Django's debug pages (tracebacks, the URL list): `DEBUG=true make run`.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-aula-4f1c0b1e6f0d4b8c9e2a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CERTIFICATES_SIGNING_KEY = env("CERTIFICATES_SIGNING_KEY", default=CERTIFICATES_DEV_SIGNING_KEY)
RECORDS_ALLOW_LOOPBACK_HTTP = True

# The demo's public origin is where `manage.py serve --port N` (`PORT=N make run`)
# listens, unless SITE_URL says otherwise: `serve` sets PORT for itself and its helpers.
SITE_URL_FROM_PORT = not SITE_URL
if SITE_URL_FROM_PORT:
    SITE_URL = f"http://127.0.0.1:{env.int('PORT', default=8000)}"
WAGTAILADMIN_BASE_URL = SITE_URL
