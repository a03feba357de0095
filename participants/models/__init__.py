from participants.models.checkins import CheckIn
from participants.models.people import Participant
from participants.models.registrations import Registration

__all__ = ["CheckIn", "Participant", "Registration"]
