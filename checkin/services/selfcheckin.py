"""Self check-in: a participant checks themselves in, by the projector's
rotating code on their own phone or at a kiosk at the entrance
(docs/selfcheckin.md).

Nothing here judges a scan: every attempt goes to the door's own service
(``checkin.services.scan.checkin_record``) with method "self", so the window,
the registration's status, "already checked in", the unique check-in per
session and the scan log are exactly the door's.
"""

from django.db import transaction

from bimtek.models import Event, Session
from bimtek.services import audit_record
from checkin.models import SelfCheckInSettings
from checkin.models.checkins import CheckInMethod
from checkin.selectors.selfcheckin import own_registration_id, registration_ids_by_email
from checkin.services.attempts import CheckInAnswer, ScanAttempt
from checkin.services.scan import checkin_record

# A registration id no row has: the attempt is judged (and logged) as a code
# that matched no ticket.
NO_REGISTRATION = 0


@transaction.atomic
def self_checkin_settings_update(
    *, event: Event, actor, enabled: bool, rotation_seconds: int, counts_for_certificate: bool
) -> SelfCheckInSettings:
    """Allow or stop self check-in at ``event``, and set how often the code changes."""
    settings, _created = SelfCheckInSettings.objects.get_or_create(event=event)
    settings.enabled = enabled
    settings.rotation_seconds = rotation_seconds
    settings.counts_for_certificate = counts_for_certificate
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
        },
    )
    return settings


def checkin_self(*, session: Session, user, device: str = "") -> CheckInAnswer:
    """Check ``user`` in at ``session`` by their own registration for its
    event (the projector's code, already checked by the caller). ``session``
    comes from ``checkin.selectors.door.door_session`` for this user.

    Someone with no registration at the event gets the door's "invalid"
    answer, logged like any code that matched no ticket."""
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
