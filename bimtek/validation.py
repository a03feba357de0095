"""The scheduling rules, in one place: asked by the services before every
write and by ``Event.clean()`` (so the admin and model forms show the same
messages). Each rule answers an ``EventError`` with a code and the field it
belongs to; the services raise the first, forms show them all."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek import formatting
from bimtek.errors import EventError

# A Bimtek lasts days, not months; a longer span is almost always a typo in the year.
MAX_EVENT_DAYS = 60


def normalise_room(room: str) -> str:
    """ "  Aula   Lantai 3 " -> "Aula Lantai 3": rooms are compared by their words."""
    return " ".join((room or "").split())


def event_schedule_errors(event) -> list[EventError]:
    """Dates and registration window of an event (no database access)."""
    errors: list[EventError] = []
    start, end = event.start_date, event.end_date
    if start and end and end < start:
        errors.append(
            EventError(
                _("The event cannot end before it starts."),
                code="event_ends_before_start",
                field="end_date",
            )
        )
    elif start and end and (end - start).days + 1 > MAX_EVENT_DAYS:
        errors.append(
            EventError(
                _("An event may last at most %(days)d days; check the year of the last day.")
                % {"days": MAX_EVENT_DAYS},
                code="event_too_long",
                field="end_date",
            )
        )
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        errors.append(
            EventError(
                _("Registration must close after it opens."),
                code="registration_window_order",
                field="registration_closes_at",
            )
        )
    elif closes and start and event.timezone and closes > event.starts_at:
        errors.append(
            EventError(
                _("Registration must close before the event starts (%(start)s).")
                % {"start": formatting.format_datetime(event.starts_at, tz=event.tzinfo)},
                code="registration_closes_after_start",
                field="registration_closes_at",
            )
        )
    return errors


def session_time_errors(session, event) -> list[EventError]:
    """Start, end and place of a session within its event (no database access)."""
    starts, ends = session.starts_at, session.ends_at
    if starts is None or ends is None:
        return []
    if ends <= starts:
        return [
            EventError(
                _("The session must end after it starts."),
                code="session_ends_before_start",
                field="ends_at",
            )
        ]
    if starts < event.starts_at or ends > event.ends_at:
        return [
            EventError(
                _("The session must take place during the event (%(dates)s).")
                % {"dates": formatting.format_date_range(event.start_date, event.end_date)},
                code="session_outside_event",
                field="starts_at",
            )
        ]
    return []


def local_datetime(day: dt.date, time: dt.time, zone) -> dt.datetime:
    """A wall-clock time at the venue as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=zone)


def shift_local(value: dt.datetime, *, days: int, zone, to_zone=None) -> dt.datetime:
    """Move ``value`` by whole days keeping its wall-clock time at the venue
    (and, when the venue's zone changes, the same wall-clock time there)."""
    local = timezone.localtime(value, zone)
    moved = local.replace(tzinfo=None) + dt.timedelta(days=days)
    return moved.replace(tzinfo=to_zone or zone)
