"""Scans judged on a device while it had no network, reconciled when they
arrive (docs/offline.md).

A refusal at the door is logged as it was given and never admits anyone. An
admission is judged again: if the person was checked in meanwhile by another
door, the earliest scan becomes the check-in's time and the clash is recorded;
if the server refuses the ticket (cancelled, reissued, outside the window…),
nothing is admitted and that is recorded too (``CheckInConflict``).
"""

from django.db import IntegrityError, transaction

from bimtek.models import Session
from bimtek.services import audit_record
from checkin.models import CheckIn, CheckInConflict, ScanLog
from checkin.models.checkins import ScanResult
from checkin.models.offline import ConflictKind
from checkin.services.attempts import (
    DOUBLE_ADMISSION,
    FK_FIELDS,
    NOT_LOOKED_UP,
    SCAN_MAX_AGE_OFFLINE,
    CheckInAnswer,
    PriorAttempt,
    ScanAttempt,
    admit,
    chain_moved,
    log_refused,
    printable,
    record_with_retries,
    seal_scan,
)


def checkin_reconcile_offline(
    *,
    session: Session,
    staff,
    attempt: ScanAttempt,
    prior: PriorAttempt | object | None = NOT_LOOKED_UP,
) -> CheckInAnswer:
    """Record an attempt the device judged itself (``attempt.offline_result``).

    Idempotent by ``client_id`` like ``checkin_record``; the scan keeps its own
    time for up to SCAN_MAX_AGE_OFFLINE (a queue may wait days for a network).
    Raises CheckInError (``reason_required``, ``client_id_reused``, ``conflict``).
    """
    attempt = attempt.cleaned()
    if not attempt.judged_offline:
        raise ValueError("checkin_reconcile_offline takes attempts judged offline")

    def write(entry: ScanLog, *, answer: CheckInAnswer, registration) -> bool:
        if attempt.offline_result != ScanResult.OK:
            # Turned away at the door: that is what happened, whatever the
            # server would say now (a more precise refusal is kept).
            if answer.result == ScanResult.OK:
                answer.result = attempt.offline_result
                answer.reason = printable(attempt.offline_reason, limit=40)
            return log_refused(entry, answer)
        if answer.result == ScanResult.ALREADY_CHECKED_IN:
            return _admit_again(
                entry,
                answer=answer,
                session=session,
                registration=registration,
                staff=staff,
                method=attempt.method,
                reason=attempt.reason,
            )
        if answer.result != ScanResult.OK:
            return _log_refused_admission(entry, answer=answer, staff=staff)
        return admit(
            entry, answer=answer, registration=registration, staff=staff, reason=attempt.reason
        )

    return record_with_retries(
        session=session,
        staff=staff,
        attempt=attempt,
        prior=prior,
        max_age=SCAN_MAX_AGE_OFFLINE,
        write=write,
    )


def _admit_again(
    attempt: ScanLog,
    *,
    answer: CheckInAnswer,
    session: Session,
    registration,
    staff,
    method: str,
    reason: str,
) -> bool:
    """An offline admission of someone already checked in to the session by
    another door: the earliest scan wins (the check-in takes this scan's
    time, staff and door when it is earlier), the clash is recorded, and
    there is still one check-in. False when that check-in was undone
    meanwhile (the caller judges again) or the client_id was taken."""
    try:
        with transaction.atomic():
            checkin = (
                CheckIn.objects.select_for_update(of=("self",))
                .select_related("checked_in_by")
                .filter(registration=registration, session_id=session.pk)
                .first()
            )
            if checkin is None:
                return False
            other_by = checkin.checked_in_by
            conflict = CheckInConflict(
                kind=ConflictKind.DOUBLE_ADMISSION,
                session_id=session.pk,
                registration=registration,
                checkin=checkin,
                scanned_at=answer.scanned_at,
                device=attempt.device,
                staff=staff,
                other_at=checkin.checked_in_at,
                other_device=checkin.device,
                other_staff=other_by,
                other_method=checkin.method,
                replaced=answer.scanned_at < checkin.checked_in_at,
            )
            if conflict.replaced:
                checkin.checked_in_at = answer.scanned_at
                checkin.checked_in_by = staff
                checkin.device = attempt.device
                checkin.method = method
                checkin.reason = reason
                checkin.full_clean(
                    exclude=FK_FIELDS, validate_unique=False, validate_constraints=False
                )
                checkin.save(
                    update_fields=["checked_in_at", "checked_in_by", "device", "method", "reason"]
                )
                answer.result = ScanResult.OK
                by = staff
            else:
                answer.result = ScanResult.ALREADY_CHECKED_IN
                by = other_by
            answer.reason = DOUBLE_ADMISSION
            answer.checkin_id = checkin.pk
            answer.checked_in_at = checkin.checked_in_at
            answer.recorded_at = checkin.recorded_at
            answer.checked_in_by = (by.display_name or by.email) if by is not None else ""
            answer.method, answer.device = checkin.method, checkin.device
            attempt.result, attempt.reason = answer.result, answer.reason
            attempt.answer = answer.to_data()
            attempt.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
            seal_scan(attempt)
            attempt.save(force_insert=True)
            conflict.scan = attempt
            conflict.full_clean(
                exclude=[*FK_FIELDS, "checkin", "scan", "other_staff"],
                validate_unique=False,
                validate_constraints=False,
            )
            conflict.save(force_insert=True)
            if conflict.replaced:
                audit_record(
                    actor=staff,
                    action="checkin.earlier_offline_scan",
                    target=checkin,
                    event=session.event,
                    summary=f"{answer.display_name} — {session.title}",
                    changes={
                        "checked_in_at": [
                            conflict.other_at.isoformat(),
                            checkin.checked_in_at.isoformat(),
                        ],
                        "device": [conflict.other_device, checkin.device],
                    },
                )
    except IntegrityError:
        attempt.pk = None
        chain_moved(attempt, saved=False)
        return False
    chain_moved(attempt, saved=True)
    return True


def _log_refused_admission(attempt: ScanLog, *, answer: CheckInAnswer, staff) -> bool:
    """A device admitted someone while offline whom the server refuses
    (cancelled or reissued meanwhile, outside the window…): nothing is
    admitted, the attempt is logged and the organiser is told. False when the
    client_id was taken meanwhile."""
    attempt.result, attempt.reason, attempt.answer = answer.result, answer.reason, answer.to_data()
    attempt.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
    conflict = CheckInConflict(
        kind=ConflictKind.REFUSED_LATER,
        session_id=answer.session_id,
        registration_id=answer.registration_id,
        scanned_at=answer.scanned_at,
        device=attempt.device,
        staff=staff,
        result=answer.result,
        reason=answer.reason,
    )
    try:
        with transaction.atomic():
            seal_scan(attempt)
            attempt.save(force_insert=True)
            conflict.scan = attempt
            conflict.full_clean(
                exclude=[*FK_FIELDS, "checkin", "scan", "other_staff"],
                validate_unique=False,
                validate_constraints=False,
            )
            conflict.save(force_insert=True)
    except IntegrityError:
        attempt.pk = None
        chain_moved(attempt, saved=False)
        return False
    chain_moved(attempt, saved=True)
    return True
