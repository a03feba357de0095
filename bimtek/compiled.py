"""Querysets compiled once per shape, for the few reads of a hot page whose
SQL costs more to compile than to run.

Django compiles a queryset's SQL on every execution. For a read such as the
certificate panel's countable sessions with their attendance (an ``EXISTS``
over the check-ins that count, with the self check-in rules' joins and
``COALESCE``) compiling took ~15 % of "My tickets" (docs/profile.md). Here
the queryset is built and compiled once per process for each *shape* — its
key and the lengths of its id lists — with stand-in ids; later calls put
their ids where the stand-ins were and run the same SQL through
``Model.objects.raw``, which still applies the fields' database converters
(dates, booleans, JSON). The queryset itself is the only definition of the
read: nothing is written twice.

Only for querysets whose variable parts are the id lists: every other value
is part of the compiled statement. Lists are read as sets (``IN``): their
order does not matter, duplicates are dropped before counting the shape.
"""

from collections.abc import Callable, Iterable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import RawQuerySet

# A stand-in id cannot be a real one: ids are positive.
_STAND_IN = -1_000_000_007
_compiled: dict[tuple, tuple] = {}


def raw_by_shape(
    key: str, build: Callable[..., QuerySet], *id_lists: Iterable[int], using: str = "default"
) -> RawQuerySet | QuerySet:
    """``build(*id_lists)`` as a raw queryset of the same SQL, compiled once
    per (key, database, list lengths); with an empty list, the queryset
    itself, which reads nothing."""
    lists = [sorted(set(ids)) for ids in id_lists]
    if not all(lists):
        # An empty IN matches nothing: the ORM answers it without a query
        # (its compiler refuses to write the SQL: EmptyResultSet).
        return build(*lists).using(using)
    connection = connections[using]
    shape = (key, using, connection.vendor, *(len(ids) for ids in lists))
    entry = _compiled.get(shape)
    if entry is None:
        stand_ins = [
            [_STAND_IN - 1_000_000 * n - i for i in range(len(ids))] for n, ids in enumerate(lists)
        ]
        where = {
            stand_in: (n, i) for n, ids in enumerate(stand_ins) for i, stand_in in enumerate(ids)
        }
        queryset = build(*stand_ins)
        sql, params = queryset.query.get_compiler(using).as_sql()
        slots = [
            where.get(param) if type(param) is int else None  # bools are not ids
            for param in params
        ]
        if sum(slot is not None for slot in slots) != sum(len(ids) for ids in lists):
            raise ValueError(f"{key}: every id must appear once in the SQL's parameters")
        entry = (queryset.model, sql, tuple(params), tuple(slots))
        _compiled[shape] = entry
    model, sql, params, slots = entry
    values = [
        param if slot is None else lists[slot[0]][slot[1]]
        for param, slot in zip(params, slots, strict=True)
    ]
    return model.objects.using(using).raw(sql, values)
