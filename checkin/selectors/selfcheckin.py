"""Reads of self check-in: the event's settings, whose registration a self
check-in is for, and the projector's counter."""

from django.db.models import QuerySet

from bimtek.models import Event, Session
from checkin.models import CheckIn, SelfCheckInSettings
from checkin.models.checkins import CheckInMethod
from participants.models import Registration
from participants.models.registrations import RegistrationStatus


def self_checkin_settings(*, event: Event | int) -> SelfCheckInSettings:
    """The event's settings; self check-in off (unsaved defaults) when the
    organiser never set them."""
    event_id = event if isinstance(event, int) else event.pk
    found = SelfCheckInSettings.objects.filter(event_id=event_id).first()
    return found or SelfCheckInSettings(event_id=event_id)


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
    """Every check-in, except the self check-ins of events whose organisers
    require check-in by door staff for the certificate
    (``SelfCheckInSettings.counts_for_certificate``). Certificates and JP
    read attendance through this."""
    return CheckIn.objects.exclude(
        method=CheckInMethod.SELF, session__event__self_checkin__counts_for_certificate=False
    )
