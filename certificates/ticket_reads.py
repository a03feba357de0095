"""The attendance reads of ``certificates.selectors.ticket_certificates``
(the "My tickets" panels, a certificate's availability): countable sessions
and who attended them, in as few statements as the registrations allow."""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef

from bimtek.models import Session
from checkin.selectors.selfcheckin import checkins_counting_for_certificates
from participants.models import Registration

SESSION_FIELDS = ("event_id", "starts_at", "ends_at", "jp_override")


def sessions_and_attendance(
    registrations: Sequence[Registration], event_ids: set[int], ids: list[int]
) -> tuple[dict[int, list[Session]], dict[int, set[int]]]:
    """The countable sessions of the events and the ones each registration
    attended. A person's own tickets (one registration per event: the
    "My tickets" panels, one certificate) in one statement, each session
    marked attended by its event's one registration (a check-in is always of
    a registration at the session's event: checkin.services); otherwise two."""
    sessions_by_event: dict[int, list[Session]] = defaultdict(list)
    attended: dict[int, set[int]] = defaultdict(set)
    # The rule reads a session's id, event and JP (its times or the
    # organiser's figure): not its title, description, speakers and settings.
    sessions = Session.objects.filter(event_id__in=event_ids, counts_for_certificate=True).only(
        *SESSION_FIELDS
    )
    order = ("starts_at", "position", "id")
    one_per_event = len(event_ids) == len(registrations)
    if one_per_event:
        registration_of_event = {r.event_id: r.pk for r in registrations}
        checked_in = checkins_counting_for_certificates().filter(
            session_id=OuterRef("pk"), registration_id__in=ids
        )
        for session in sessions.annotate(attended=Exists(checked_in)).order_by(*order):
            sessions_by_event[session.event_id].append(session)
            if session.attended:
                attended[registration_of_event[session.event_id]].add(session.pk)
        return sessions_by_event, attended
    for session in sessions.order_by(*order):
        sessions_by_event[session.event_id].append(session)
    countable = {s.pk for event_sessions in sessions_by_event.values() for s in event_sessions}
    if countable:
        for registration_id, session_id in (
            checkins_counting_for_certificates()
            .filter(registration_id__in=ids, session_id__in=countable)
            .values_list("registration_id", "session_id")
        ):
            attended[registration_id].add(session_id)
    return sessions_by_event, attended
