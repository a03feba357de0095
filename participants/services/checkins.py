"""Check-in at the door: the one place that judges a scan.

``checkin_record`` is used by the scanner page (through the API), the API
itself, and the tests. A refused scan is not an exception: it is one of the
answers of the API contract (``ScanResult``), logged like an admission.
``CheckInError`` is for requests that cannot be judged at all.

Budget: a scan costs at most four queries here (the session and its door
rights come from ``participants.selectors_attendance.door_session``): the
ticket with its check-in for this session, then on admission two inserts
(check-in and scan log) in one transaction. See docs/checkin.md.

Scans judged on a device while it was offline (``offline_result``) arrive
later, sometimes after another door admitted the same person: the earliest
scan wins and the clash is recorded (``CheckInConflict``). See docs/offline.md.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bimtek.models import Session
from bimtek.services import audit_record
from participants import door_sql
from participants.errors import CheckInError
from participants.models import (
    CheckIn,
    CheckInConflict,
    CheckInWindowOverride,
    Registration,
    RevokedToken,
    ScanLog,
)
from participants.models.checkins import CheckInMethod, ScanAction, ScanResult
from participants.models.offline import ConflictKind
from participants.models.registrations import RegistrationStatus
from participants.tokens import normalise_token

# A device clock may run a little fast; a scan claiming to be from further in
# the future, or older than a long offline day, is judged at the server's time.
SCAN_CLOCK_SKEW = dt.timedelta(minutes=5)
SCAN_MAX_AGE = dt.timedelta(hours=72)
# A scan judged on the device while offline waits in its queue until the
# scanner page is open with a network again — after a multi-day event that
# can be days later. Its own time is the only record of when the person came,
# so it is honoured for longer (docs/offline.md).
SCAN_MAX_AGE_OFFLINE = dt.timedelta(days=30)
# The reason given with an offline admission that met another door's check-in.
DOUBLE_ADMISSION = "double_admission"
# How long after a check-in a door supervisor may still undo it.
UNDO_WINDOW = dt.timedelta(minutes=15)

# Fields of CheckIn/ScanLog that full_clean() must not check one by one: the
# foreign keys are rows this scan has just read (checking them would cost a
# query each) and uniqueness is the database's job (the race is handled).
_FK_FIELDS = ["registration", "session", "checked_in_by", "staff"]


@dataclass
class CheckInAnswer:
    """What the door is told. ``to_data()`` is stored in the scan log, so a
    retry with the same client_id gets exactly the same answer back."""

    result: str
    session_id: int
    scanned_at: dt.datetime
    reason: str = ""
    client_id: str = ""
    registration_id: int | None = None
    display_name: str = ""
    institution: str = ""
    jabatan: str = ""
    role: str = ""
    event_title: str = ""
    checkin_id: int | None = None
    checked_in_at: dt.datetime | None = None
    recorded_at: dt.datetime | None = None
    checked_in_by: str = ""
    method: str = ""
    device: str = ""
    window_opens_at: dt.datetime | None = None
    window_closes_at: dt.datetime | None = None
    offline_result: str = ""
    replayed: bool = field(default=False)

    _TIMES = ("scanned_at", "checked_in_at", "recorded_at", "window_opens_at", "window_closes_at")
    _FIELDS = (
        "result", "session_id", "scanned_at", "reason", "client_id", "registration_id",
        "display_name", "institution", "jabatan", "role", "event_title", "checkin_id",
        "checked_in_at", "recorded_at", "checked_in_by", "method", "device",
        "window_opens_at", "window_closes_at", "offline_result",
    )  # fmt: skip

    @property
    def admitted(self) -> bool:
        return self.result == ScanResult.OK

    def to_data(self) -> dict:
        data = {name: getattr(self, name) for name in self._FIELDS}
        for key in self._TIMES:
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_data(cls, data: dict, *, replayed: bool = True) -> "CheckInAnswer":
        values = dict(data)
        for key in cls._TIMES:
            if values.get(key):
                values[key] = parse_datetime(values[key])
        return cls(**values, replayed=replayed)


def checkin_window(session: Session) -> tuple[dt.datetime, dt.datetime, bool]:
    """(opens, closes, overridden): the organiser's override if any, else the
    session's own window (N minutes before the start until its end)."""
    try:
        override = session.checkin_override
    except ObjectDoesNotExist:
        override = None
    if override is not None:
        return override.opens_at, override.closes_at, True
    return session.checkin_opens_at, session.checkin_closes_at, False


