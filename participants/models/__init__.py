from participants.models.checkins import CheckIn, CheckInWindowOverride, ScanLog
from participants.models.devices import DoorDevice
from participants.models.imports import ParticipantImport
from participants.models.invitations import Invitation
from participants.models.people import Participant
from participants.models.registrations import Registration, RevokedToken

__all__ = [
    "CheckIn",
    "CheckInWindowOverride",
    "DoorDevice",
    "Invitation",
    "Participant",
    "ParticipantImport",
    "Registration",
    "RevokedToken",
    "ScanLog",
]
