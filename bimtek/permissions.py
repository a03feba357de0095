"""Who may do what with events. Asked through ``user.has_perm(name, obj)``."""

from dataclasses import dataclass

import rules

from accounts.permissions import is_organiser
from bimtek.models import EventStaff
from bimtek.models.events import EventStatus, StaffRole


@dataclass(frozen=True)
class DoorAccess:
    """What one user may do at one event's door, read in the same query as the
    event. A check-in must cost at most six queries (design brief), so the
    selector that loads the event for a scan (participants.door_sql) also
    reads this and leaves it on the event; the predicates below use it
    instead of asking the database again."""

    user_id: int
    role: str | None  # StaffRole, or None when not assigned to the event
    is_organiser: bool


def remember_door_access(event, user, *, role: str | None, organiser: bool) -> None:
    event._door_access = DoorAccess(user_id=user.pk, role=role, is_organiser=organiser)


def _known_access(user, event) -> DoorAccess | None:
    access = getattr(event, "_door_access", None)
    return access if access is not None and access.user_id == user.pk else None


@rules.predicate
def is_door_organiser(user, event) -> bool:
    access = _known_access(user, event) if event is not None else None
    return access.is_organiser if access is not None else is_organiser(user)


@rules.predicate
def is_public_event(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


@rules.predicate
def is_event_door_staff(user, event) -> bool:
    if event is None or not user.is_authenticated:
        return False
    if access := _known_access(user, event):
        return access.role is not None
    return EventStaff.objects.filter(event=event, user=user).exists()


@rules.predicate
def is_event_door_supervisor(user, event) -> bool:
    if event is None or not user.is_authenticated:
        return False
    if access := _known_access(user, event):
        return access.role == StaffRole.SUPERVISOR
    return EventStaff.objects.filter(event=event, user=user, role=StaffRole.SUPERVISOR).exists()


@rules.predicate
def has_any_door_assignment(user) -> bool:
    return user.is_authenticated and EventStaff.objects.filter(user=user).exists()


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
# At the door: organisers everywhere, door staff only where assigned.
rules.add_perm("bimtek.work_door", is_event_door_staff | is_door_organiser)
rules.add_perm("bimtek.supervise_door", is_event_door_supervisor | is_door_organiser)
rules.add_perm("bimtek.access_door", is_organiser | has_any_door_assignment)