def scan_time(
    claimed: dt.datetime | None, *, now: dt.datetime, max_age: dt.timedelta = SCAN_MAX_AGE
) -> dt.datetime:
    """The time a scan is recorded at: the device's own time (a scan synced
    late keeps it), unless that time is implausible."""
    if claimed is None or claimed > now + SCAN_CLOCK_SKEW or claimed < now - max_age:
        return now
    return min(claimed, now)


@dataclass(frozen=True)
class PriorAttempt:
    """What the scan log holds for a client_id already used."""

    session_id: int
    staff_id: int | None
    answer: dict


# ``checkin_record(prior=...)`` when nobody looked the client_id up yet.
NOT_LOOKED_UP = object()


def printable(raw: object, *, limit: int) -> str:
    """Text safe to store and show: no control characters (PostgreSQL refuses
    NUL in text), cut to ``limit``."""
    if not isinstance(raw, str):
        raw = "" if raw is None else repr(raw)
    text = raw[: limit * 4].strip()
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:limit]


def checkin_record(
    *,
    session: Session,
    staff,
    token: object = None,
    registration_id: int | None = None,
    method: str = CheckInMethod.QR,
    reason: str = "",
    device: str = "",
    client_id: str = "",
    scanned_at: dt.datetime | None = None,
    offline_result: str = "",
    offline_reason: str = "",
    prior: PriorAttempt | object | None = NOT_LOOKED_UP,
) -> CheckInAnswer:
    """Judge one attempt to enter ``session`` and record it.

    A QR scan gives ``token`` (anything a scanner may produce); a check-in by
    hand gives ``registration_id`` and a ``reason``. The first check-in wins;
    every attempt, admitted or not, goes to the scan log. With ``client_id``,
    a retry of the same attempt returns the first answer unchanged (``prior``:
    the scan log's entry for it when the caller has read it already, None
    when there is none).

    ``offline_result``/``offline_reason``: the device judged this attempt
    itself while it had no network and answered so at the door. A refusal
    there is logged and never admits anyone. An admission is judged again:
    if the person was checked in meanwhile by another door, the earliest scan
    becomes the check-in's time and the clash is recorded; if the server
    refuses the ticket, nothing is admitted and that is recorded too
    (``CheckInConflict``; docs/offline.md).
    Raises CheckInError (``reason_required``, ``client_id_reused``).
    """
    now = timezone.now()
    device = printable(device, limit=100)
    reason = printable(reason, limit=200)
    if method == CheckInMethod.MANUAL and not reason:
        raise CheckInError(_("Say why this person is checked in by hand."), code="reason_required")
    if offline_result not in ScanResult.values:
        offline_result = ""

    if prior is NOT_LOOKED_UP:
        prior = _prior_read_with_session(session)
    found = _prior_answer(session=session, staff=staff, client_id=client_id, known=prior)
    if found is not None:
        return found

    scanned_value = ""
    if method == CheckInMethod.QR:
        scanned_value = printable(token, limit=64)
        normalised = normalise_token(token)
        lookup = {"token": normalised} if normalised else None
    else:
        lookup = {"pk": registration_id} if isinstance(registration_id, int) else None

    answer = CheckInAnswer(
        result=ScanResult.INVALID,
        session_id=session.pk,
        scanned_at=scan_time(
            scanned_at, now=now, max_age=SCAN_MAX_AGE_OFFLINE if offline_result else SCAN_MAX_AGE
        ),
        client_id=client_id,
        device=device,
        method=method,
        offline_result=offline_result,
    )
    attempt = ScanLog(
        session=session,
        action=ScanAction.MANUAL if method == CheckInMethod.MANUAL else ScanAction.QR,
        scanned_value=scanned_value,
        note=reason,
        staff=staff,
        device=device,
        client_id=client_id,
        scanned_at=answer.scanned_at,
        offline_result=offline_result,
    )
    for _attempt in range(3):
        registration = _registration_for(session=session, lookup=lookup)
        _judge(answer=answer, session=session, registration=registration, lookup=lookup)
        attempt.registration = registration
        if offline_result and offline_result != ScanResult.OK:
            # Turned away at the door: that is what happened, whatever the
            # server would say now (a more precise refusal is kept).
            if answer.result == ScanResult.OK:
                answer.result = offline_result
                answer.reason = printable(offline_reason, limit=40)
            done = _log(attempt, answer)
        elif offline_result and answer.result == ScanResult.ALREADY_CHECKED_IN:
            done = _admit_again(
                attempt,
                answer=answer,
                session=session,
                registration=registration,
                staff=staff,
                method=method,
                reason=reason,
            )
        elif answer.result != ScanResult.OK:
            if offline_result:
                done = _log_refused_admission(attempt, answer=answer, staff=staff)
            else:
                done = _log(attempt, answer)
        else:
            done = _admit(
                attempt, answer=answer, registration=registration, staff=staff, reason=reason
            )
        if done:
            return answer
        # Lost a race: another door admitted this person, or this very attempt
        # was sent twice at once. Whichever it was is now committed; look again.
        found = _prior_answer(session=session, staff=staff, client_id=client_id)
        if found is not None:
            return found
    raise CheckInError(_("The check-in could not be recorded; scan again."), code="conflict")


