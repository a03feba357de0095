"""The agenda: add, edit, delete and reorder sessions, with the scheduling rules.

Every write locks the event's row first, so two organisers editing the same
agenda at once cannot both squeeze a session into the same room and time."""

import datetime as dt
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek import formatting
from bimtek.errors import EventError
from bimtek.models import Event, Session
from bimtek.selectors import session_overlap_error
from bimtek.services.audit import audit_record, field_changes
from bimtek.validation import normalise_room, session_time_errors

SESSION_FIELDS = (
    "title",
    "description",
    "speakers",
    "moderator",
    "room",
    "starts_at",
    "ends_at",
    "counts_for_certificate",
    "checkin_opens_minutes",
    "jp_override",
)


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _touch(event: Event) -> None:
    """The agenda changed: the event's last change moves too (calendar files
    carry it as SEQUENCE / LAST-MODIFIED, so calendars update their copy)."""
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())


def _check_agenda_editable(event: Event) -> None:
    if event.agenda_is_locked:
        raise EventError(
            _("The agenda of a finished or cancelled event can no longer be changed."),
            code="agenda_locked",
        )


def _tidy(session: Session) -> None:
    session.title = " ".join((session.title or "").split())
    session.room = normalise_room(session.room)
    session.moderator = " ".join((session.moderator or "").split())
    session.speakers = "\n".join(
        " ".join(line.split()) for line in (session.speakers or "").splitlines() if line.strip()
    )


def _validate(session: Session, event: Event) -> None:
    errors = session_time_errors(session, event)
    if errors:
        raise errors[0]
    overlap = session_overlap_error(session, event)
    if overlap:
        raise overlap
    session.full_clean()


def _label(session: Session, event: Event) -> str:
    when = formatting.format_time_range(session.starts_at, session.ends_at, tz=event.tzinfo)
    return f"{formatting.format_date(session.starts_at, tz=event.tzinfo)} {when} · {session.title}"


@transaction.atomic
def session_create(*, actor, event: Event, **fields: Any) -> Session:
    """Add a session to the agenda."""
    event = _lock_event(event)
    _check_agenda_editable(event)
    session = Session(event=event, **fields)
    _tidy(session)
    if "position" not in fields:
        session.position = event.sessions.count()
    _validate(session, event)
    session.save()
    _touch(event)
    audit_record(
        actor=actor,
        action="session.create",
        target=session,
        event=event,
        summary=_label(session, event),
        changes=field_changes(
            dict.fromkeys(SESSION_FIELDS),
            # a new session's empty fields say nothing: leave them out
            {
                name: None if getattr(session, name) == "" else getattr(session, name)
                for name in SESSION_FIELDS
            },
            SESSION_FIELDS,
        ),
    )
    return session


@transaction.atomic
def session_update(*, actor, session: Session, data: dict[str, Any]) -> Session:
    """Change a session; the audit trail keeps every field's before and after."""
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    event = _lock_event(session.event)
    _check_agenda_editable(event)
    session = Session.objects.get(pk=session.pk, event=event)
    session.event = event
    before = {name: getattr(session, name) for name in SESSION_FIELDS}
    for name, value in data.items():
        setattr(session, name, value)
    _tidy(session)
    after = {name: getattr(session, name) for name in SESSION_FIELDS}
    changes = field_changes(before, after, SESSION_FIELDS)
    if not changes:
        return session
    _validate(session, event)
    session.save()
    _touch(event)
    audit_record(
        actor=actor,
        action="session.update",
        target=session,
        event=event,
        summary=_label(session, event),
        changes=changes,
    )
    return session


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    """Remove a session that has not started yet (attendance may exist for one
    that has: edit it instead)."""
    event = _lock_event(session.event)
    _check_agenda_editable(event)
    session = Session.objects.get(pk=session.pk, event=event)
    if not event.is_draft and session.starts_at <= timezone.now():
        raise EventError(
            _("This session has already started and attendance may have been recorded."),
            code="session_started",
        )
    audit_record(
        actor=actor,
        action="session.delete",
        target=session,
        event=event,
        summary=_label(session, event),
    )
    session.delete()
    _touch(event)


def _day_sessions(event: Event, day: dt.date) -> list[Session]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=event.tzinfo)
    sessions = list(
        event.sessions.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        .select_for_update()
        .order_by("starts_at", "position", "id")
    )
    for session in sessions:
        session.event = event
    return sessions


@transaction.atomic
def session_reorder(*, actor, event: Event, day: dt.date, order: Sequence[int]) -> list[Session]:
    """Put a day's sessions in a new order. The day keeps its first start time
    and the gaps between consecutive slots (the lunch break stays where it
    was); each session keeps its length. Days with parallel sessions are
    refused: their times must be changed one by one."""
    event = _lock_event(event)
    _check_agenda_editable(event)
    sessions = _day_sessions(event, day)
    by_id = {session.pk: session for session in sessions}
    order = [int(pk) for pk in order]
    if sorted(order) != sorted(by_id):
        raise EventError(
            _("The agenda changed in the meantime; the page has been refreshed, try again."),
            code="reorder_stale",
        )
    if len(sessions) < 2 or order == [session.pk for session in sessions]:
        return sessions
    gaps = []
    for earlier, later in pairwise(sessions):
        gap = later.starts_at - earlier.ends_at
        if gap < dt.timedelta(0):
            raise EventError(
                _(
                    "This day has parallel sessions; change their times one by one "
                    "instead of reordering."
                ),
                code="parallel_sessions",
            )
        gaps.append(gap)
    before = [session.title for session in sessions]
    cursor = sessions[0].starts_at
    reordered = [by_id[pk] for pk in order]
    for index, session in enumerate(reordered):
        length = session.ends_at - session.starts_at
        session.starts_at = cursor
        session.ends_at = cursor + length
        session.position = index
        cursor = session.ends_at + (gaps[index] if index < len(gaps) else dt.timedelta(0))
    for session in reordered:
        errors = session_time_errors(session, event)
        if errors:
            raise errors[0]
    Session.objects.bulk_update(reordered, ["starts_at", "ends_at", "position"])
    _touch(event)
    audit_record(
        actor=actor,
        action="session.reorder",
        target=event,
        event=event,
        summary=formatting.format_date(day),
        changes={"order": {"from": before, "to": [session.title for session in reordered]}},
    )
    return reordered


@transaction.atomic
def session_move(*, actor, session: Session, direction: Literal["up", "down"]) -> list[Session]:
    """Swap a session with its neighbour on the same day (the buttons that work
    without JavaScript); see session_reorder for how times follow."""
    event = _lock_event(session.event)
    session = Session.objects.get(pk=session.pk, event=event)
    day = timezone.localtime(session.starts_at, event.tzinfo).date()
    ids = [other.pk for other in _day_sessions(event, day)]
    index = ids.index(session.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(ids):
        return []
    ids[index], ids[neighbour] = ids[neighbour], ids[index]
    return session_reorder(actor=actor, event=event, day=day, order=ids)
