"""Tests of the deployed shape, each collected only where its services exist (never skipped).

The two-node test needs PostgreSQL and Redis; the database outage test needs a
database server to stop, which SQLite is not; the pool test needs PostgreSQL's pool.
"""

from django.conf import settings

collect_ignore = []
on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if not on_postgresql:
    collect_ignore += ["test_database_outage.py", "test_database_pool.py"]
if not on_postgresql or not settings.REDIS_URL:
    collect_ignore.append("test_two_nodes.py")
