"""What every attempt at the door shares, online or judged offline: the
attempt as the door sent it, the answer it gets, the verdict, the replay of an
attempt sent twice, and the write of a refused attempt.

The two ways an attempt is recorded build on this: ``checkin.services.scan``
(judged here and now) and ``checkin.services.offline`` (judged on a device
without a network, reconciled when it arrives). See docs/checkin.md.
"""

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bimtek.models import Session
from checkin import door_sql, door_sql_chain
from checkin.errors import CheckInError
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import CheckInMethod, ScanAction, ScanResult
from checkin.selectors.window import WindowState, checkin_window

# The scan log's hash chain, in its own module (imported from here too).
from checkin.services.scanchain import SCAN_CHAIN, chain_moved, seal_scan  # noqa: F401
from participants.models import Registration, RevokedToken
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
RECORD_ATTEMPTS = 20
# The verdicts a device may have given offline. Django's ``ScanResult.values``
# builds a new list on every use (twice per scan); the set is built once.
VERDICTS = frozenset(ScanResult.values)

# Fields of CheckIn/ScanLog that full_clean() must not check one by one: the
# foreign keys are rows this scan has just read (checking them would cost a
# query each) and uniqueness is the database's job (the race is handled).
FK_FIELDS = ["registration", "session", "checked_in_by", "staff"]
# And the fields whose values this module sets itself, which full_clean()
# of an attempt at the door need not check either (it was ~4 per cent of a
# scan): the action, result and reason from its own constants, the texts the
# attempt brings through ``ScanAttempt.cleaned`` (``printable``, cut to each
# field's length; an unknown offline verdict dropped), the scanned code
# through ``printable`` too, the times it takes, the answer it builds
# (``to_data``: text, numbers, None), the chain's hashes. Of a scan-log entry
# only the client_id, as the caller sent it, is left to check; of a check-in
# nothing, so it is not cleaned at all. tests/checkin/test_scan_rows_valid.py
# checks the rows of every kind of scan against the complete full_clean().
LOG_SET_HERE = [
    *FK_FIELDS,
    *("action", "result", "reason", "note", "scanned_value", "device", "scanned_at"),
    *("received_at", "offline_result", "answer", "scanned_value_digest"),
    *("previous_hash", "record_hash"),
]


@dataclass(frozen=True)
class ScanAttempt:
    """One attempt to enter a session, as the door sent it.

    A QR scan gives ``token`` (anything a scanner may produce); a check-in by
    hand gives ``registration_id``, ``method=MANUAL`` and a ``reason``.
    A self check-in (``method=SELF``) gives the participant's own
    ``registration_id`` (the projector code), or the ``token`` of the ticket
    they scanned themselves at a kiosk.
    ``client_id`` makes a retry of the same attempt idempotent.
    ``offline_result``/``offline_reason``: the device judged this attempt
    itself while it had no network, and answered so at the door."""

    token: object = None
    registration_id: int | None = None
    method: str = CheckInMethod.QR
    reason: str = ""
    device: str = ""
    client_id: str = ""
    scanned_at: dt.datetime | None = None
    offline_result: str = ""
    offline_reason: str = ""

    @property
    def judged_offline(self) -> bool:
        return self.offline_result in VERDICTS

    def cleaned(self) -> "ScanAttempt":
        """Safe to store: printable texts, an unknown offline verdict dropped.
        Raises CheckInError (``reason_required``) for a check-in by hand
        without a reason."""
        cleaned = replace(
            self,
            device=printable(self.device, limit=100),
            reason=printable(self.reason, limit=200),
            offline_result=self.offline_result if self.offline_result in VERDICTS else "",
        )
        if cleaned.method == CheckInMethod.MANUAL and not cleaned.reason:
            raise CheckInError(
                _("Say why this person is checked in by hand."), code="reason_required"
            )
        return cleaned

    def lookup(self) -> dict | None:
        """How to find the ticket: by its token, by the registration chosen, or
        None when what was sent can be no ticket at all."""
        if self.method == CheckInMethod.QR or (
            self.method == CheckInMethod.SELF and self.registration_id is None
        ):
            normalised = normalise_token(self.token)
            return {"token": normalised} if normalised else None
        return {"pk": self.registration_id} if isinstance(self.registration_id, int) else None


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


# ``prior=`` of the recording services when nobody looked the client_id up yet.
NOT_LOOKED_UP = object()


