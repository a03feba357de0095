"""Corrections at the door and by the organiser: undoing a check-in made by
mistake, marking an offline conflict as reviewed, and overriding a session's
check-in window. Each is audited."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek import chain
from bimtek.models import Session
from bimtek.models.events import EventStatus
from bimtek.services import audit_record
from checkin.errors import CheckInError
from checkin.models import CheckIn, CheckInConflict, CheckInWindowOverride, ScanLog
from checkin.models.checkins import ScanAction, ScanResult
from checkin.services.attempts import FK_FIELDS, SCAN_CHAIN, UNDO_WINDOW, chain_moved, printable


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
def checkin_undo(*, checkin_id: int, session: Session, staff, reason: str, device: str = ""):
    """Take back a check-in made by mistake, within UNDO_WINDOW of recording it.

    The row is deleted (a CheckIn always means "was present"); the scan log
    (its note) and the audit trail keep who undid what and why: a reason is
    required, as for a check-in by hand.
    Raises CheckInError (``reason_required``, ``not_found``, ``undo_expired``)."""
    reason = printable(reason, limit=200)
    if not reason:
        raise CheckInError(_("Say why this check-in is undone."), code="reason_required")
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
        note=reason,
        staff=staff,
        device=printable(device, limit=100),
        scanned_at=now,
        answer={
            "undone_checkin_id": checkin.pk,
            "checked_in_at": checkin.checked_in_at.isoformat(),
        },
    )
    entry.full_clean(exclude=FK_FIELDS)
    chain.chain_append(
        entry, chain=SCAN_CHAIN, previous_hash=getattr(session, "scan_chain_last", None)
    )
    chain_moved(entry, saved=True)
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
    """Open a session's check-in at other times than its own window (while the
    event runs: a finished or cancelled event admits nobody any more)."""
    if session.event.status != EventStatus.PUBLISHED:
        raise CheckInError(
            _("Check-in is over: this event is no longer running."), code="event_not_running"
        )
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


def scanned_values_erase(*, registrations=None, events=None) -> int:
    """Erase the codes scanned at the door for ``registrations`` (a person's
    erasure) or at ``events``' sessions (past retention). The hash chain stays
    whole: each value's digest, which the row's hash covers, is kept
    (``scanned_value_digest``). Returns how many values were erased."""
    rows = ScanLog.objects.exclude(scanned_value="")
    if registrations is not None:
        rows = rows.filter(registration__in=registrations)
    if events is not None:
        rows = rows.filter(session__event__in=events)
    erased = 0
    batch: list[ScanLog] = []
    for entry in rows.only("id", "scanned_value", "scanned_value_digest").iterator(chunk_size=2000):
        entry.scanned_value_digest = chain.value_digest(entry.scanned_value)
        entry.scanned_value = ""
        batch.append(entry)
        if len(batch) == 1000:
            ScanLog.objects.bulk_update(batch, ["scanned_value", "scanned_value_digest"])
            erased, batch = erased + len(batch), []
    ScanLog.objects.bulk_update(batch, ["scanned_value", "scanned_value_digest"])
    return erased + len(batch)
