"""What checkin adds to lower apps' pages through their registries
(registered in CheckinConfig.ready()): the door in the navigation, the
organiser's "Presensi" tab and the event list's attendance figure."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import navigation
from bimtek import extensions
from checkin.models import CheckIn
from participants import extensions as participant_extensions


def _annotate_present(events):
    # People checked in at least once: a subquery, so it adds no join to the
    # other counters' and the list stays one query.
    present = (
        CheckIn.objects.filter(session__event=OuterRef("pk"))
        .order_by()
        .values("session__event")
        .annotate(people=Count("registration", distinct=True))
        .values("people")
    )
    return events.annotate(
        present_people=Coalesce(Subquery(present, output_field=IntegerField()), 0)
    )


AUDIT_ACTIONS = {
    "checkin.undo": _("Check-in undone"),
    "checkin.window_override": _("Check-in window changed"),
    "checkin.window_override_clear": _("Check-in window back to the session's own times"),
    "checkin.conflict_reviewed": _("Offline conflict reviewed"),
    "checkin.earlier_offline_scan": _("Earlier offline scan recorded as the check-in"),
}


def register_audit_labels() -> None:
    extensions.audit_kinds.register(extensions.AuditKind(key="checkin", label=_("Door"), order=70))
    for key, label in AUDIT_ACTIONS.items():
        extensions.audit_actions.register(extensions.AuditAction(key=key, label=label))


def attended_sessions(registration, sessions) -> dict[int, str]:
    """The ticket's agenda: a tick on each session this person was admitted to."""
    present = CheckIn.objects.filter(
        registration=registration, session__in=[session.pk for session in sessions]
    ).values_list("session_id", flat=True)
    return {session_id: _("Attended") for session_id in present}


def register() -> None:
    register_audit_labels()
    participant_extensions.ticket_agenda_marks.register(
        participant_extensions.AgendaMarks(key="attended", marks=attended_sessions)
    )
    navigation.nav_items.register(
        navigation.NavItem(
            key="door",
            label=_("Check-in"),
            url_name="checkin:door_home",
            permission="checkin.access_door",
            icon="bi-qr-code-scan",
            order=20,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="attendance",
            label=_("Attendance"),
            url_name="checkin:attendance",
            permission="checkin.view_attendance",
            icon="bi-person-check",
            order=40,
        )
    )
    extensions.event_counters.register(
        extensions.EventCounter(
            key="present_people",
            label=_("Attended"),
            annotate=_annotate_present,
            order=40,
        )
    )
