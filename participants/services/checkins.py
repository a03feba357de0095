"""Check-in at the door: the one place that judges a scan.

``checkin_record`` is used by the scanner page (through the API), the API
itself, and the tests. A refused scan is not an exception: it is one of the
answers of the API contract (``ScanResult``), logged like an admission.
``CheckInError`` is for requests that cannot be judged at all.

Budget: a scan costs at most four queries here (the session and its door
rights come from ``participants.selectors_attendance.door_session``): the
ticket with its check-in for this session, then on admission two inserts
(check-in and scan log) in one transaction. See docs/checkin.md.
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
from participants.models import CheckIn, CheckInWindowOverride, Registration, RevokedToken, ScanLog
from participants.models.checkins import CheckInMethod, ScanAction, ScanResult
from participants.models.registrations import RegistrationStatus
from participants.tokens import normalise_token

# A device clock may run a little fast; a scan claiming to be from further in
# the future, or older than a long offline day, is judged at the server's time.
SCAN_CLOCK_SKEW = dt.timedelta(minutes=5)
SCAN_MAX_AGE = dt.timedelta(hours=72)
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
    replayed: bool = field(default=False)

    _TIMES = ("scanned_at", "checked_in_at", "recorded_at", "window_opens_at", "window_closes_at")
    _FIELDS = (
        "result", "session_id", "scanned_at", "reason", "client_id", "registration_id",
        "display_name", "institution", "jabatan", "role", "event_title", "checkin_id",
        "checked_in_at", "recorded_at", "checked_in_by", "method", "device",
        "window_opens_at", "window_closes_at",
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


def scan_time(claimed: dt.datetime | None, *, now: dt.datetime) -> dt.datetime:
    """The time a scan is recorded at: the device's own time (a scan synced
    late keeps it), unless that time is implausible."""
    if claimed is None or claimed > now + SCAN_CLOCK_SKEW or claimed < now - SCAN_MAX_AGE:
        return now
    return min(claimed, now)


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
) -> CheckInAnswer:
    """Judge one attempt to enter ``session`` and record it.

    A QR scan gives ``token`` (anything a scanner may produce); a check-in by
    hand gives ``registration_id`` and a ``reason``. The first check-in wins;
    every attempt, admitted or not, goes to the scan log. With ``client_id``,
    a retry of the same attempt returns the first answer unchanged.
    Raises CheckInError (``reason_required``, ``client_id_reused``).
    """
    now = timezone.now()
    device = printable(device, limit=100)
    reason = printable(reason, limit=200)
    if method == CheckInMethod.MANUAL and not reason:
        raise CheckInError(_("Say why this person is checked in by hand."), code="reason_required")

    prior = _prior_answer(session=session, staff=staff, client_id=client_id)
    if prior is not None:
        return prior

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
        scanned_at=scan_time(scanned_at, now=now),
        client_id=client_id,
        device=device,
        method=method,
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
    )
    for _attempt in range(3):
        registration = _registration_for(session=session, lookup=lookup)
        _judge(answer=answer, session=session, registration=registration, lookup=lookup)
        attempt.registration = registration
        if answer.result != ScanResult.OK:
            if _log(attempt, answer):
                return answer
        elif _admit(attempt, answer=answer, registration=registration, staff=staff, reason=reason):
            return answer
        # Lost a race: another door admitted this person, or this very attempt
        # was sent twice at once. Whichever it was is now committed; look again.
        prior = _prior_answer(session=session, staff=staff, client_id=client_id, fresh=True)
        if prior is not None:
            return prior
    raise CheckInError(_("The check-in could not be recorded; scan again."), code="conflict")


def _prior_answer(*, session: Session, staff, client_id: str, fresh: bool = False):
    """The answer already given to this client_id, if any. The door_session
    selector reads it along with the session; otherwise (or after a lost
    race) it is one query."""
    if not client_id:
        return None
    if not fresh and hasattr(session, "prior_answer"):
        if session.prior_session_id is None:
            return None
        prior = {
            "session_id": session.prior_session_id,
            "staff_id": session.prior_staff_id,
            "answer": session.prior_answer,
        }
    else:
        prior = (
            ScanLog.objects.filter(client_id=client_id)
            .values("session_id", "staff_id", "answer")
            .first()
        )
        if prior is None:
            return None
    if prior["session_id"] != session.pk or prior["staff_id"] != getattr(staff, "pk", None):
        raise CheckInError(
            _("This client id was already used for another scan."), code="client_id_reused"
        )
    return CheckInAnswer.from_data(prior["answer"])


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
