from bimtek.models.audit import AuditEntry
from bimtek.models.events import Event, EventStaff, Session
from bimtek.models.institutions import Institution, InstitutionCategory
from bimtek.models.teams import Team

__all__ = [
    "AuditEntry",
    "Event",
    "EventStaff",
    "Institution",
    "InstitutionCategory",
    "Session",
    "Team",
]
