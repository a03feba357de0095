"""What checkin adds to lower apps' pages through their registries
(registered in CheckinConfig.ready()): the door in the navigation, the
organiser's "Presensi" tab and the event list's attendance figure."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import navigation, permission_facts
from bimtek import chain, extensions
from checkin.models import CheckIn
from checkin.permissions import DOOR_ASSIGNMENT_FACT
from checkin.services.attempts import SCAN_CHAIN
from checkin.services.corrections import scanned_values_erase
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
    "export.attendance_present": _("Attendance list (present) exported"),
    "export.attendance_missing": _("Attendance list (missing) exported"),
    "export.attendance_sheet": _("Daftar hadir (PDF) downloaded"),
    "export.attendance_matrix": _("Attendance across sessions exported"),
    "checkin.undo": _("Check-in undone"),
    "checkin.window_override": _("Check-in window changed"),
    "checkin.window_override_clear": _("Check-in window back to the session's own times"),
    "checkin.conflict_reviewed": _("Offline conflict reviewed"),
    "checkin.earlier_offline_scan": _("Earlier offline scan recorded as the check-in"),
    "checkin.self_checkin_settings": _("Self check-in settings changed"),
    "checkin.self_checkin_session": _("Self check-in of a session changed"),
}


def attended_sessions(registration, sessions) -> dict[int, str]:
    """The ticket's agenda: a tick on each session this person was admitted to."""
    present = CheckIn.objects.filter(
        registration=registration, session__in=[session.pk for session in sessions]
    ).values_list("session_id", flat=True)
    return {session_id: _("Attended") for session_id in present}


def own_checkins(participant) -> list[dict]:
    """ "My data": every check-in of the person."""
    rows = CheckIn.objects.filter(registration__participant=participant).select_related(
        "session__event"
    )
    return [
        {
            "event_code": checkin.session.event.code,
            "session": checkin.session.title,
            "checked_in_at": checkin.checked_in_at.isoformat(),
            "method": checkin.method,
            "device": checkin.device,
        }
        for checkin in rows.order_by("checked_in_at", "id")
    ]


def register() -> None:
    extensions.audit_labels_register(kinds=[("checkin", _("Door"), 70)], actions=AUDIT_ACTIONS)
    participant_extensions.personal_data_sections.register(
        participant_extensions.PersonalDataSection(key="checkins", rows=own_checkins, order=10)
    )
    participant_extensions.erasure_listeners.register(
        participant_extensions.ErasureListener(key="scanned_values", erase=scanned_values_erase)
    )
    chain.hash_chains.register(SCAN_CHAIN)
    participant_extensions.ticket_agenda_marks.register(
        participant_extensions.AgendaMarks(key="attended", marks=attended_sessions)
    )
    # Read with the rest of a request's permission facts: the door entry of the
    # navigation asks on every page (checkin.permissions.has_any_door_assignment).
    permission_facts.user_facts.register(
        permission_facts.UserFact(
            key="door_assignment", model="bimtek.EventStaff", attribute=DOOR_ASSIGNMENT_FACT
        )
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
