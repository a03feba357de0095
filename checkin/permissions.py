"""Who may do what at the door and with attendance: the one place that answers
"who may scan at this door?".

Door rights are per event. ``checkin.work_door`` (scan at the event's doors):
the door staff assigned to the event, and the organisers of its team.
``checkin.supervise_door`` (check in by hand, undo, search by name): the
event's door supervisors, and the organisers of its team. Both are asked with the event, or
with the ``DoorAccess`` facts already read for it: a scan must cost at most six
queries (design brief), so ``checkin.door_sql`` reads the facts in the same
query as the session and the view passes them here; the predicates below make
the decision either way.
"""

from dataclasses import dataclass

import rules

from accounts import permission_facts
from accounts.permissions import is_authenticated, is_organiser
from bimtek.models import Event, EventStaff
from bimtek.models.events import StaffRole
from bimtek.permissions import is_organiser_of_event


@dataclass(frozen=True)
class DoorAccess:
    """What the database says about one user at one event's door."""

    user_id: int
    event_id: int
    role: str | None  # StaffRole, or None when not assigned to the event
    is_organiser: bool  # of the event's team (or an administrator)


def door_role(*, user, event: Event) -> str | None:
    """``user``'s door role at ``event`` (StaffRole), None when not assigned."""
    return EventStaff.objects.filter(event=event, user=user).values_list("role", flat=True).first()


@rules.predicate
def is_door_staff_of(user, target) -> bool:
    """Assigned to the event's door (any role), or an organiser of its team."""
    if target is None or not user.is_authenticated:
        return False
    if isinstance(target, DoorAccess):
        # Facts read for someone else decide nothing for this user.
        facts_hold = target.user_id == user.pk
        return facts_hold and (target.role is not None or target.is_organiser)
    return door_role(user=user, event=target) is not None or is_organiser_of_event(user, target)


@rules.predicate
def is_door_supervisor_of(user, target) -> bool:
    """A supervisor at the event's door, or an organiser of its team."""
    if target is None or not user.is_authenticated:
        return False
    if isinstance(target, DoorAccess):
        facts_hold = target.user_id == user.pk
        return facts_hold and (target.role == StaffRole.SUPERVISOR or target.is_organiser)
    if door_role(user=user, event=target) == StaffRole.SUPERVISOR:
        return True
    return is_organiser_of_event(user, target)


# Where "assigned to at least one event's door" is kept on the user object for
# the rest of its request: read with the other permission facts
# (accounts.permission_facts, registered in checkin.integrations).
DOOR_ASSIGNMENT_FACT = "_checkin_has_door_assignment"


@rules.predicate
def has_any_door_assignment(user) -> bool:
    if not user.is_authenticated:
        return False
    # Asked by the navigation on every page and by the door pages' own rule.
    return permission_facts.fact(user, DOOR_ASSIGNMENT_FACT)


# The door pages (home, device keys): organisers, and door staff assigned to
# at least one event.
rules.add_perm("checkin.access_door", is_organiser | has_any_door_assignment)
# At one event's door: the organisers of its team, door staff where assigned.
rules.add_perm("checkin.work_door", is_authenticated & is_door_staff_of)
rules.add_perm("checkin.supervise_door", is_authenticated & is_door_supervisor_of)
# The offline roster: every person of the event, but only what the offline
# judge shows (hashed tokens, names with titles, institutions; no positions,
# NIP, e-mail or phone: checkin.selectors.roster). Whoever works the door
# needs it to scan offline, a steward too; it is the only bulk download door
# staff have (every export is the organisers': checkin.view_attendance,
# participants.manage_registrations, archive.export_event).
rules.add_perm("checkin.download_roster", is_authenticated & is_door_staff_of)
# Attendance: live figures, who is missing, exports, the daftar hadir and the
# scan log show personal data: the organisers of the event's team only (no
# door staff, so a steward has no bulk export); the check-in window is theirs
# to move too.
rules.add_perm("checkin.view_attendance", is_organiser_of_event)
rules.add_perm("checkin.override_checkin_window", is_organiser_of_event)
# Offline scans that clashed (two doors, or a ticket refused after the fact).
rules.add_perm("checkin.review_checkin_conflict", is_organiser_of_event)
# The read-only admin lists of the door (a read-only ModelAdmin asks for "view").
rules.add_perm("checkin.view_scanlog", is_organiser_of_event)
# Read-only in the admin (checkin.admin.AppendOnlyAdmin): viewing needs its own rule.
rules.add_perm("checkin.view_checkin", is_organiser_of_event)
rules.add_perm("checkin.view_checkinconflict", is_organiser_of_event)
rules.add_perm("checkin.view_doorrostersync", is_organiser_of_event)
# Self check-in: the organisers allow it per event; the projector's code is
# shown by whoever supervises the door (a supervisor or an organiser).
rules.add_perm("checkin.manage_self_checkin", is_organiser_of_event)
