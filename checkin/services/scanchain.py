"""The scan log's hash chain: one line of entries per session (bimtek.chain).
Its end comes with the session from door_session (``scan_chain_last``), so
chaining costs a scan no query. Used by the recording services
(checkin.services.attempts re-exports it)."""

from bimtek import chain
from bimtek.models import Session
from checkin.models import ScanLog

# The scan log is hash-chained per session (bimtek.chain): a session's door
# writes one line of entries, and its end comes with the session from
# door_session (``scan_chain_last``), so chaining costs a scan no query.
SCAN_CHAIN = chain.HashChain(
    key="scanlog",
    model=ScanLog,
    scope="session",
    event_lookup="session__event",
    erasable=("scanned_value",),
    order=20,
)


def seal_scan(entry: ScanLog) -> None:
    """Chain ``entry`` after its session's last scan-log entry. Call it inside
    the transaction that saves ``entry``, then call ``chain_moved``.

    The end comes with the session from door_session; otherwise it is read
    (one query). After a lost race it is read under a lock of the session row,
    so the writers that lost once queue up instead of losing again."""
    session = entry.session
    previous = getattr(session, "scan_chain_last", None)
    if previous is None:
        if getattr(session, "scan_chain_contended", False):
            # FOR NO KEY UPDATE: it does not wait for the inserts' own FK
            # checks (FOR KEY SHARE) on the session, which would deadlock.
            Session.objects.select_for_update(no_key=True).filter(pk=session.pk).values_list(
                "pk"
            ).first()
        previous = chain.last_hash(chain=SCAN_CHAIN, scope_id=session.pk)
    chain.seal(entry, chain=SCAN_CHAIN, previous_hash=previous)


def chain_moved(entry: ScanLog, *, saved: bool) -> None:
    """After the write: the session's chain now ends at ``entry``, or — when
    the write failed, perhaps because another door appended first — its end
    is unknown and read again (under the lock) by the next attempt."""
    session = entry.session
    session.scan_chain_last = entry.record_hash if saved else None
    session.scan_chain_contended = not saved
