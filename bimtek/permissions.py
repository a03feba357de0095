"""Who may do what with events. Asked through ``user.has_perm(name, obj)``."""

import rules

from accounts.permissions import is_organiser
from bimtek.models.events import EventStatus


@rules.predicate
def is_public_event(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


# The organiser dashboard and everything in it.
rules.add_perm("bimtek.access_dashboard", is_organiser)
rules.add_perm("bimtek.add_event", is_organiser)
rules.add_perm("bimtek.change_event", is_organiser)
rules.add_perm("bimtek.delete_event", is_organiser)
rules.add_perm("bimtek.change_session", is_organiser)
rules.add_perm("bimtek.add_session", is_organiser)
rules.add_perm("bimtek.delete_session", is_organiser)
rules.add_perm("bimtek.manage_staff", is_organiser)
rules.add_perm("bimtek.view_audit", is_organiser)
rules.add_perm("bimtek.view_auditentry", is_organiser)  # the admin's read-only audit list
# Publish, close/reopen registration, finish, cancel.
rules.add_perm("bimtek.publish_event", is_organiser)
# The institution list (instansi) on the dashboard.
rules.add_perm("bimtek.view_institution", is_organiser)
rules.add_perm("bimtek.add_institution", is_organiser)
rules.add_perm("bimtek.change_institution", is_organiser)
# Public pages show published, finished and cancelled events; drafts only to organisers.
rules.add_perm("bimtek.view_event", is_public_event | is_organiser)
