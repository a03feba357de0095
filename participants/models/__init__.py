from participants.models.imports import ParticipantImport
from participants.models.invitations import Invitation
from participants.models.people import Participant
from participants.models.privacy import ErasureRequest
from participants.models.registrations import Registration, RevokedToken

__all__ = [
    "ErasureRequest",
    "Invitation",
    "Participant",
    "ParticipantImport",
    "Registration",
    "RevokedToken",
]
