from checkin.models.checkins import CheckIn, CheckInWindowOverride, ScanLog
from checkin.models.devices import DoorDevice
from checkin.models.offline import CheckInConflict, DoorRosterSync
from checkin.models.selfcheckin import SelfCheckInSettings, SessionSelfCheckIn

__all__ = [
    "CheckIn",
    "CheckInConflict",
    "CheckInWindowOverride",
    "DoorDevice",
    "DoorRosterSync",
    "ScanLog",
    "SelfCheckInSettings",
    "SessionSelfCheckIn",
]
