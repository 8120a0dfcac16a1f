"""PostgreSQL: one query ranks the matches with ``ts_rank`` (see the package)."""

from typing import Any

from django.db.models import F, QuerySet
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy, MatchAll, Not

from .ranking import TITLE_WEIGHT, RankOnceQueryCompiler, RankOnceSearchResults


class RankOncePostgresQueryCompiler(RankOnceQueryCompiler, postgres.PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query: Any) -> list[tuple[Any, Any]]:
        """The title's rank weighs TITLE_WEIGHT times the body's (Wagtail's own backend
        weighs it by the field boosts' tsvector weights only, so a short body mentioning
        the words outranked a title naming them); shorter titles still weigh more
        (``title_norm``), as in Wagtail's backend."""
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]

    def ranked_ids(self, config: Any) -> "QuerySet[Any] | None":
        """The ids of the matching candidates, best first (one query), or None for
        everything, nothing or a fuzzy search."""
        query = self.query
        if isinstance(query, MatchAll | Fuzzy) or (
            isinstance(query, Not) and isinstance(query.subquery, MatchAll)
        ):
            return None
        return self.search(config, None, None).values_list("pk", flat=True)


class RankOncePostgresSearchResults(RankOnceSearchResults, postgres.PostgresSearchResults):
    pass


class RankOncePostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = RankOncePostgresQueryCompiler
    results_class = RankOncePostgresSearchResults
