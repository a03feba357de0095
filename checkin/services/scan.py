"""Check-in at the door: the one place that judges a scan made here and now.

``checkin_record`` is used by the scanner page (through the API), the API
itself, the batch of queued scans and the tests. A refused scan is not an
exception: it is one of the answers of the API contract (``ScanResult``),
logged like an admission. ``CheckInError`` is for requests that cannot be
judged at all.

Budget (the session and its door rights come from
``checkin.selectors.door.door_session``, with the scanned ticket when the
caller gave its token): the ticket with its check-in for this session unless
it came along, then on admission the check-in and its scan-log entry — one
statement on PostgreSQL, two inserts in one transaction on SQLite. See
docs/checkin.md.

A scan the device judged itself while offline is reconciled by
``checkin.services.offline.checkin_reconcile_offline`` instead.
"""

from bimtek.models import Session
from checkin.models import ScanLog
from checkin.models.checkins import ScanResult
from checkin.services.attempts import (
    NOT_LOOKED_UP,
    SCAN_MAX_AGE,
    CheckInAnswer,
    PriorAttempt,
    ScanAttempt,
    admit,
    log_refused,
    record_with_retries,
)


def checkin_record(
    *,
    session: Session,
    staff,
    attempt: ScanAttempt,
    prior: PriorAttempt | object | None = NOT_LOOKED_UP,
) -> CheckInAnswer:
    """Judge one attempt to enter ``session`` now and record it.

    The first check-in wins; every attempt, admitted or not, goes to the scan
    log. With ``attempt.client_id``, a retry of the same attempt returns the
    first answer unchanged (``prior``: the scan log's entry for it when the
    caller has read it already, None when there is none).
    Raises CheckInError (``reason_required``, ``client_id_reused``, ``conflict``).
    """
    attempt = attempt.cleaned()

    def write(entry: ScanLog, *, answer: CheckInAnswer, registration) -> bool:
        if answer.result != ScanResult.OK:
            return log_refused(entry, answer)
        return admit(
            entry, answer=answer, registration=registration, staff=staff, reason=attempt.reason
        )

    return record_with_retries(
        session=session,
        staff=staff,
        attempt=attempt,
        prior=prior,
        max_age=SCAN_MAX_AGE,
        write=write,
    )
