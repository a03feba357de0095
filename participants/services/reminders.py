"""The day-before reminder."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bimtek.models import Event
from bimtek.models.events import EventStatus
from participants.emails import Mail
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from participants.notifications import notify


def events_starting_tomorrow(*, now: dt.datetime | None = None) -> list[Event]:
    """Published events whose first day is tomorrow in their own time zone."""
    now = now or timezone.now()
    candidates = Event.objects.filter(
        status=EventStatus.PUBLISHED,
        start_date__gte=(now - dt.timedelta(days=1)).date(),
        start_date__lte=(now + dt.timedelta(days=3)).date(),
    )
    return [
        event
        for event in candidates
        if event.start_date == timezone.localtime(now, event.tzinfo).date() + dt.timedelta(days=1)
    ]


@transaction.atomic
def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders not queued yet, and note when (reminder_sent_at).
    Each is one outbox delivery keyed by the registration, once per person:
    running this twice, or twice at once, never sends twice; the outbox
    retries a reminder that failed for a temporary reason."""
    now = now or timezone.now()
    ids = list(
        Registration.objects.filter(
            event__in=events_starting_tomorrow(now=now),
            status=RegistrationStatus.APPROVED,
            reminder_sent_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    notify(Mail.REMINDER, ids)
    Registration.objects.filter(pk__in=ids, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now
    )
    return len(ids)
