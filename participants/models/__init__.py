from participants.models.checkins import CheckIn, CheckInWindowOverride, ScanLog
from participants.models.devices import DoorDevice
from participants.models.people import Participant
from participants.models.registrations import Registration
from participants.models.tokens import RevokedToken

__all__ = [
    "CheckIn",
    "CheckInWindowOverride",
    "DoorDevice",
    "Participant",
    "Registration",
    "RevokedToken",
    "ScanLog",
]