def _prior_read_with_session(session: Session):
    """The door_session selector reads the client_id's log entry along with
    the session (``prior_*``); NOT_LOOKED_UP when it did not."""
    if not hasattr(session, "prior_answer"):
        return NOT_LOOKED_UP
    if session.prior_session_id is None:
        return None
    return PriorAttempt(session.prior_session_id, session.prior_staff_id, session.prior_answer)


def _prior_answer(*, session: Session, staff, client_id: str, known=NOT_LOOKED_UP):
    """The answer already given to this client_id, if any: ``known`` when the
    caller has read it already, else one query (also after a lost race)."""
    if not client_id:
        return None
    if known is NOT_LOOKED_UP:
        row = (
            ScanLog.objects.filter(client_id=client_id)
            .values_list("session_id", "staff_id", "answer")
            .first()
        )
        known = PriorAttempt(*row) if row is not None else None
    if known is None:
        return None
    if known.session_id != session.pk or known.staff_id != getattr(staff, "pk", None):
        raise CheckInError(
            _("This client id was already used for another scan."), code="client_id_reused"
        )
    return CheckInAnswer.from_data(known.answer)


def prior_attempts(*, client_ids: list[str]) -> dict[str, PriorAttempt]:
    """The scan log's entries for these client_ids (one query), for a batch."""
    wanted = [client_id for client_id in client_ids if client_id]
    if not wanted:
        return {}
    rows = ScanLog.objects.filter(client_id__in=wanted).values_list(
        "client_id", "session_id", "staff_id", "answer"
    )
    return {client_id: PriorAttempt(*rest) for client_id, *rest in rows}


def _registration_for(*, session: Session, lookup: dict | None) -> Registration | None:
    """The ticket, its holder and their check-in for this session, in one
    query (hand-written: it runs on every scan, see participants.door_sql)."""
    if lookup is None:
        return None
    if "token" in lookup:
        return door_sql.ticket(session_id=session.pk, token=lookup["token"])
    return door_sql.ticket(session_id=session.pk, registration_id=lookup["pk"])


