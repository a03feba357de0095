from participants.models.imports import ParticipantImport
from participants.models.invitations import Invitation
from participants.models.people import Participant
from participants.models.registrations import Registration, RevokedToken

__all__ = [
    "Invitation",
    "Participant",
    "ParticipantImport",
    "Registration",
    "RevokedToken",
]
