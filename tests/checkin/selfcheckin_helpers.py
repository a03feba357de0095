"""What the self check-in tests share: an event that allows it, a session
open now, a participant with an account and an approved registration."""

from django.urls import reverse

from checkin.models import SelfCheckInSettings
from checkin.selfcodes import code_mac, current_step
from tests import factories


def allow_self_checkin(event, **fields) -> SelfCheckInSettings:
    return SelfCheckInSettings.objects.update_or_create(
        event=event, defaults={"enabled": True, **fields}
    )[0]


def participant_with_registration(event, **registration_fields):
    user = factories.participant_user()
    participant = factories.ParticipantFactory(user=user, email=user.email)
    registration = factories.RegistrationFactory(
        event=event, participant=participant, **registration_fields
    )
    return user, registration


def code_url(session, *, steps_ago: int = 0, rotation: int = 10) -> str:
    step = current_step(rotation_seconds=rotation) - steps_ago
    mac = code_mac(session_id=session.pk, step=step, rotation_seconds=rotation)
    return reverse(
        "checkin:self_checkin", kwargs={"session_id": session.pk, "step": step, "mac": mac}
    )