def printable(raw: object, *, limit: int) -> str:
    """Text safe to store and show: no control characters (PostgreSQL refuses
    NUL in text), cut to ``limit``."""
    if not isinstance(raw, str):
        raw = "" if raw is None else repr(raw)
    text = raw[: limit * 4].strip()
    if text.isprintable():  # almost always: no character to replace
        return text[:limit]
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:limit]


def prior_read_with_session(session: Session):
    """The door_session selector reads the client_id's log entry along with
    the session (``prior_*``); NOT_LOOKED_UP when it did not."""
    if not hasattr(session, "prior_answer"):
        return NOT_LOOKED_UP
    if session.prior_session_id is None:
        return None
    return PriorAttempt(session.prior_session_id, session.prior_staff_id, session.prior_answer)


def prior_answer(*, session: Session, staff, client_id: str, known=NOT_LOOKED_UP):
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


def registration_for(*, session: Session, lookup: dict | None) -> Registration | None:
    """The ticket, its holder and their check-in for this session, in one
    query (hand-written: it runs on every scan, see checkin.door_sql)."""
    if lookup is None:
        return None
    read = session.__dict__.pop("ticket_read", None)
    if read is not None and read[0] == lookup.get("token"):
        # Read along with the session by door_session, for this token: only
        # the first judgement uses it (after a lost race the ticket is read again).
        return read[1]
    if "token" in lookup:
        return door_sql.ticket(session_id=session.pk, token=lookup["token"])
    return door_sql.ticket(session_id=session.pk, registration_id=lookup["pk"])


def start(
    *, session: Session, staff, attempt: ScanAttempt, now: dt.datetime, max_age: dt.timedelta
) -> tuple["CheckInAnswer", ScanLog]:
    """A blank answer and scan-log entry for ``attempt`` (nothing written)."""
    answer = CheckInAnswer(
        result=ScanResult.INVALID,
        session_id=session.pk,
        scanned_at=scan_time(attempt.scanned_at, now=now, max_age=max_age),
        client_id=attempt.client_id,
        device=attempt.device,
        method=attempt.method,
        offline_result=attempt.offline_result,
    )
    entry = ScanLog(
        session=session,
        action=ACTIONS.get(attempt.method, ScanAction.QR),
        scanned_value=printable(attempt.token, limit=64)
        if attempt.method != CheckInMethod.MANUAL
        else "",
        note=attempt.reason,
        staff=staff,
        device=attempt.device,
        client_id=attempt.client_id,
        scanned_at=answer.scanned_at,
        offline_result=attempt.offline_result,
    )
    return answer, entry


# The scan log's action for each way of checking in.
ACTIONS = {
    CheckInMethod.QR: ScanAction.QR,
    CheckInMethod.MANUAL: ScanAction.MANUAL,
    CheckInMethod.SELF: ScanAction.SELF,
}


def record_with_retries(
    *, session: Session, staff, attempt: ScanAttempt, prior, max_age: dt.timedelta, write
) -> "CheckInAnswer":
    """Judge ``attempt`` and let ``write(entry, answer=, registration=)`` record
    it. ``write`` returns False when it lost a race (another door admitted the
    person, or this very attempt was sent twice at once): the attempt is then
    judged again against what is now committed. A retry of an attempt already
    answered (same ``client_id``) gets that answer back, unjudged."""
    if prior is NOT_LOOKED_UP:
        prior = prior_read_with_session(session)
    found = prior_answer(session=session, staff=staff, client_id=attempt.client_id, known=prior)
    if found is not None:
        return found
    lookup = attempt.lookup()
    now = timezone.now()
    # Each loss is progress (another door admitted the person, or appended to
    # the session's scan-log chain, after which the losers queue on a lock):
    # bounded, but not at 3, so that a crowd at one session's doors gets through.
    for _attempt in range(RECORD_ATTEMPTS):
        answer, entry = start(
            session=session, staff=staff, attempt=attempt, now=now, max_age=max_age
        )
        registration = registration_for(session=session, lookup=lookup)
        judge(answer=answer, session=session, registration=registration, lookup=lookup)
        entry.registration = registration
        if write(entry, answer=answer, registration=registration):
            return answer
        found = prior_answer(session=session, staff=staff, client_id=attempt.client_id)
        if found is not None:
            return found
    raise CheckInError(_("The check-in could not be recorded; scan again."), code="conflict")


