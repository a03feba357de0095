from participants.models.checkins import CheckIn, CheckInWindowOverride, ScanLog
from participants.models.devices import DoorDevice
from participants.models.imports import ParticipantImport
from participants.models.invitations import Invitation
from participants.models.offline import CheckInConflict, DoorRosterSync
from participants.models.people import Participant
from participants.models.registrations import Registration, RevokedToken

__all__ = [
    "CheckIn",
    "CheckInConflict",
    "CheckInWindowOverride",
    "DoorDevice",
    "DoorRosterSync",
    "Invitation",
    "Participant",
    "ParticipantImport",
    "Registration",
    "RevokedToken",
    "ScanLog",
]
