"""Reads for the door: the events and sessions a steward works, the session a
scan is for (with the facts its permission needs), and the search for a
check-in by hand."""

import datetime as dt

from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.utils import timezone

from bimtek.models import Event, EventStaff, Session
from bimtek.models.events import EventStatus
from bimtek.selectors import events_for_organiser
from checkin import door_sql
from checkin.models import CheckIn
from checkin.selectors.window import checkin_window
from participants.models import Registration

SEARCH_LIMIT = 20


def door_events_for(user) -> QuerySet[Event]:
    """Events that are not over, where this user may work the door: those
    they are door staff of, and their teams' (checkin.work_door agrees)."""
    assigned = EventStaff.objects.filter(user=user).values("event_id")
    events = Event.objects.filter(
        Q(pk__in=assigned) | Q(pk__in=events_for_organiser(user).values("pk")),
        status=EventStatus.PUBLISHED,
        end_date__gte=timezone.localdate(),
    ).order_by("start_date", "title")
    return events.prefetch_related(
        Prefetch(
            "sessions",
            queryset=Session.objects.select_related("checkin_override").order_by(
                "starts_at", "position", "id"
            ),
        )
    )


def door_session(
    *,
    session_id: int,
    user,
    client_id: str = "",
    signin: dict | None = None,
    token: str | None = None,
) -> Session | None:
    """The session a scan is for, in one query: its event, the organiser's
    window override, the facts the door permissions decide on for ``user``
    (``session.door_access``, a checkin.permissions.DoorAccess: pass it to
    ``user.has_perm("checkin.work_door", …)``) and, given ``client_id``, the answer
    already given to that attempt (``prior_*``, for idempotent retries).
    Given ``signin`` (checkin.api.signed_in), it also checks that the session
    and user a sign-in was taken from memory are unchanged
    (``session.signin_valid``). Given a scan's normalised ``token``, it also
    reads that ticket (``session.ticket_read``, taken by the scan's first
    judgement) and on PostgreSQL reserves the id of the check-in it may get.
    Hand-written SQL: it runs on every scan (checkin.door_sql)."""
    return door_sql.door_session(
        session_id=session_id, user=user, client_id=client_id, signin=signin, token=token
    )


def session_now_or_next(sessions: list[Session], *, now: dt.datetime | None = None):
    """The session a door steward most likely wants: the one whose check-in is
    open now (the latest to start, if several), else the next to start, else
    the last one."""
    if not sessions:
        return None
    now = now or timezone.now()
    open_now = [s for s in sessions if checkin_window(s).is_open(now)]
    if open_now:
        return max(open_now, key=lambda s: s.starts_at)
    upcoming = [s for s in sessions if s.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda s: s.starts_at)
    return max(sessions, key=lambda s: s.ends_at)


def event_sessions_for_door(event: Event) -> list[Session]:
    """The event's sessions with their window overrides (one query)."""
    sessions = list(
        Session.objects.filter(event=event)
        .select_related("checkin_override")
        .order_by("starts_at", "position", "id")
    )
    for session in sessions:
        session.event = event
    return sessions


def _with_checkin_here(registrations: QuerySet, session: Session) -> QuerySet:
    return registrations.annotate(
        here=FilteredRelation("checkins", condition=Q(checkins__session_id=session.pk)),
        checkin_here_id=F("here__id"),
        checkin_here_at=F("here__checked_in_at"),
        checkin_here_recorded_at=F("here__recorded_at"),
        checkin_here_method=F("here__method"),
    )


def door_search(*, session: Session, query: str, limit: int = SEARCH_LIMIT) -> list[Registration]:
    """Registrations of the session's event matching every word of ``query``
    in the name, NIP, institution or e-mail address — for a check-in by hand.
    Each carries ``checkin_here_*`` for this session."""
    words = query.split()[:5]
    if not words:
        return []
    registrations = Registration.objects.filter(event_id=session.event_id)
    for word in words:
        registrations = registrations.filter(
            Q(participant__full_name__icontains=word)
            | Q(participant__nip__startswith=word)
            | Q(participant__institution__name__icontains=word)
            | Q(participant__institution__short_name__icontains=word)
            | Q(participant__email__istartswith=word)
        )
    registrations = _with_checkin_here(
        registrations.select_related("participant__institution"), session
    ).order_by("participant__full_name", "id")
    return list(registrations[:limit])


def recent_checkins(*, session: Session, limit: int = 8) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(session=session)
        .select_related("registration__participant__institution", "checked_in_by")
        .order_by("-recorded_at", "-id")[:limit]
    )
