"""The test suite: fast hasher, local-memory services, tasks run at once."""

import os
import re
import uuid

from .base import *  # noqa: F403
from .base import (
    CACHE_KEY_PREFIX,
    CACHES,
    CERTIFICATES_DEV_SIGNING_KEY,
    CHANNEL_LAYERS,
    DATABASES,
    INSTALLED_APPS,
    REDIS_URL,
)

INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # the demo data read by `demo_db` tests
DEBUG = False
SECRET_KEY = "test-only-not-secret-aula-2a0d6e3c1b7f4e9a8d5c"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Per checkout, so that two working copies can run their suites side by side.
TEST_VAR_DIR = BASE_DIR / "var" / "test"  # noqa: F405
TEST_VAR_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", TEST_VAR_DIR / "media"))  # noqa: F405
COUNTERS_DIR = TEST_VAR_DIR / "counters" / os.environ.get("PYTEST_XDIST_WORKER", "gw")
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
CERTIFICATES_SIGNING_KEY = CERTIFICATES_DEV_SIGNING_KEY
PREPARED_QUERIES_CHECKED = True

# Each xdist worker gets its own Redis database (tests clear the cache between
# them, which empties a whole database) and its own key prefix.
if REDIS_URL:
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    # AULA_REDIS_TEST_DB lets two suites share one Redis without clearing each other.
    _database = (int(os.environ.get("AULA_REDIS_TEST_DB", "1")) + int(_worker or 0) - 1) % 15 + 1
    _redis_url = re.sub(r"/\d*$", "", REDIS_URL.rstrip("/")) + f"/{_database}"
    _prefix = f"{CACHE_KEY_PREFIX}-test-{uuid.uuid4().hex[:8]}"
    CACHES["default"]["LOCATION"] = _redis_url
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = _redis_url
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"{_prefix}:asgi"
    REDIS_URL = _redis_url

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' server threads and the tests
    # must see the same database through their own connections.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_VAR_DIR / "db.sqlite3")}
RECORDS_ALLOW_LOOPBACK_HTTP = True

# Server errors of a test run (the browser tests' server thread too) are also kept per worker in
# var/test/errors-<worker>.log: an expected-failure or a flaky 500 leaves its traceback there.
LOGGING["handlers"]["errors_file"] = {  # noqa: F405
    "class": "logging.FileHandler",
    "level": "ERROR",
    "filename": str(TEST_VAR_DIR / f"errors-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"),
    "delay": True,
}
LOGGING["root"]["handlers"].append("errors_file")  # noqa: F405
