from participants.models.people import Participant
from participants.models.registrations import Registration

__all__ = ["Participant", "Registration"]
