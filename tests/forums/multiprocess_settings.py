"""Settings for app processes that a test starts beside itself (tests/forums/test_two_processes.py).

They use the test's own database and Redis database, and the same cache and
channel-layer prefix, so that they and the test behave as one site.
"""

import os

from website.settings.test import *  # noqa: F403
from website.settings.test import CACHES, CHANNEL_LAYERS, DATABASES

DATABASES["default"]["NAME"] = os.environ["AULA_TEST_DATABASE_NAME"]
CACHES["default"]["LOCATION"] = os.environ["AULA_TEST_REDIS_URL"]
CACHES["default"]["KEY_PREFIX"] = os.environ["AULA_TEST_KEY_PREFIX"]
CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = os.environ["AULA_TEST_REDIS_URL"]
CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = os.environ["AULA_TEST_CHANNEL_PREFIX"]
REDIS_URL = os.environ["AULA_TEST_REDIS_URL"]
