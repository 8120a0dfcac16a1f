"""The site's search backend: Wagtail's database backend, ranking each match once on SQLite.

Wagtail's SQLite backend orders results by a correlated subquery that runs the
full-text match again for every matching page, so a search costs matches ×
match and grew 19× between the demo at scale 1 and at scale 100. Here the
match runs once: one query ranks the matching index entries of the candidate
pages with FTS5's bm25 (ids only); the ranking of a query is kept in the cache
until the index changes (or a minute passes), so paging through results or a
popular query does not rank again. The rank is FTS5's bm25 with the title weighing
ten times the body, as PostgreSQL's backend weighs a title (A) against the
body: a page whose title has the words comes before one that only mentions
them (Wagtail's SQLite ranking scored the whole entry alike and favoured short
documents). Ties go to the newest page. PostgreSQL ranks in the main query
already (``ts_rank`` once per matching row) and is used unchanged.
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import FloatField, Func, IntegerField, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from website.core.searchindex.selectors import index_version

# Far above any search's matches (the whole channel is about 7,000 pages).
RANKING_LIMIT = 20_000
# Besides the index version: a page made private keeps no index entry change.
RANKING_CACHE_SECONDS = 60


class WeightedBM25(Func):
    """bm25 of the index entry, by column: autocomplete (not searched here), body, title
    (the order in which the FTS5 table declares them)."""

    output_field = FloatField()
    template = f"bm25({sqlite.SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, 10.0)"


class RankOnceQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def _match(self, config):
        """The ranked index entries matching the query, or None where the backend's
        own path applies (everything, nothing or a negated query)."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS,
            self.build_search_query(normalized, config=config),
        )
        candidates = self.queryset.annotate(_object_id=Cast("pk", TextField())).values("_object_id")
        return sqlite.SQLiteFTSIndexEntry.objects.filter(match).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
            index_entry__object_id__in=candidates,
        )

    def ranking(self, config) -> list[int] | None:
        """The ids of every matching page, best first (at most RANKING_LIMIT).

        Kept in the cache under the query's SQL and the index's version, which
        every index update moves on (``website.core.searchindex``): a search
        repeated before the index changes is not ranked again.
        """
        entries = self._match(config)
        if entries is None:
            return None
        ranked = (
            entries.annotate(
                _score=WeightedBM25(), _pk=Cast("index_entry__object_id", IntegerField())
            )
            .order_by("_score", "-_pk")
            .values_list("index_entry__object_id", flat=True)[:RANKING_LIMIT]
        )
        sql, params = ranked.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"aula:search-ranking:{index_version()}:{digest}"
        ids = cache.get(key)
        if ids is None:
            ids = [int(object_id) for object_id in ranked]
            cache.set(key, ids, RANKING_CACHE_SECONDS)
        return ids

    def ranked_results(self, config, start, stop) -> list[Any] | None:
        ranking = self.ranking(config)
        if ranking is None:
            return None
        ids = ranking[start:stop]
        if not ids:
            return []
        found = self.queryset.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def match_count(self, config) -> int | None:
        ranking = self.ranking(config)
        return None if ranking is None else len(ranking)


class RankOnceSearchResults(sqlite.SQLiteSearchResults):
    def _ranks_once(self) -> bool:
        # Scores asked for by name are the backend's own business (none of ours asks).
        return self._score_field is None and self.query_compiler.order_by_relevance

    def _do_search(self):
        if self._ranks_once():
            config = self.query_compiler.get_config(self.backend)
            results = self.query_compiler.ranked_results(config, self.start, self.stop)
            if results is not None:
                return results
        return super()._do_search()

    def _do_count(self):
        if self._ranks_once():
            count = self.query_compiler.match_count(self.query_compiler.get_config(self.backend))
            if count is not None:
                start = min(self.start, count)
                return (min(self.stop, count) if self.stop is not None else count) - start
        return super()._do_count()


class RankOnceSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = RankOnceQueryCompiler
    results_class = RankOnceSearchResults


def SearchBackend(params):  # Wagtail looks for this name in the module
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and isinstance(backend, sqlite.SQLiteSearchBackend):
        return RankOnceSQLiteSearchBackend(params)
    return backend
