"""Tests of the deployed shape, each collected only where its services exist (never skipped).

The two-node test needs PostgreSQL and Redis; the database outage test needs a
database server to stop, which SQLite is not.
"""

from django.conf import settings

collect_ignore = []
on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if not on_postgresql:
    collect_ignore.append("test_database_outage.py")
if not on_postgresql or not settings.REDIS_URL:
    collect_ignore.append("test_two_nodes.py")