def _judge(*, answer: CheckInAnswer, session: Session, registration, lookup) -> None:
    """Fill in ``answer`` with the verdict on ``registration`` (no writes)."""
    if registration is None:
        answer.result = ScanResult.INVALID
        answer.reason = "malformed" if lookup is None else "unknown"
        if lookup and "token" in lookup:
            revoked = RevokedToken.objects.filter(token=lookup["token"]).values_list(
                "registration_id", flat=True
            )
            if registration_id := revoked.first():
                answer.reason = "reissued"
                answer.registration_id = registration_id
        return
    participant = registration.participant
    answer.registration_id = registration.pk
    answer.display_name = participant.display_name
    answer.institution = participant.institution.name
    answer.jabatan = participant.jabatan
    answer.role = registration.role
    if registration.event_id != session.event_id:
        answer.result = ScanResult.WRONG_EVENT
        answer.reason = "other_event"
        answer.event_title = registration.event_title
    elif registration.status != RegistrationStatus.APPROVED:
        answer.result = ScanResult.NOT_APPROVED
        answer.reason = registration.status
    elif registration.checkin_here_id is not None:
        answer.result = ScanResult.ALREADY_CHECKED_IN
        answer.reason = ""
        answer.checkin_id = registration.checkin_here_id
        answer.checked_in_at = registration.checkin_here_at
        answer.recorded_at = registration.checkin_here_recorded_at
        answer.checked_in_by = (
            registration.checkin_here_by_name or registration.checkin_here_by_email or ""
        )
        answer.method = registration.checkin_here_method
        answer.device = registration.checkin_here_device
    else:
        opens, closes, _overridden = checkin_window(session)
        if answer.scanned_at < opens or answer.scanned_at > closes:
            answer.result = ScanResult.OUTSIDE_WINDOW
            answer.reason = "too_early" if answer.scanned_at < opens else "closed"
            answer.window_opens_at, answer.window_closes_at = opens, closes
        else:
            answer.result = ScanResult.OK
            answer.reason = ""


