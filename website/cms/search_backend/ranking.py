"""What both databases' backends share: a query's ranking, computed once and cached until
the search index changes, and the results and counts read from it."""

import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from modelsearch.utils import get_descendants_content_types_pks

from website.core.searchindex.selectors import index_version

# Far above any search's matches (the whole channel is about 7,000 pages).
RANKING_LIMIT = 20_000
# Besides the index version: a page made private keeps no index entry change.
RANKING_CACHE_SECONDS = 60
# How much more a match in the title counts than one in the body, on both databases: a
# page whose title has the words comes before one that only mentions them.
TITLE_WEIGHT = 10


class RankOnceQueryCompiler:
    """What both databases' compilers share: the cached ranking and the results read from it.

    A compiler using it offers ``ranked_ids(config)``: the query of the ids of every
    match, best first, or None where the backend's own path applies.
    """

    queryset: QuerySet[Any]

    def ranked_ids(self, config: Any) -> "QuerySet[Any] | None":
        raise NotImplementedError

    def ranking(self, config: Any) -> list[int] | None:
        """The ids of every matching object, best first (at most RANKING_LIMIT).

        Kept in the cache under the ranking query's SQL and the index's version,
        which every index update moves on (``website.core.searchindex``): a
        search repeated before the index changes is not ranked again.
        """
        # The ranking query names the model's content types in the order the content-type
        # cache returns them, which differs while that cache fills (a new process's first
        # search): read them once first, or that search ranks twice under two keys.
        get_descendants_content_types_pks(self.queryset.model)
        ranked = self.ranked_ids(config)
        if ranked is None:
            return None
        ranked = ranked[:RANKING_LIMIT]
        sql, params = ranked.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"aula:search-ranking:{index_version()}:{digest}"
        ids = cache.get(key)
        if ids is None:
            ids = [int(object_id) for object_id in ranked]
            cache.set(key, ids, RANKING_CACHE_SECONDS)
        return ids

    def ranked_results(self, config: Any, start: int, stop: int | None) -> list[Any] | None:
        ranking = self.ranking(config)
        if ranking is None:
            return None
        ids = ranking[start:stop]
        if not ids:
            return []
        found = self.queryset.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def match_count(self, config: Any) -> int | None:
        ranking = self.ranking(config)
        return None if ranking is None else len(ranking)


class RankOnceSearchResults:
    """Results read from the compiler's cached ranking (``RankOnceQueryCompiler``), before
    the backend's own results class in the bases."""

    query_compiler: Any
    backend: Any
    start: int
    stop: int | None
    _score_field: str | None

    def _ranks_once(self) -> bool:
        # Scores asked for by name are the backend's own business (none of ours asks).
        return self._score_field is None and bool(self.query_compiler.order_by_relevance)

    def _do_search(self) -> Any:
        if self._ranks_once():
            config = self.query_compiler.get_config(self.backend)
            results = self.query_compiler.ranked_results(config, self.start, self.stop)
            if results is not None:
                return results
        return super()._do_search()  # type: ignore[misc]

    def _do_count(self) -> Any:
        if self._ranks_once():
            count = self.query_compiler.match_count(self.query_compiler.get_config(self.backend))
            if count is not None:
                start = min(self.start, count)
                return (min(self.stop, count) if self.stop is not None else count) - start
        return super()._do_count()  # type: ignore[misc]
