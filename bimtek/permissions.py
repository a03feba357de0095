"""Who may do what with events. Asked through ``user.has_perm(name, obj)``.

Organiser teams (docs/roles.md): an organiser manages only the events of the
teams they belong to, and everything of those events (sessions, door staff,
registrations, attendance, certificates, exports, the archive, the history).
``is_organiser_of_event`` is the one predicate that says so; every app's
organiser rule about an event, or about anything of an event, is built on it.
Asked without an object it answers only "an organiser at all" (the list
pages: their selectors, e.g. ``bimtek.selectors.events_for_organiser``, keep
to the user's teams).
"""

import rules

from accounts.permissions import is_administrator, is_organiser
from bimtek.models import Event
from bimtek.models.events import EventStatus


def team_ids(user) -> frozenset[int]:
    """The teams ``user`` belongs to, read once per user object (a request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_bimtek_team_ids", None)
    if cached is None:
        cached = frozenset(user.teams.values_list("pk", flat=True))
        user._bimtek_team_ids = cached
    return cached


def forget_team_ids(user) -> None:
    """After a change of ``user``'s teams (the cache above is per object)."""
    user.__dict__.pop("_bimtek_team_ids", None)


def event_of(target) -> Event | None:
    """The event a permission's object belongs to: the event itself, or the
    ``event`` of a session, registration, invitation, staff assignment…, or
    that of its session or registration (a scan log row, a certificate)."""
    if isinstance(target, Event):
        return target
    for path in (("event",), ("session", "event"), ("registration", "event")):
        value = target
        for name in path:
            value = getattr(value, name, None)
        if isinstance(value, Event):
            return value
    return None


def may_organise_team(user, team_id: int | None) -> bool:
    """An organiser of that team, or an administrator."""
    if not is_organiser(user):
        return False
    return is_administrator(user) or team_id in team_ids(user)


@rules.predicate
def is_organiser_of_event(user, target=None) -> bool:
    """An organiser of the team ``target``'s event belongs to, or an
    administrator; without a target, any organiser (see the module's doc)."""
    if target is None:
        return is_organiser(user)
    event = event_of(target)
    if event is None:
        # An object of no event is not this predicate's to allow.
        return False
    return may_organise_team(user, event.team_id)


@rules.predicate
def is_public_event(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


# The organiser dashboard and everything in it (the list shows the user's teams).
rules.add_perm("bimtek.access_dashboard", is_organiser)
# A new event (no object) or a clone of this one (the source event).
rules.add_perm("bimtek.add_event", is_organiser_of_event)
rules.add_perm("bimtek.change_event", is_organiser_of_event)
rules.add_perm("bimtek.delete_event", is_organiser_of_event)
rules.add_perm("bimtek.change_session", is_organiser_of_event)
rules.add_perm("bimtek.add_session", is_organiser_of_event)
rules.add_perm("bimtek.delete_session", is_organiser_of_event)
rules.add_perm("bimtek.manage_staff", is_organiser_of_event)
rules.add_perm("bimtek.view_audit", is_organiser_of_event)
rules.add_perm("bimtek.view_auditentry", is_organiser_of_event)  # the admin's read-only audit list
# Publish, close/reopen registration, finish, cancel.
rules.add_perm("bimtek.publish_event", is_organiser_of_event)
# The institution list (instansi) on the dashboard: the install's shared
# reference list, no personal data, so every organiser keeps it.
rules.add_perm("bimtek.view_institution", is_organiser)
rules.add_perm("bimtek.add_institution", is_organiser)
rules.add_perm("bimtek.change_institution", is_organiser)
# Teams and who is in them: administrators (the Django admin).
rules.add_perm("bimtek.view_team", is_administrator)
rules.add_perm("bimtek.add_team", is_administrator)
rules.add_perm("bimtek.change_team", is_administrator)
rules.add_perm("bimtek.delete_team", is_administrator)
# Public pages show published, finished and cancelled events; drafts only to
# the organisers of their team.
rules.add_perm("bimtek.view_event", is_public_event | is_organiser_of_event)
