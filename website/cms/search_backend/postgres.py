"""PostgreSQL: one query ranks the matches as Wagtail's backend does (see the package)."""

from typing import Any

from django.db.models import QuerySet
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy, MatchAll, Not

from .ranking import RankOnceQueryCompiler, RankOnceSearchResults


class RankOncePostgresQueryCompiler(RankOnceQueryCompiler, postgres.PostgresSearchQueryCompiler):
    def ranked_ids(self, config: Any) -> "QuerySet[Any] | None":
        """The ids of the matching candidates ranked as Wagtail's backend ranks them (one
        query), or None for everything, nothing or a fuzzy search."""
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