def judge(*, answer: CheckInAnswer, session: Session, registration, lookup) -> None:
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
        window = checkin_window(session)
        state = window.state(answer.scanned_at)
        if state != WindowState.OPEN:
            answer.result = ScanResult.OUTSIDE_WINDOW
            answer.reason = "too_early" if state == WindowState.LATER else "closed"
            answer.window_opens_at, answer.window_closes_at = window.opens_at, window.closes_at
        else:
            answer.result = ScanResult.OK
            answer.reason = ""


def log_refused(attempt: ScanLog, answer: CheckInAnswer) -> bool:
    """Write a refused attempt; False when its client_id was taken meanwhile."""
    attempt.result, attempt.reason, attempt.answer = answer.result, answer.reason, answer.to_data()
    attempt.full_clean(exclude=LOG_SET_HERE, validate_unique=False, validate_constraints=False)
    try:
        if door_sql_chain.available():
            # Chained in its own statement, under the chain's lock.
            with one_statement(chain_known=True):
                door_sql_chain.insert_entry(attempt)
        else:
            with one_statement(chain_known=_chain_known(attempt)):
                seal_scan(attempt)
                door_sql.insert(attempt)
    except IntegrityError:
        attempt.pk = None
        chain_moved(attempt, saved=False)
        return False
    chain_moved(attempt, saved=True)
    return True


def admit(attempt: ScanLog, *, answer: CheckInAnswer, registration, staff, reason: str) -> bool:
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
    # Every value set here (LOG_SET_HERE): no full_clean().
    reserved = getattr(registration, "checkin_id_reserved", None)
    if reserved is not None:
        return _admit_in_one_statement(attempt, checkin, reserved, answer=answer, staff=staff)
    try:
        with transaction.atomic():
            # One statement inserts the check-in or reports that another
            # door's (or this attempt's twin's) is there already.
            if not door_sql.insert(checkin, on_conflict_do_nothing=True):
                raise IntegrityError("checkin already recorded")
            answer.checkin_id = checkin.pk
            answer.checked_in_at = checkin.checked_in_at
            answer.recorded_at = checkin.recorded_at
            answer.checked_in_by = staff.display_name or staff.email
            attempt.result, attempt.reason = answer.result, answer.reason
            attempt.answer = answer.to_data()
            attempt.full_clean(
                exclude=LOG_SET_HERE, validate_unique=False, validate_constraints=False
            )
            if door_sql_chain.available():
                door_sql_chain.insert_entry(attempt)
            else:
                seal_scan(attempt)
                door_sql.insert(attempt)
    except IntegrityError:
        checkin.pk = attempt.pk = None
        answer.checkin_id = answer.checked_in_at = answer.recorded_at = None
        answer.checked_in_by = ""
        chain_moved(attempt, saved=False)
        return False
    chain_moved(attempt, saved=True)
    return True


def _chain_known(attempt: ScanLog) -> bool:
    return getattr(attempt.session, "scan_chain_last", None) is not None


def one_statement(*, chain_known: bool):
    """Where a write is one statement (atomic on its own), no transaction of
    its own: BEGIN and COMMIT would be two more round trips. Inside a
    transaction, a savepoint (a refused row must not spoil the caller's
    transaction); when the chain's end is unknown, a transaction (its read
    locks the session row, see ``seal_scan``)."""
    if chain_known and connection.get_autocommit():
        return nullcontext()
    return transaction.atomic()


def _admit_in_one_statement(
    attempt: ScanLog, checkin: CheckIn, reserved: int, *, answer: CheckInAnswer, staff
) -> bool:
    """``admit`` on PostgreSQL with the check-in's id reserved by door_session:
    both rows in one statement, the entry chained by it
    (``door_sql_chain.insert_admission``)."""
    checkin.pk = reserved
    door_sql.stamp(checkin)
    answer.checkin_id = checkin.pk
    answer.checked_in_at = checkin.checked_in_at
    answer.recorded_at = checkin.recorded_at
    answer.checked_in_by = staff.display_name or staff.email
    attempt.result, attempt.reason = answer.result, answer.reason
    attempt.answer = answer.to_data()
    attempt.full_clean(exclude=LOG_SET_HERE, validate_unique=False, validate_constraints=False)
    saved = False
    try:
        with one_statement(chain_known=True):
            saved = door_sql_chain.insert_admission(checkin, attempt)
    except IntegrityError:
        saved = False
    if not saved:
        checkin.pk = attempt.pk = None
        answer.checkin_id = answer.checked_in_at = answer.recorded_at = None
        answer.checked_in_by = ""
    chain_moved(attempt, saved=saved)
    return saved
