"""Reads for the events app."""

import datetime as dt
from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from bimtek.extensions import annotate_counters
from bimtek.models import Event, Session
from bimtek.models.events import EventStatus


def events_upcoming_public(*, today: dt.date | None = None) -> QuerySet[Event]:
    """Published events that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return Event.objects.filter(status=EventStatus.PUBLISHED, end_date__gte=today).order_by(
        "start_date", "title"
    )


def events_for_dashboard() -> QuerySet[Event]:
    """Every event with the figures other apps register (one query in all)."""
    return annotate_counters(Event.objects.all()).order_by("-start_date", "title")


def agenda_by_day(event: Event) -> list[tuple[dt.date, list[Session]]]:
    """The event's sessions grouped by their local date at the venue."""
    sessions = list(event.sessions.all().order_by("starts_at", "position", "id"))
    for session in sessions:
        session.event = event  # avoid one query per session for event settings
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.local_date)]


def agenda_total_jp(sessions: list[Session]) -> int:
    """JP of the sessions that count for the certificate."""
    return sum(session.jp for session in sessions if session.counts_for_certificate)
