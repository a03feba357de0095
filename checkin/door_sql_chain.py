"""Scan-log entries chained inside the statement that writes them (PostgreSQL).

Every scan appends to its session's scan-log chain (bimtek.chain): the entry
holds the ``record_hash`` of the entry before it. When the end was read
before the write (with the door session), two doors scanning at once read
the same end, and all but one lost on the chain's unique constraint
(``checkin_scanlog_chain_per_session``): a failed statement, then a retry of
five to eight statements under a lock of the session row. In the door rush
about one scan in four lost that way, at saturation nearly every one
(docs/profile.md, "Door scan on PostgreSQL"), which is why PostgreSQL's CPU
per scan doubled there.

Here the end is read inside the writing statement, under a lock: the
function ``checkin_scan_chain_end(session)`` (migration
0006_scan_chain_end_function) takes a transaction-level advisory lock for the
session's chain and returns the end as then committed (a VOLATILE function
reads with a fresh snapshot, taken after the lock). The writers of one
session queue on that lock for the few microseconds between the read and
their commit, instead of racing and failing. The entry's hash is computed by
PostgreSQL from the same canonical text ``bimtek.chain.row_hash`` hashes,
built in Python with a marker where ``previous_hash`` goes: SHA-256 of
``before || end || after``. The end is hex or empty, so it needs no JSON
escaping and the hash is exactly ``row_hash``'s (tests/checkin/
test_door_sql_chain.py compares them, and verify_audit_chain walks the
result).

The chain's unique constraint stays the guarantee: a writer that does not take
the lock (the offline reconciliation, corrections) still fails on it and
retries, as before.
"""

import secrets

from django.db import connection

from bimtek import chain
from checkin import door_values
from checkin.door_sql import _c, _sql, _t
from checkin.models import CheckIn, ScanLog
from checkin.services.scanchain import SCAN_CHAIN

# Created by migration 0006_scan_chain_end_function (PostgreSQL only).
CHAIN_END_FUNCTION = "checkin_scan_chain_end"
_HASH_COLUMNS = ("previous_hash", "record_hash")


def available() -> bool:
    """Whether entries are chained in their statement: PostgreSQL only."""
    return connection.vendor == "postgresql"


def _log_fields() -> list:
    # The hash columns last: their values are the statement's own.
    fields = [f for f in ScanLog._meta.concrete_fields if not f.primary_key]
    return [f for f in fields if f.attname not in _HASH_COLUMNS] + [
        ScanLog._meta.get_field(name) for name in _HASH_COLUMNS
    ]


def _hashed_names() -> list[str]:
    return _sql("scanlog_hashed", lambda: chain.hashed_fields(ScanLog))


def hash_parts(entry: ScanLog) -> tuple[str, str]:
    """The canonical text of ``entry`` (as ``bimtek.chain.seal`` hashes it)
    split where its ``previous_hash`` goes."""
    values = {name: getattr(entry, name) for name in _hashed_names()}
    for name in SCAN_CHAIN.erasable:
        values[f"{name}_digest"] = getattr(entry, f"{name}_digest", "")
    while True:
        # A fresh random marker cannot be in the entry's own values by chance;
        # should it be, another is drawn.
        mark = secrets.token_hex(16)
        values["previous_hash"] = mark
        text = chain.canonical_text(values, erasable=SCAN_CHAIN.erasable)
        before, found, after = text.partition(mark)
        if found and mark not in after:
            return before, after


def _log_insert(end_sql: str) -> str:
    """INSERT of a scan-log entry whose previous_hash is ``p.h`` (the chain's
    end, from ``end_sql``) and whose record_hash PostgreSQL computes."""
    fields = _log_fields()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Typed: in INSERT … SELECT PostgreSQL does not take a parameter's type
    # from its column.
    values = [f"CAST(%s AS {f.db_type(connection)})" for f in fields[:-2]]
    values += [
        "p.h",
        "encode(sha256(convert_to(CAST(%s AS text) || p.h || CAST(%s AS text), 'UTF8')), 'hex')",
    ]
    return (
        f"INSERT INTO {_t(ScanLog)} ({columns}) SELECT {', '.join(values)} FROM {end_sql}"
        f" RETURNING {_c(ScanLog, 'id')}, {_c(ScanLog, 'previous_hash')},"
        f" {_c(ScanLog, 'record_hash')}"
    )


def _entry_sql() -> str:
    return _log_insert(f"(SELECT {CHAIN_END_FUNCTION}(CAST(%s AS bigint)) AS h) p")


def _admission_sql() -> str:
    checkin_fields = list(CheckIn._meta.concrete_fields)  # the id included: it is reserved
    checkin_columns = ", ".join(connection.ops.quote_name(f.column) for f in checkin_fields)
    session = _c(CheckIn, "session")
    # The chain's end is read (and its lock taken) only for a check-in that
    # was written: LATERAL on c.
    return (
        f"WITH c AS (INSERT INTO {_t(CheckIn)} ({checkin_columns})"
        f" VALUES ({', '.join(['%s'] * len(checkin_fields))})"
        f" ON CONFLICT DO NOTHING RETURNING {_c(CheckIn, 'id')}, {session}) "
        + _log_insert(f"c CROSS JOIN LATERAL (SELECT {CHAIN_END_FUNCTION}(c.{session}) AS h) p")
    )


def _log_params(entry: ScanLog) -> list:
    return [*door_values.values(entry, _log_fields()[:-2], add=True), *hash_parts(entry)]


def _written(entry: ScanLog, row) -> None:
    entry.pk, entry.previous_hash, entry.record_hash = row
    entry._state.adding = False
    entry._state.db = connection.alias


def insert_entry(entry: ScanLog) -> None:
    """Insert ``entry`` at the end of its session's chain, in one statement
    (``previous_hash`` and ``record_hash`` are set from what was written).
    IntegrityError when the log refuses it (its client_id; or a writer that
    does not take the lock appended at the same moment)."""
    params = [*_log_params(entry), entry.session_id]
    with connection.cursor() as cursor:
        cursor.execute(_sql("chained_entry", _entry_sql), params)
        _written(entry, cursor.fetchone())


def insert_admission(checkin: CheckIn, entry: ScanLog) -> bool:
    """The check-in (its id reserved by door_session) and its scan-log entry,
    chained, in one statement: atomic on its own. False, and nothing written,
    when a check-in for the registration and session is there already;
    IntegrityError when the scan log refuses the entry, and then the
    check-in is not written either. The check-in's automatic values
    (recorded_at) are set before by ``door_sql.stamp``: the entry holds them."""
    params = [
        *door_values.values(checkin, list(CheckIn._meta.concrete_fields), add=False),
        *_log_params(entry),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_sql("chained_admission", _admission_sql), params)
        row = cursor.fetchone()
    if row is None:
        return False
    checkin._state.adding = False
    checkin._state.db = connection.alias
    _written(entry, row)
    return True
