"""Writes for the events app: institutions, events, sessions, door staff, audit.

Keyword-only functions named ``<entity>_<action>``; each validates, saves in
one transaction and records what organisers must be able to trace. Refusals
raise ``bimtek.errors.EventError`` with a ``code``."""

from bimtek.services.audit import audit_export, audit_record, audit_value, field_changes
from bimtek.services.events import (
    event_cancel,
    event_clone,
    event_create,
    event_delete,
    event_finish,
    event_publish,
    event_registration_close,
    event_registration_reopen,
    event_update,
)
from bimtek.services.institutions import (
    institution_create,
    institution_get_or_create,
    institution_update,
)
from bimtek.services.sessions import (
    session_create,
    session_delete,
    session_move,
    session_reorder,
    session_update,
)
from bimtek.services.staff import (
    event_staff_add,
    event_staff_assign,
    event_staff_change_role,
    event_staff_notify,
    event_staff_remove,
)
from bimtek.services.teams import event_team_change, team_members_set

__all__ = [
    "audit_export",
    "audit_record",
    "audit_value",
    "event_cancel",
    "event_clone",
    "event_create",
    "event_delete",
    "event_finish",
    "event_publish",
    "event_registration_close",
    "event_registration_reopen",
    "event_staff_add",
    "event_staff_assign",
    "event_staff_change_role",
    "event_staff_notify",
    "event_staff_remove",
    "event_team_change",
    "event_update",
    "field_changes",
    "institution_create",
    "institution_get_or_create",
    "institution_update",
    "session_create",
    "session_delete",
    "session_move",
    "session_reorder",
    "session_update",
    "team_members_set",
]
