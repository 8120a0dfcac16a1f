"""Local development and the demo started by `make run`."""

from .base import *  # noqa: F403
from .base import CERTIFICATES_DEV_SIGNING_KEY, INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # seed_demo, run by `make run`

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-aula-4f1c0b1e6f0d4b8c9e2a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CERTIFICATES_SIGNING_KEY = env("CERTIFICATES_SIGNING_KEY", default=CERTIFICATES_DEV_SIGNING_KEY)
RECORDS_ALLOW_LOOPBACK_HTTP = True
