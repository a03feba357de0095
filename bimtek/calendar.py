"""The agenda as iCalendar (.ics), for Google Calendar, Outlook and phones.

What makes it import cleanly (see docs/scheduling.md):
* one VEVENT per session, DTSTART/DTEND with ``TZID=Asia/Jakarta`` (or the
  venue's zone) and that zone's VTIMEZONE, which Outlook needs;
* stable UIDs (``session-<id>.<code>@<host>``), so importing the file again
  updates the entries instead of doubling them, and a SEQUENCE that grows with
  every change of the event;
* STATUS:CANCELLED on every entry of a cancelled event;
* an agenda without sessions yet still gives one all-day entry for the dates
  (Google Calendar refuses a file with no event in it).
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bimtek.models import Event
from bimtek.models.events import EventStatus


def _sequence(event: Event) -> int:
    """Grows with every save of the event (seconds since its creation)."""
    return max(0, int((event.updated_at - event.created_at).total_seconds()))


def _location(event: Event, room: str = "") -> str:
    """Room, venue and city, each once: a venue written "Aula Lantai 3, Kantor
    Wali Kota" already names the room "Aula Lantai 3", and may name the city."""
    parts: list[str] = []
    for part in (room, event.venue, event.city):
        part = (part or "").strip()
        if not part:
            continue
        if any(part.casefold() in kept.casefold() for kept in parts):
            continue
        parts = [kept for kept in parts if kept.casefold() not in part.casefold()]
        parts.append(part)
    return ", ".join(parts)


def event_calendar(event: Event, *, sessions=None) -> bytes:
    """One VEVENT per session, times in the venue's zone with its VTIMEZONE."""
    sessions = list(
        sessions if sessions is not None else event.sessions.order_by("starts_at", "position")
    )
    zone = event.tzinfo
    url = settings.SITE_URL + event.get_absolute_url()
    host = urlsplit(settings.SITE_URL).hostname or "bimtek"
    status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
    stamp = timezone.now().astimezone(dt.UTC)
    modified = event.updated_at.astimezone(dt.UTC)

    calendar = Calendar()
    calendar.add("prodid", "-//Bimtek//Agenda//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.timezone)
    calendar.add("x-published-ttl", "PT12H")

    for session in sessions:
        item = CalendarEvent()
        item.add("uid", f"session-{session.pk}.{event.code}@{host}")
        item.add("dtstamp", stamp)
        item.add("last-modified", modified)
        item.add("sequence", _sequence(event))
        item.add("dtstart", timezone.localtime(session.starts_at, zone))
        item.add("dtend", timezone.localtime(session.ends_at, zone))
        item.add("summary", session.title)
        item.add("location", _location(event, session.room))
        item.add("status", status)
        lines = [event.title]
        if session.speaker_list:
            lines.append(_("Speakers") + ": " + "; ".join(session.speaker_list))
        if session.moderator:
            lines.append(_("Moderator") + ": " + session.moderator)
        if session.description:
            lines.append(session.description)
        lines.append(url)
        item.add("description", "\n".join(lines))
        item.add("url", url)
        calendar.add_component(item)

    if not sessions:
        item = CalendarEvent()
        item.add("uid", f"event-{event.pk}.{event.code}@{host}")
        item.add("dtstamp", stamp)
        item.add("last-modified", modified)
        item.add("sequence", _sequence(event))
        item.add("dtstart", event.start_date)
        item.add("dtend", event.end_date + dt.timedelta(days=1))
        item.add("summary", event.title)
        item.add("location", _location(event))
        item.add("status", status)
        item.add("description", f"{event.organiser_unit}\n{url}")
        item.add("url", url)
        calendar.add_component(item)

    calendar.add_missing_timezones(
        first_date=event.start_date - dt.timedelta(days=366),
        last_date=event.end_date + dt.timedelta(days=366),
    )
    return calendar.to_ical()
