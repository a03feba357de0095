"""Scan-log entries chained by the statement that writes them (PostgreSQL):
the hash PostgreSQL computes is the one bimtek.chain computes, so
verify_audit_chain accepts the chain."""

import hashlib

import pytest
from django.db import connection
from django.utils import timezone

from bimtek import chain
from checkin import door_sql_chain
from checkin.models import ScanLog
from checkin.models.checkins import ScanResult
from checkin.services.scanchain import SCAN_CHAIN

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def session(event):
    from tests import factories

    return factories.open_session(event=event)


def entry_for(session, **values):
    return ScanLog(
        session=session,
        result=ScanResult.INVALID,
        reason="unknown",
        scanned_value=values.pop("scanned_value", 'TIKET:ÄBC"\\x'),
        device=values.pop("device", "Pintu \u00e9 1"),
        scanned_at=timezone.now(),
        answer={"result": "invalid", "display_name": "Nguyễn Văn Ánh", "n": [1, 2]},
        **values,
    )


def test_the_hash_from_the_parts_is_the_chains_hash(session):
    entry = entry_for(session)
    before, after = door_sql_chain.hash_parts(entry)

    for end in ("", "ab" * 32):
        chain.seal(entry, chain=SCAN_CHAIN, previous_hash=end)
        text = before + end + after
        assert hashlib.sha256(text.encode()).hexdigest() == entry.record_hash


def test_a_marker_found_in_the_values_is_drawn_again(session, monkeypatch):
    taken = "0" * 32
    entry = entry_for(session, device=taken)  # sorted before previous_hash
    marks = iter([taken, "1" * 32])
    monkeypatch.setattr(door_sql_chain.secrets, "token_hex", lambda _n: next(marks))

    before, after = door_sql_chain.hash_parts(entry)

    chain.seal(entry, chain=SCAN_CHAIN, previous_hash="cd" * 32)
    assert hashlib.sha256((before + "cd" * 32 + after).encode()).hexdigest() == entry.record_hash


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL only: SQLite chains in Python")
def test_entries_written_by_the_statement_extend_the_chain(session):
    first, second = entry_for(session, client_id="c-1"), entry_for(session, client_id="c-2")

    door_sql_chain.insert_entry(first)
    door_sql_chain.insert_entry(second)

    rows = list(ScanLog.objects.filter(session=session).order_by("id"))
    assert [row.pk for row in rows] == [first.pk, second.pk]
    assert rows[0].previous_hash == "" and rows[1].previous_hash == rows[0].record_hash
    assert (second.previous_hash, second.record_hash) == (
        rows[1].previous_hash,
        rows[1].record_hash,
    )
    for row in rows:
        expected = ScanLog(**{f.attname: getattr(row, f.attname) for f in ScanLog._meta.fields})
        chain.seal(expected, chain=SCAN_CHAIN, previous_hash=row.previous_hash)
        assert row.record_hash == expected.record_hash
    assert list(chain.verify(SCAN_CHAIN)) == []
