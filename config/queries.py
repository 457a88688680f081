"""Queries that are the same on every request: built once a process, or compiled to SQL once."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, wraps

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler


def built_once(build: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
    """`build`'s query, built once a process: Django takes 0.1–0.6 ms to set up a wide query's
    joins, columns and subqueries, the same work on every request. Each call returns a fresh
    copy to narrow to the request's rows and run; the query built once is never run itself, so
    it keeps no rows from one request to the next."""
    built = cache(build)

    @wraps(build)
    def fresh_copy() -> QuerySet:
        return built().all()

    return fresh_copy


@cache
def columns_of(model) -> tuple[str, ...]:
    """Every column of `model` by attribute name, in its fields' order: a compiled read of
    them gives rows that `model.from_db(db, columns_of(model), row)` makes whole instances of."""
    return tuple(field.attname for field in model._meta.concrete_fields)


# Stand-ins for the values a read is narrowed to while Django compiles it, each distinct, so
# that their places among the SQL's parameters can be found: ids far below any a table holds,
# and texts no column holds (PostgreSQL cannot even store their NUL character).
_MARKER = -(2**62)

# Compiled SQL kept a read: enough for every list of ids a page asks for (a list's length is
# part of its shape), not one for every length a large list could have.
_SHAPES_KEPT = 64

Value = int | str  # an id, or a text such as a slug
Argument = Value | Collection[int]


@dataclass(frozen=True)
class _Compiled:
    alias: str
    compiler: SQLCompiler | None  # None: no rows for this shape (an empty list of ids)
    sql: str
    params: tuple
    places: tuple[tuple[int, int, int | None], ...]  # (parameter, argument, index in it)

    def bind(self, args: tuple[Argument, ...]) -> list:
        params = list(self.params)
        for place, argument, index in self.places:
            params[place] = args[argument] if index is None else args[argument][index]
        return params


def _shape(argument: Argument) -> type | int:
    """A single value's type, or the number of ids in a list."""
    return type(argument) if isinstance(argument, int | str) else len(argument)


def compiled_once(build: Callable[..., QuerySet]) -> Callable[..., list[tuple]]:
    """The rows of `build(*arguments)`, a `values_list` read narrowed by its arguments (each an
    id, a text such as a slug, or a list of ids), whose SQL Django compiles once a process for
    each shape of the arguments (how many ids each list holds): setting up and compiling a wide
    read's joins, columns and subqueries takes 0.2–0.8 ms, the same work on every request. Each
    call puts its values where the compiled SQL has the stand-ins it was built with, runs it,
    and converts the rows as the query itself would: a list of tuples, as
    `list(build(*arguments))` gives."""
    compiled: dict[tuple, _Compiled] = {}

    def compile_for(shape: tuple) -> _Compiled:
        places = {}

        def marker(argument: int, index: int | None, kind: type = int) -> Value:
            number = len(places)
            value = f"\x00{number}" if kind is str else _MARKER - number
            places[value] = (argument, index)
            return value

        markers = [
            marker(argument, None, size)
            if isinstance(size, type)
            else [marker(argument, index) for index in range(size)]
            for argument, size in enumerate(shape)
        ]
        queryset = build(*markers)
        if queryset._iterable_class is not ValuesListIterable:
            raise TypeError(f"{build.__qualname__} must give a values_list() read of tuples.")
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled(queryset.db, None, "", (), ())
        found = tuple(
            (place, *places[value])
            for place, value in enumerate(params)
            if type(value) in (int, str) and value in places
        )
        if {(argument, index) for _place, argument, index in found} != set(places.values()):
            raise TypeError(f"{build.__qualname__} must narrow its read by every value given.")
        return _Compiled(queryset.db, compiler, sql, tuple(params), found)

    @wraps(build)
    def rows(*args: Argument) -> list[tuple]:
        shape = tuple(_shape(arg) for arg in args)
        read = compiled.get(shape)
        if read is None:
            read = compile_for(shape)
            if len(compiled) < _SHAPES_KEPT:
                compiled[shape] = read
        if read.compiler is None:
            return []
        values = tuple(arg if isinstance(arg, int | str) else tuple(arg) for arg in args)
        with connections[read.alias].cursor() as cursor:
            cursor.execute(read.sql, read.bind(values))
            found = cursor.fetchall()
        return list(read.compiler.results_iter(results=[found], tuple_expected=True))

    return rows
