"""The seats of an event: its lock, the counts, where a new registration
starts (the lock order: docs in ``participants.services.registrations``)."""

from django.db import connection

from bimtek.models import Event
from bimtek.models.events import ApprovalMode
from participants import selectors
from participants.models import Participant, Registration
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)


def event_lock(event: Event) -> Event:
    """The event, re-read with its row locked until the transaction ends.
    Written out where the database locks rows (every sign-up runs it; the
    ORM compiled its ~40 columns each time); SQLite's writers are already
    one at a time (``BEGIN IMMEDIATE``)."""
    if not connection.features.has_select_for_update:
        return Event.objects.get(pk=event.pk)
    table = connection.ops.quote_name(Event._meta.db_table)
    found = list(Event.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR UPDATE", [event.pk]))
    if not found:
        raise Event.DoesNotExist(f"Event {event.pk} does not exist.")
    return found[0]


def seats_free(event: Event) -> int | None:
    """Free seats for participants, or None when the event has no limit: the
    count the event page shows (``participants.selectors.seats_left``, the
    one home of what takes a seat)."""
    return selectors.seats_left(event)


def initial_status(*, event: Event, role: str, source: str, free: int | None) -> str:
    """Where a new registration starts. Speakers, moderators and the committee
    are always approved and take no seat; a self-registration waits for the
    organiser when the event is moderated; otherwise a free seat approves,
    and without one the person waits in line."""
    if role != RegistrationRole.PARTICIPANT:
        return RegistrationStatus.APPROVED
    if source == RegistrationSource.SELF and event.approval_mode == ApprovalMode.MODERATED:
        return RegistrationStatus.PENDING
    if free is None or free > 0:
        return RegistrationStatus.APPROVED
    return RegistrationStatus.WAITLISTED


def seats_and_place(event: Event, participant: Participant) -> tuple[int, int, int | None]:
    """(seats taken, people waiting, the person's registration id or None);
    the seats as ``participants.selectors.seats_left`` counts them. After the
    event's lock, in a statement of its own: on PostgreSQL only a statement
    begun after the lock was granted sees every registration committed before
    it (a count inside the locking statement would not). Written out: the
    ORM's compiling cost more than the query."""
    sql = (
        "SELECT COUNT(CASE WHEN status = %s AND role = %s THEN 1 END),"
        " COUNT(CASE WHEN status = %s THEN 1 END),"
        " MAX(CASE WHEN participant_id = %s THEN id END)"
        f" FROM {connection.ops.quote_name(Registration._meta.db_table)} WHERE event_id = %s"
    )
    params = [
        RegistrationStatus.APPROVED.value,
        RegistrationRole.PARTICIPANT.value,
        RegistrationStatus.WAITLISTED.value,
        participant.pk,
        event.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken, waiting, mine = cursor.fetchone()
    return taken, waiting, mine
