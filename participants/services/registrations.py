"""Writes for registrations."""

from django.db import transaction
from django.utils import timezone

from bimtek.models import Event
from participants.models import Participant, Registration
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    participant: Participant,
    role: str = RegistrationRole.PARTICIPANT,
    source: str = RegistrationSource.SELF,
    status: str = RegistrationStatus.APPROVED,
    actor=None,
) -> Registration:
    registration = Registration(
        event=event,
        participant=participant,
        role=role,
        source=source,
        status=status,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status_changed_at=timezone.now(),
    )
    registration.full_clean()
    registration.save()
    return registration
