"""Queries built and compiled once per shape, run with each caller's values.

Building a queryset with annotations and subqueries and compiling it to SQL costs the
ORM far more than the database takes to answer a page's small query (the dashboard's
yearly record: ~10 ms of Python, ~1 ms of SQLite). :func:`prepared_rows` builds a query
once per *shape* (what its ``key`` says: a year, a number of people) with stand-in
values, compiles it, and keeps the SQL for the life of the process; each call then swaps
the stand-ins in the parameters for its own values and runs the SQL, converting the
rows as the ORM would (dates, decimals, booleans read from SQLite).

Only the SQL is kept, never a row: nothing here can be stale. The query must depend on
its values only through the parameters (``filter(user_id__in=ids)``, ``date=day``); what
changes its shape (a year turned into date bounds, a list's length, an option) belongs
in the ``key``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# Stand-ins no row can hold: negative ids, a day before anyone used the platform.
_FIRST_ID = -(10**12)
_STAND_IN_DAY = date(1901, 2, 3)
_STAND_IN_MOMENT = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)

Value = int | date | datetime

_MAX_SHAPES = 512


@dataclass(frozen=True)
class _Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (parameter position, index of the value)
    converters: dict[int, Any]  # the compiler's, per column: worked out once, not per call

    def rows(self, results: list[list[Any]]) -> Iterable[Any]:
        """The rows converted as the ORM would (``SQLCompiler.results_iter``)."""
        rows = chain.from_iterable(results)
        if self.converters:
            return self.compiler.apply_converters(rows, self.converters)
        return rows


_compiled: dict[Hashable, _Compiled | None] = {}


def _stand_in(value: Value, index: int) -> Value:
    if isinstance(value, datetime):
        return _STAND_IN_MOMENT + timedelta(seconds=index)
    if isinstance(value, date):
        return _STAND_IN_DAY + timedelta(days=index)
    return _FIRST_ID - index


def _adapted(values: Sequence[Value], using: str) -> list[Any]:
    """The values as the ORM passes them to the database (SQLite reads dates as text)."""
    ops = connections[using].ops
    return [
        ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime)
        else ops.adapt_datefield_value(value)
        if isinstance(value, date)
        else value
        for value in values
    ]


def _compile(build: Callable[..., QuerySet], values: Sequence[Value], using: str) -> _Compiled:
    stand_ins = [_stand_in(value, index) for index, value in enumerate(values)]
    queryset = build(*stand_ins)
    if getattr(queryset, "_prefetch_related_lookups", ()) or getattr(
        queryset, "_known_related_objects", {}
    ):
        raise ValueError("A prepared query prefetches nothing and knows no related object.")
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    adapted = _adapted(stand_ins, using)
    where = {value: index for index, value in enumerate(adapted)}
    slots = tuple(
        (position, where[param])
        for position, param in enumerate(params)
        if isinstance(param, int | str | date) and param in where
    )
    unused = set(range(len(values))) - {index for _, index in slots}
    if unused:
        raise ValueError(f"Values {sorted(unused)} are not parameters of the query: {sql}")
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(fields):
        raise ValueError("A prepared query selects no composite primary key.")
    return _Compiled(compiler, sql, tuple(params), slots, compiler.get_converters(fields))


def _run(
    key: Hashable, build: Callable[..., QuerySet], values: Sequence[Value], using: str
) -> tuple[_Compiled, list[list[Any]]] | None:
    """The compiled query and its rows; None for a shape that can match nothing (``__in``
    an empty list of ids), which Django answers without a query."""
    # The zone is a parameter of the SQL of a day read from a moment (``__date``).
    zone = timezone.get_current_timezone_name()
    full_key = (using, connections[using].vendor, zone, key, len(values))
    if full_key in _compiled:
        compiled = _compiled[full_key]
    else:
        try:
            compiled = _compile(build, values, using)
        except EmptyResultSet:
            compiled = None
        if len(_compiled) >= _MAX_SHAPES:
            _compiled.clear()
        _compiled[full_key] = compiled
    if compiled is None:
        return None
    connection = connections[using]
    adapted = _adapted(values, using)
    params = list(compiled.params)
    for position, index in compiled.slots:
        params[position] = adapted[index]
    if settings.PREPARED_QUERIES_CHECKED:
        _check_shape(key, build, values, using, compiled.sql, params)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        return compiled, [cursor.fetchall()]


def _check_shape(
    key: Hashable,
    build: Callable[..., QuerySet],
    values: Sequence[Value],
    using: str,
    sql: str,
    params: list[Any],
) -> None:
    """Refuse a kept query that differs from the one ``build`` makes with these values.

    On in the test suite (``PREPARED_QUERIES_CHECKED``): every test that reaches a
    prepared query then proves that its ``key`` names everything that shapes the SQL.
    """
    fresh_sql, fresh_params = build(*values).query.get_compiler(using=using).as_sql()
    if fresh_sql != sql or list(fresh_params) != params:
        raise AssertionError(
            f"The prepared query {key!r} is not what its builder makes with {list(values)!r}: "
            "something that shapes its SQL is missing from the key."
        )


def prepared_rows(
    key: Hashable,
    build: Callable[..., QuerySet],
    values: Sequence[Value],
    *,
    using: str = "default",
) -> list[tuple[Any, ...]]:
    """The rows of ``build(*values)`` (a ``values_list`` queryset), built and compiled once
    per ``key``: one query, and no ORM work after the first call.

    ``values`` are ids (ints), days and moments; ``build`` must use each of them only as a parameter
    of the query, and give the same SQL for any values under the same ``key``.
    """
    ran = _run(key, build, values, using)
    if ran is None:
        return []
    compiled, results = ran
    return [tuple(row) for row in compiled.rows(results)]


def prepared_objects(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    values: Sequence[Value],
    *,
    using: str = "default",
) -> list[Any]:
    """The model instances of ``build(*values)`` (with what it selects related and annotates,
    nothing prefetched), built and compiled once per ``key``, as :func:`prepared_rows`."""
    ran = _run(key, build, values, using)
    if ran is None:
        return []
    compiled, results = ran
    compiler = compiled.compiler
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None, "prepared_objects reads model instances"
    model_cls: type[Model] = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    related_populators = get_related_populators(klass_info, select, using)
    annotations = compiler.annotation_col_map or {}
    objects = []
    for row in compiled.rows(results):
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for name, position in annotations.items():
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects
