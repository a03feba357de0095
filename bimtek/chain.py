"""Hash chains: what makes the append-only records tamper-evident.

Each chained row carries ``previous_hash`` (the ``record_hash`` of the row
before it in its chain, "" for the first) and ``record_hash``: the SHA-256 of
a canonical JSON of the row's own fields with ``previous_hash`` among them.
Editing a row changes its hash; deleting or inserting one breaks the link
of the row after it. ``manage.py verify_audit_chain`` walks every chain.

One chain per scope: the audit trail per event (and one for entries without
an event), the scan log per session. A database unique constraint on
(scope, previous_hash) keeps each chain a line: two writers who read the same
last row cannot both append after it — the second one's insert fails and it
reads the new last row and tries again (``chain_append``). That needs no
lock of its own and works the same on SQLite and PostgreSQL (where the insert
is ``ON CONFLICT DO NOTHING``: no row instead of an error, so no savepoint).

Apps register their chained models in ``hash_chains`` (the scan log from
``checkin.integrations``) so the command finds them. See docs/security.md.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import sql
from django.db.models.constants import OnConflict

from accounts.registry import Registry

# Fields that are not part of a row's own content. ``*_digest`` fields hold
# the digest of a personal value that was erased (see ``erasable``).
NOT_HASHED = {"id", "record_hash"}
APPEND_ATTEMPTS = 20


@dataclass(frozen=True)
class HashChain:
    key: str  # "audit", "scanlog"
    model: type[models.Model]
    scope: str  # the field whose value names the chain: "event", "session"
    event_lookup: str  # how a row reaches its event: "event", "session__event"
    # Fields that may be erased later (personal data): hashed as their
    # SHA-256, kept in ``<field>_digest`` when the value itself is erased.
    erasable: tuple[str, ...] = ()
    order: int = 100


hash_chains: Registry[HashChain] = Registry("hash_chains")


def _plain(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def value_digest(value: str) -> str:
    return hashlib.sha256((value or "").encode()).hexdigest()


def hashed_fields(model) -> list[str]:
    """The attnames a row's hash covers, in a fixed order."""
    return sorted(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in NOT_HASHED and not field.attname.endswith("_digest")
    )


def row_hash(values: dict, *, erasable: tuple[str, ...] = ()) -> str:
    """SHA-256 (hex) of the canonical JSON of ``values`` (attname → value,
    ``previous_hash`` included). An erasable value counts by its digest, taken
    from ``<name>_digest`` once the value itself has been erased."""
    return hashlib.sha256(canonical_text(values, erasable=erasable).encode()).hexdigest()


def canonical_text(values: dict, *, erasable: tuple[str, ...] = ()) -> str:
    """The text ``row_hash`` hashes (ASCII only)."""
    content = {}
    for name, value in values.items():
        if name in erasable:
            value = values.get(f"{name}_digest") or value_digest(value)
        content[name] = _plain(value)
    for name in erasable:
        content.pop(f"{name}_digest", None)
    # Round trip first: JSON keeps what the database will give back (lists
    # for tuples, string keys), then sorted keys and no spaces make it canonical.
    normal = json.loads(json.dumps(content, default=str))
    return json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def seal(instance: models.Model, *, chain: HashChain, previous_hash: str) -> None:
    """Set ``previous_hash`` and ``record_hash`` on an unsaved row."""
    instance.previous_hash = previous_hash or ""
    values = {name: getattr(instance, name) for name in hashed_fields(chain.model)}
    for name in chain.erasable:
        values[f"{name}_digest"] = getattr(instance, f"{name}_digest", "")
    instance.record_hash = row_hash(values, erasable=chain.erasable)


def last_hash(*, chain: HashChain, scope_id) -> str:
    """The record_hash of the chain's newest row ("" for an empty chain).

    Rows are appended after the committed newest one, so along a chain the
    ids increase: the highest id is its end."""
    model = chain.model
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    scope = quote(model._meta.get_field(chain.scope).column)
    # Written out: every audited change reads it (the ORM compiled it each time).
    sql = (
        f"SELECT record_hash FROM {quote(model._meta.db_table)} WHERE "
        + (f"{scope} IS NULL" if scope_id is None else f"{scope} = %s")
        + " ORDER BY id DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [] if scope_id is None else [scope_id])
        row = cursor.fetchone()
    return (row[0] if row else "") or ""


def chain_append(
    instance: models.Model, *, chain: HashChain, previous_hash: str | None = None
) -> models.Model:
    """Insert ``instance`` at the end of its chain (one read, one insert; the
    read is skipped when the caller knows ``previous_hash``). When another
    writer appended first, the unique constraint refuses the insert and the
    new end is read again, now under a lock of the scope's row (the event),
    so that the writers who lost once queue up instead of losing again."""
    scope_id = getattr(instance, f"{chain.scope}_id")
    contended = False
    using = router.db_for_write(type(instance), instance=instance)
    if connections[using].vendor == "postgresql":
        # A transaction of its own when the caller has none (the lock of a
        # contended retry needs one); inside the caller's, no savepoint.
        with transaction.atomic(using=using, savepoint=False):
            return _append_without_savepoint(instance, chain=chain, previous_hash=previous_hash)
    for _attempt in range(APPEND_ATTEMPTS):
        try:
            with transaction.atomic():
                if contended:
                    lock_scope(chain, scope_id)
                if previous_hash is None:
                    previous_hash = last_hash(chain=chain, scope_id=scope_id)
                seal(instance, chain=chain, previous_hash=previous_hash)
                instance.save(force_insert=True)
        except IntegrityError:
            if not is_chain_collision(chain, instance):
                raise
            instance.pk = None
            previous_hash, contended = None, True
            continue
        return instance
    raise IntegrityError(f"{chain.key}: could not append to the chain of {scope_id}")


def _append_without_savepoint(
    instance: models.Model, *, chain: HashChain, previous_hash: str | None
) -> models.Model:
    """``chain_append`` on PostgreSQL: ``INSERT … ON CONFLICT DO NOTHING
    RETURNING id`` answers a lost race with no row instead of an error, so
    the insert needs no savepoint to recover from (two statements fewer per
    append, inside the caller's transaction)."""
    scope_id = getattr(instance, f"{chain.scope}_id")
    contended = False
    for _attempt in range(APPEND_ATTEMPTS):
        if contended:
            lock_scope(chain, scope_id)
        if previous_hash is None:
            previous_hash = last_hash(chain=chain, scope_id=scope_id)
        seal(instance, chain=chain, previous_hash=previous_hash)
        if _insert_unless_conflict(instance):
            return instance
        if not is_chain_collision(chain, instance):
            raise IntegrityError(f"{chain.key}: a unique constraint refused the row")
        previous_hash, contended = None, True
    raise IntegrityError(f"{chain.key}: could not append to the chain of {scope_id}")


def _insert_unless_conflict(instance: models.Model) -> bool:
    """Insert ``instance`` as ``save(force_insert=True)`` would (each field's
    ``pre_save``, no signals: nothing listens to the chained models'),
    unless a unique constraint already holds such a row: then False."""
    model = type(instance)
    opts = model._meta
    using = router.db_for_write(model, instance=instance)
    fields = [f for f in opts.local_concrete_fields if f is not opts.pk and not f.generated]
    query = sql.InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [opts.pk]
    with connections[using].cursor() as cursor:
        for statement, params in compiler.as_sql():
            cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = using
    return True


def lock_scope(chain: HashChain, scope_id) -> None:
    """Lock the row that names the chain (FOR NO KEY UPDATE: it does not wait
    for the inserts' own foreign-key checks, which would deadlock). Entries
    without a scope (audit entries without an event) only retry."""
    if scope_id is None:
        return
    scope_model = chain.model._meta.get_field(chain.scope).related_model
    scope_model.objects.select_for_update(no_key=True).filter(pk=scope_id).values_list("pk").first()


def is_chain_collision(chain: HashChain, instance) -> bool:
    """Did the insert fail because another row follows the same one?"""
    scope_id = getattr(instance, f"{chain.scope}_id")
    return chain.model.objects.filter(
        **{f"{chain.scope}_id": scope_id, "previous_hash": instance.previous_hash}
    ).exists()


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    scope_id: object
    row_id: int
    problem: str  # "altered": the row's content; "link": a row missing or inserted before it


@dataclass(frozen=True)
class ChainEnd:
    chain: str
    scope_id: object
    rows: int
    last_hash: str


def verify(chain: HashChain, *, event=None, on_end: Callable | None = None) -> Iterator[ChainBreak]:
    """Walk ``chain`` (every scope, or only ``event``'s) in id order and
    yield each break. ``on_end`` receives each scope's ChainEnd."""
    scope = f"{chain.scope}_id"
    names = hashed_fields(chain.model)
    extra = [f"{name}_digest" for name in chain.erasable]
    rows = chain.model.objects.order_by(scope, "id")
    if event is not None:
        rows = rows.filter(**{chain.event_lookup: event})
    current, previous, count = object(), "", 0
    for values in rows.values("id", "record_hash", *names, *extra).iterator(chunk_size=2000):
        if values[scope] != current:
            if count and on_end:
                on_end(ChainEnd(chain.key, current, count, previous))
            current, previous, count = values[scope], "", 0
        row_id, stored = values.pop("id"), values.pop("record_hash")
        count += 1
        if values["previous_hash"] != previous:
            yield ChainBreak(chain.key, current, row_id, "link")
        if row_hash(values, erasable=chain.erasable) != stored:
            yield ChainBreak(chain.key, current, row_id, "altered")
        previous = stored
    if count and on_end:
        on_end(ChainEnd(chain.key, current, count, previous))


def reseal_all(model, *, scope: str, erasable: tuple[str, ...] = ()) -> None:
    """Chain the rows that existed before chaining (a migration's job): in id
    order per scope, each after the one before."""
    names = sorted(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in NOT_HASHED and not field.attname.endswith("_digest")
    )
    previous: dict = {}
    for row in model.objects.order_by("id").iterator(chunk_size=2000):
        key = getattr(row, f"{scope}_id")
        row.previous_hash = previous.get(key, "")
        values = {name: getattr(row, name) for name in names}
        for name in erasable:
            values[f"{name}_digest"] = getattr(row, f"{name}_digest", "")
        row.record_hash = row_hash(values, erasable=erasable)
        model.objects.filter(pk=row.pk).update(
            previous_hash=row.previous_hash, record_hash=row.record_hash
        )
        previous[key] = row.record_hash
