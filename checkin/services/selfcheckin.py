"""Self check-in: a participant checks themselves in, by the projector's
rotating code on their own phone or at a kiosk at the entrance
(docs/selfcheckin.md).

Nothing here judges a scan: every attempt goes to the door's own service
(``checkin.services.scan.checkin_record``) with method "self", so the window,
the registration's status, "already checked in", the unique check-in per
session and the scan log are exactly the door's.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bimtek.models import Event, Session
from bimtek.services import audit_record
from checkin.errors import CheckInError
from checkin.models import SelfCheckInSettings, SessionSelfCheckIn
from checkin.models.checkins import CheckInMethod
from checkin.selectors.selfcheckin import (
    SelfCheckInRules,
    own_registration_id,
    registration_ids_by_email,
    self_checkin_rules,
    self_checkin_settings,
)
from checkin.selfgeo import LocationState, Position, location_state
from checkin.services.attempts import CheckInAnswer, ScanAttempt
from checkin.services.scan import checkin_record

# A registration id no row has: the attempt is judged (and logged) as a code
# that matched no ticket.
NO_REGISTRATION = 0


@transaction.atomic
def self_checkin_settings_update(
    *,
    event: Event,
    actor,
    enabled: bool,
    rotation_seconds: int,
    counts_for_certificate: bool,
    location_required: bool = False,
    venue_latitude: Decimal | None = None,
    venue_longitude: Decimal | None = None,
    venue_radius_m: int = 300,
) -> SelfCheckInSettings:
    """Allow or stop self check-in at ``event``, set how often the code
    changes, and where the venue is (raises ``ValidationError``)."""
    settings, _created = SelfCheckInSettings.objects.select_for_update().get_or_create(event=event)
    settings.enabled = enabled
    settings.rotation_seconds = rotation_seconds
    settings.counts_for_certificate = counts_for_certificate
    settings.location_required = location_required
    settings.venue_latitude = venue_latitude
    settings.venue_longitude = venue_longitude
    settings.venue_radius_m = venue_radius_m
    settings.updated_by = actor
    settings.full_clean(exclude=["event", "updated_by"])
    settings.save()
    audit_record(
        actor=actor,
        action="checkin.self_checkin_settings",
        target=settings,
        event=event,
        summary=event.title,
        changes={
            "enabled": enabled,
            "rotation_seconds": rotation_seconds,
            "counts_for_certificate": counts_for_certificate,
            "location_required": location_required,
            "venue_set": settings.has_venue,
            "venue_radius_m": venue_radius_m,
        },
    )
    return settings


@transaction.atomic
def self_checkin_session_update(
    *,
    session: Session,
    actor,
    enabled: bool | None,
    counts_for_certificate: bool | None,
    location_required: bool | None,
) -> SessionSelfCheckIn:
    """Set one session's exceptions to its event's self check-in settings
    (None: as the event). Raises ``ValidationError`` when the location check
    is turned on for a session of an event with no venue set."""
    if location_required and not self_checkin_settings(event=session.event_id).has_venue:
        raise ValidationError(
            {"location_required": _("Give the venue's latitude and longitude first.")}
        )
    own, _created = SessionSelfCheckIn.objects.select_for_update().get_or_create(session=session)
    own.enabled = enabled
    own.counts_for_certificate = counts_for_certificate
    own.location_required = location_required
    own.updated_by = actor
    own.save()
    audit_record(
        actor=actor,
        action="checkin.self_checkin_session",
        target=own,
        event=session.event,
        summary=session.title,
        changes={
            "enabled": enabled,
            "counts_for_certificate": counts_for_certificate,
            "location_required": location_required,
        },
    )
    return own


def checkin_self(
    *,
    session: Session,
    user,
    device: str = "",
    position: Position | None = None,
    rules: SelfCheckInRules | None = None,
) -> CheckInAnswer:
    """Check ``user`` in at ``session`` by their own registration for its
    event (the projector's code, already checked by the caller). ``session``
    comes from ``checkin.selectors.door.door_session`` for this user;
    ``rules`` (read when not given) from ``self_checkin_rules``.

    Where the phone's location must be near the venue, ``position`` is the
    one the phone reported: none, or one outside the radius, raises
    ``CheckInError`` (codes ``location_missing``, ``location_far``) and
    nothing is recorded or logged — the position neither.
    Someone with no registration at the event gets the door's "invalid"
    answer, logged like any code that matched no ticket."""
    rules = rules or self_checkin_rules(session=session)
    if rules.location_required:
        state = location_state(
            position=position,
            latitude=rules.venue_latitude,
            longitude=rules.venue_longitude,
            radius_m=rules.venue_radius_m,
        )
        if state == LocationState.MISSING:
            raise CheckInError(
                _("The phone's location is needed for self check-in here."),
                code="location_missing",
            )
        if state == LocationState.FAR:
            raise CheckInError(
                _("The phone is not near the venue."),
                code="location_far",
            )
    registration_id = own_registration_id(event_id=session.event_id, user=user)
    attempt = ScanAttempt(
        registration_id=registration_id or NO_REGISTRATION,
        method=CheckInMethod.SELF,
        device=device,
    )
    return checkin_record(session=session, staff=user, attempt=attempt)


def checkin_kiosk(
    *, session: Session, staff, token: str = "", email: str = "", device: str = ""
) -> CheckInAnswer:
    """A participant at a kiosk signed in as ``staff`` (door staff of the
    event): their own ticket's code, or the e-mail address of their
    registration. An address that matches no registration, or several, is
    judged as a code that matched no ticket."""
    if email:
        found = registration_ids_by_email(event_id=session.event_id, email=email)
        registration_id = found[0] if len(found) == 1 else NO_REGISTRATION
        attempt = ScanAttempt(
            registration_id=registration_id, method=CheckInMethod.SELF, device=device
        )
    else:
        attempt = ScanAttempt(token=token, method=CheckInMethod.SELF, device=device)
    return checkin_record(session=session, staff=staff, attempt=attempt)
