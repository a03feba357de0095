"""The agenda as iCalendar (.ics), for Google Calendar, Outlook and phones."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bimtek.models import Event


def event_calendar(event: Event, *, sessions=None) -> bytes:
    """One VEVENT per session, times in the venue's zone with its VTIMEZONE."""
    sessions = list(sessions if sessions is not None else event.sessions.all())
    zone = event.tzinfo
    url = settings.SITE_URL + event.get_absolute_url()
    calendar = Calendar()
    calendar.add("prodid", "-//Bimtek//Agenda//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add("x-wr-timezone", event.timezone)
    stamp = timezone.now()
    for session in sessions:
        item = CalendarEvent()
        item.add("uid", f"session-{session.pk}@{event.code}.bimtek")
        item.add("dtstamp", stamp)
        item.add("dtstart", timezone.localtime(session.starts_at, zone))
        item.add("dtend", timezone.localtime(session.ends_at, zone))
        item.add("summary", session.title)
        location = ", ".join(part for part in (session.room, event.venue, event.city) if part)
        item.add("location", location)
        description = [event.title]
        if session.speaker_list:
            description.append("Narasumber: " + "; ".join(session.speaker_list))
        if session.description:
            description.append(session.description)
        item.add("description", "\n".join(description))
        item.add("url", url)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
