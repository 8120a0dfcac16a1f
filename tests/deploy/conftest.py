"""The two-node test needs PostgreSQL and Redis: elsewhere it is not collected (never skipped)."""

from django.conf import settings

collect_ignore = []
if (
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    or not settings.REDIS_URL
):
    collect_ignore.append("test_two_nodes.py")
