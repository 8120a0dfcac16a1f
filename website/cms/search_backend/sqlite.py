"""SQLite: one FTS5 query ranks the matching index entries with bm25 (see the package)."""

from typing import Any

from django.db.models import FloatField, Func, IntegerField, QuerySet, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .ranking import TITLE_WEIGHT, RankOnceQueryCompiler, RankOnceSearchResults


class WeightedBM25(Func):
    """bm25 of the index entry, by column: autocomplete (not searched here), body, title
    (the order in which the FTS5 table declares them)."""

    output_field = FloatField()
    template = f"bm25({sqlite.SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, {TITLE_WEIGHT:.1f})"


class RankOnceSQLiteQueryCompiler(RankOnceQueryCompiler, sqlite.SQLiteSearchQueryCompiler):
    def ranked_ids(self, config: Any) -> "QuerySet[Any] | None":
        """The ids of the matching index entries of the candidate pages, by bm25 (one
        query), or None for everything, nothing or a negated query."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS,
            self.build_search_query(normalized, config=config),
        )
        candidates = self.queryset.annotate(_object_id=Cast("pk", TextField())).values("_object_id")
        return (
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=candidates,
            )
            .annotate(_score=WeightedBM25(), _pk=Cast("index_entry__object_id", IntegerField()))
            .order_by("_score", "-_pk")
            .values_list("index_entry__object_id", flat=True)
        )


class RankOnceSQLiteSearchResults(RankOnceSearchResults, sqlite.SQLiteSearchResults):
    pass


class RankOnceSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = RankOnceSQLiteQueryCompiler
    results_class = RankOnceSQLiteSearchResults
