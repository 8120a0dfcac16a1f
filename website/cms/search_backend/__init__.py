"""The site's search backend: Wagtail's database backend, ranking each query once.

Wagtail's SQLite backend orders results by a correlated subquery that runs the
full-text match again for every matching page, so a search costs matches ×
match and grew 19× between the demo at scale 1 and at scale 100. Its
PostgreSQL backend ranks with ``ts_rank`` in the main query, but ranks and
counts every match again for each page of results and each repeated search,
so it too grows with the content. Here, on both databases, one query ranks the
ids of every match; the ranking of a query is kept in the cache until the
index changes (or a minute passes), so paging through results or a popular
query does not rank again, and a page of results reads only its own pages.

A title weighs ten times the body on both (``ranking.TITLE_WEIGHT``): a page whose
title has the words comes before one that only mentions them. SQLite ranks with
FTS5's bm25 by column (Wagtail's SQLite ranking scored the whole entry alike and
favoured short documents); PostgreSQL with ``ts_rank`` of the title (by Wagtail's
length norm, shorter titles weighing more) plus the body's (Wagtail's backend
weighed the title by the fields' boosts only, so a short body
mentioning the words came first), finding the matches through the GIN index on
what it matches (``cms`` migration 0006). Ties go to the newest page on both.
"""

from django.db import connection


def SearchBackend(params):  # Wagtail looks for this name in the package
    # Each database's module is imported only on that database: Wagtail's SQLite backend
    # reads models that exist only there.
    if connection.vendor == "postgresql":
        from .postgres import RankOncePostgresSearchBackend

        return RankOncePostgresSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
    from modelsearch.backends.database.sqlite import sqlite

    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and isinstance(backend, sqlite.SQLiteSearchBackend):
        from .sqlite import RankOnceSQLiteSearchBackend

        return RankOnceSQLiteSearchBackend(params)
    return backend
