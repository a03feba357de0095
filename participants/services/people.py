"""Writes for participant profiles."""

from typing import Any

from django.db import transaction

from participants.models import Participant


@transaction.atomic
def participant_create(*, user=None, **fields: Any) -> Participant:
    fields["email"] = fields["email"].strip().lower()
    participant = Participant(user=user, **fields)
    participant.full_clean()
    participant.save()
    return participant
