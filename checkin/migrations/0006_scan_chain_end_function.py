"""checkin_scan_chain_end(session): the end of a session's scan-log chain,
read under a transaction-level advisory lock for that chain, so that the
statements appending to it (checkin.door_sql_chain) queue instead of
colliding on the chain's unique constraint. PostgreSQL only.

VOLATILE, so its query reads with a fresh snapshot, taken after the lock was
granted: the end written by the writer it waited for is seen. The lock's keys
are the scan log table's oid and the session id (advisory locks are the
database's, not a row's: no heap write, no WAL)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION checkin_scan_chain_end(p_session bigint) RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(
        'participants_scanlog'::regclass::oid::int, mod(p_session, 2147483648)::int
    );
    RETURN COALESCE(
        (SELECT record_hash FROM participants_scanlog
         WHERE session_id = p_session ORDER BY id DESC LIMIT 1),
        ''
    );
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS checkin_scan_chain_end(bigint)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("checkin", "0005_drop_redundant_fk_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