def _log(attempt: ScanLog, answer: CheckInAnswer) -> bool:
    """Write a refused attempt; False when its client_id was taken meanwhile."""
    attempt.result, attempt.reason, attempt.answer = answer.result, answer.reason, answer.to_data()
    attempt.full_clean(exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
    except IntegrityError:
        attempt.pk = None
        return False
    return True


def _admit(attempt: ScanLog, *, answer: CheckInAnswer, registration, staff, reason: str) -> bool:
    """Write the check-in and its log entry together; False on a lost race."""
    checkin = CheckIn(
        registration=registration,
        session_id=answer.session_id,
        checked_in_at=answer.scanned_at,
        checked_in_by=staff,
        device=answer.device,
        method=answer.method,
        reason=reason,
    )
    checkin.full_clean(exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            checkin.save(force_insert=True)
            answer.checkin_id = checkin.pk
            answer.checked_in_at = checkin.checked_in_at
            answer.recorded_at = checkin.recorded_at
            answer.checked_in_by = staff.display_name or staff.email
            attempt.result, attempt.reason = answer.result, answer.reason
            attempt.answer = answer.to_data()
            attempt.full_clean(
                exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False
            )
            attempt.save(force_insert=True)
    except IntegrityError:
        checkin.pk = attempt.pk = None
        answer.checkin_id = answer.checked_in_at = answer.recorded_at = None
        answer.checked_in_by = ""
        return False
    return True


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
                    exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False
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
            attempt.full_clean(
                exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False
            )
            attempt.save(force_insert=True)
            conflict.scan = attempt
            conflict.full_clean(
                exclude=[*_FK_FIELDS, "checkin", "scan", "other_staff"],
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
        return False
    return True


def _log_refused_admission(attempt: ScanLog, *, answer: CheckInAnswer, staff) -> bool:
    """A device admitted someone while offline whom the server refuses
    (cancelled or reissued meanwhile, outside the window…): nothing is
    admitted, the attempt is logged and the organiser is told. False when the
    client_id was taken meanwhile."""
    attempt.result, attempt.reason, attempt.answer = answer.result, answer.reason, answer.to_data()
    attempt.full_clean(exclude=_FK_FIELDS, validate_unique=False, validate_constraints=False)
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
            attempt.save(force_insert=True)
            conflict.scan = attempt
            conflict.full_clean(
                exclude=[*_FK_FIELDS, "checkin", "scan", "other_staff"],
                validate_unique=False,
                validate_constraints=False,
            )
            conflict.save(force_insert=True)
    except IntegrityError:
        attempt.pk = None
        return False
    return True


@transaction.atomic
def checkin_conflict_review(*, conflict: CheckInConflict, actor) -> CheckInConflict:
    """An organiser has looked at a conflict (and settled it if needed: a
    check-in by hand, an undo, a word with the door). It stays in the list,
    marked as reviewed."""
    conflict = CheckInConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.reviewed_at is not None:
        return conflict
    conflict.reviewed_at = timezone.now()
    conflict.reviewed_by = actor
    conflict.save(update_fields=["reviewed_at", "reviewed_by"])
    audit_record(
        actor=actor,
        action="checkin.conflict_reviewed",
        target=conflict,
        event=conflict.session.event,
        summary=str(conflict),
    )
    return conflict


@transaction.atomic
def checkin_undo(*, checkin_id: int, session: Session, staff, reason: str = "", device: str = ""):
    """Take back a check-in made by mistake, within UNDO_WINDOW of recording it.

    The row is deleted (a CheckIn always means "was present"); the scan log
    and the audit trail keep who undid what and why.
    Raises CheckInError (``not_found``, ``undo_expired``)."""
    checkin = (
        CheckIn.objects.select_for_update()
        .select_related("registration__participant")
        .filter(pk=checkin_id, session=session)
        .first()
    )
    if checkin is None:
        raise CheckInError(_("This check-in does not exist (any more)."), code="not_found")
    now = timezone.now()
    if now - checkin.recorded_at > UNDO_WINDOW:
        raise CheckInError(
            _("A check-in can only be undone within %(minutes)d minutes.")
            % {"minutes": UNDO_WINDOW.total_seconds() // 60},
            code="undo_expired",
        )
    participant = checkin.registration.participant
    entry = ScanLog(
        session=session,
        registration=checkin.registration,
        action=ScanAction.UNDO,
        result=ScanResult.OK,
        note=printable(reason, limit=200),
        staff=staff,
        device=printable(device, limit=100),
        scanned_at=now,
        answer={
            "undone_checkin_id": checkin.pk,
            "checked_in_at": checkin.checked_in_at.isoformat(),
        },
    )
    entry.full_clean(exclude=_FK_FIELDS)
    entry.save()
    audit_record(
        actor=staff,
        action="checkin.undo",
        target=checkin,
        event=session.event,
        summary=f"{participant.display_name} — {session.title}",
        changes={"checked_in_at": checkin.checked_in_at.isoformat(), "reason": entry.note},
    )
    checkin.delete()
    return checkin


@transaction.atomic
def checkin_window_override_set(
    *, actor, session: Session, opens_at: dt.datetime, closes_at: dt.datetime, reason: str = ""
) -> CheckInWindowOverride:
    """Open a session's check-in at other times than its own window."""
    if closes_at <= opens_at:
        raise CheckInError(_("Check-in must close after it opens."), code="window_invalid")
    override, _created = CheckInWindowOverride.objects.get_or_create(
        session=session,
        defaults={"opens_at": opens_at, "closes_at": closes_at, "granted_by": actor},
    )
    override.opens_at, override.closes_at = opens_at, closes_at
    override.reason = printable(reason, limit=200)
    override.granted_by = actor
    override.full_clean()
    override.save()
    session.checkin_override = override
    audit_record(
        actor=actor,
        action="checkin.window_override",
        target=override,
        event=session.event,
        summary=session.title,
        changes={
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "reason": override.reason,
        },
    )
    return override


@transaction.atomic
def checkin_window_override_clear(*, actor, session: Session) -> None:
    """Back to the session's own check-in window."""
    override = CheckInWindowOverride.objects.filter(session=session).first()
    if override is None:
        return
    audit_record(
        actor=actor,
        action="checkin.window_override_clear",
        target=override,
        event=session.event,
        summary=session.title,
    )
    override.delete()
    session._state.fields_cache.pop("checkin_override", None)  # forget the cached relation
