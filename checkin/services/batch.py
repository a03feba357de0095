"""What the door API sends: one attempt, or a scanner's queue of them.

``checkin_submit`` sends an attempt to the service that judges it — here and
now (``checkin_record``) or, when the device judged it offline, the
reconciliation (``checkin_reconcile_offline``). ``checkin_record_batch``
does so for a queue: one query for every client_id's earlier answer, each
attempt recorded on its own (one refused or failing attempt does not stop the
others), the same attempt twice in one queue answered once.
"""

from collections.abc import Sequence

from django.db.models import Model

from bimtek.models import Session
from checkin.errors import CheckInError
from checkin.services.attempts import (
    NOT_LOOKED_UP,
    CheckInAnswer,
    PriorAttempt,
    ScanAttempt,
    prior_attempts,
)
from checkin.services.offline import checkin_reconcile_offline
from checkin.services.scan import checkin_record


def checkin_submit(
    *,
    session: Session,
    staff: Model,
    attempt: ScanAttempt,
    prior: PriorAttempt | object | None = NOT_LOOKED_UP,
) -> CheckInAnswer:
    service = checkin_reconcile_offline if attempt.judged_offline else checkin_record
    return service(session=session, staff=staff, attempt=attempt, prior=prior)


def checkin_record_batch(
    *, staff: Model, attempts: Sequence[tuple[Session, ScanAttempt]]
) -> list[CheckInAnswer | CheckInError]:
    """Each attempt's answer, or the CheckInError that stopped it, in order.
    The caller has checked that ``staff`` may work each session's door."""
    prior = prior_attempts(client_ids=[attempt.client_id for _session, attempt in attempts])
    results: list[CheckInAnswer | CheckInError] = []
    for session, attempt in attempts:
        try:
            answer = checkin_submit(
                session=session, staff=staff, attempt=attempt, prior=prior.get(attempt.client_id)
            )
        except CheckInError as exc:
            results.append(exc)
            continue
        # The same attempt twice in one batch: the second gets the first's answer.
        prior[answer.client_id] = PriorAttempt(session.pk, staff.pk, answer.to_data())
        results.append(answer)
    return results
