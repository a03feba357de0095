"""Reads for participants and registrations."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from bimtek.models import Event, EventStaff, Session
from bimtek.models.events import EventStatus
from participants.models import Registration


def registrations_of_user(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(participant__user=user)
        .select_related("event", "participant", "participant__institution")
        .order_by("-event__start_date", "-created_at")
    )


def door_events_for(user) -> QuerySet[Event]:
    """Events that are not over, where this user may work the door."""
    events = Event.objects.filter(
        status=EventStatus.PUBLISHED, end_date__gte=timezone.localdate()
    ).order_by("start_date", "title")
    if not user.has_perm("bimtek.access_dashboard"):
        assigned = EventStaff.objects.filter(user=user).values("event_id")
        events = events.filter(pk__in=assigned)
    return events.prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.select_related("checkin_override").order_by(
                "starts_at", "position", "id"
            ),
        )
    )
