"""Reads of self check-in: the event's settings, what applies to one session
(the event's, with the session's exceptions), whose registration a self
check-in is for, and the projector's counter."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, QuerySet, Value
from django.db.models.functions import Coalesce

from bimtek.models import Event, Session
from checkin.models import CheckIn, SelfCheckInSettings, SessionSelfCheckIn
from checkin.models.checkins import CheckInMethod
from participants.models import Registration
from participants.models.registrations import RegistrationStatus


def self_checkin_settings(*, event: Event | int) -> SelfCheckInSettings:
    """The event's settings; self check-in off (unsaved defaults) when the
    organiser never set them."""
    event_id = event if isinstance(event, int) else event.pk
    found = SelfCheckInSettings.objects.filter(event_id=event_id).first()
    return found or SelfCheckInSettings(event_id=event_id)


@dataclass(frozen=True)
class SelfCheckInRules:
    """What applies to self check-in at one session: each of the session's
    switches where the organiser set one, else the event's."""

    enabled: bool
    counts_for_certificate: bool
    location_required: bool
    rotation_seconds: int
    venue_latitude: Decimal | None
    venue_longitude: Decimal | None
    venue_radius_m: int


def session_self_checkin(*, session: Session | int) -> SessionSelfCheckIn:
    """The session's exceptions; none (unsaved, every switch following the
    event) when the organiser never set any."""
    session_id = session if isinstance(session, int) else session.pk
    found = SessionSelfCheckIn.objects.filter(session_id=session_id).first()
    return found or SessionSelfCheckIn(session_id=session_id)


def _pick(own: bool | None, event_wide: bool) -> bool:
    return event_wide if own is None else own


def rules_from(options: SelfCheckInSettings, own: SessionSelfCheckIn | None) -> SelfCheckInRules:
    own = own or SessionSelfCheckIn()
    location = _pick(own.location_required, options.location_required)
    return SelfCheckInRules(
        enabled=_pick(own.enabled, options.enabled),
        counts_for_certificate=_pick(own.counts_for_certificate, options.counts_for_certificate),
        # Without a venue there is nothing to measure against: the session's
        # switch cannot turn on a check the event has no place for.
        location_required=location and options.has_venue,
        rotation_seconds=options.rotation_seconds,
        venue_latitude=options.venue_latitude,
        venue_longitude=options.venue_longitude,
        venue_radius_m=options.venue_radius_m,
    )


def self_checkin_rules(*, session: Session) -> SelfCheckInRules:
    """What applies to self check-in at ``session`` (two queries)."""
    return rules_from(
        self_checkin_settings(event=session.event_id), session_self_checkin(session=session)
    )


def sessions_with_rules(
    *, event: Event, sessions
) -> list[tuple[Session, SessionSelfCheckIn, SelfCheckInRules]]:
    """Each of ``sessions`` of ``event`` with its exceptions and what applies
    (two queries whatever their number)."""
    options = self_checkin_settings(event=event)
    own = {
        row.session_id: row
        for row in SessionSelfCheckIn.objects.filter(session__in=[s.pk for s in sessions])
    }
    rows = []
    for session in sessions:
        exceptions = own.get(session.pk) or SessionSelfCheckIn(session_id=session.pk)
        rows.append((session, exceptions, rules_from(options, exceptions)))
    return rows


def own_registration_id(*, event_id: int, user) -> int | None:
    """The registration of ``user``'s participant profile at the event."""
    return (
        Registration.objects.filter(event_id=event_id, participant__user=user)
        .values_list("pk", flat=True)
        .first()
    )


def registration_ids_by_email(*, event_id: int, email: str) -> list[int]:
    """The event's registrations whose participant has this address (at most two
    are read: more than one is as good as none at a kiosk)."""
    email = email.strip()
    if not email or len(email) > 254:
        return []
    return list(
        Registration.objects.filter(event_id=event_id, participant__email__iexact=email)
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )


def projector_counter(*, session: Session) -> tuple[int, int]:
    """(checked in, expected) for the projector: everyone checked in at the
    session, against the event's approved registrations (one query each)."""
    expected = Registration.objects.filter(
        event_id=session.event_id, status=RegistrationStatus.APPROVED
    ).count()
    present = CheckIn.objects.filter(session=session).count()
    return present, expected


def checkins_counting_for_certificates() -> QuerySet[CheckIn]:
    """Every check-in, except the self check-ins of sessions where the
    organiser requires check-in by door staff for the certificate: the
    session's own switch (``SessionSelfCheckIn.counts_for_certificate``) where
    set, else the event's (``SelfCheckInSettings.counts_for_certificate``),
    else they count. Certificates and JP read attendance through this."""
    return CheckIn.objects.annotate(
        self_counts=Coalesce(
            "session__self_checkin__counts_for_certificate",
            "session__event__self_checkin__counts_for_certificate",
            Value(True),
            output_field=BooleanField(),
        )
    ).exclude(method=CheckInMethod.SELF, self_counts=False)
