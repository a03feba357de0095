"""Reads for the archive page: what an event's archive will hold, and who
took one before."""

from django.db.models import Count, Q, QuerySet

from bimtek.models import AuditEntry, Event
from certificates.models import Certificate
from checkin.models import CheckIn, ScanLog
from participants.models import Registration


def archive_figures(event: Event) -> dict[str, int]:
    """The sizes an organiser checks before archiving (five small queries)."""
    figures = Registration.objects.filter(event=event).aggregate(
        registrations=Count("id"), approved=Count("id", filter=Q(status="approved"))
    )
    figures["sessions"] = event.sessions.count()
    figures["checkins"] = CheckIn.objects.filter(session__event=event).count()
    figures["scans"] = ScanLog.objects.filter(session__event=event).count()
    figures.update(
        Certificate.objects.filter(event=event).aggregate(
            certificates=Count("id", filter=Q(revoked_at__isnull=True)),
            revoked=Count("id", filter=Q(revoked_at__isnull=False)),
        )
    )
    return figures


def archive_history(event: Event, *, limit: int = 5) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(event=event, action="event.archive")
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
