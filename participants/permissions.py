"""Who may see and change participants, registrations and tickets."""

import rules

from accounts.permissions import is_administrator, is_authenticated, is_organiser, is_participant
from bimtek.permissions import is_organiser_of_event, team_ids


@rules.predicate
def is_own_registration(user, registration) -> bool:
    if registration is None or not user.is_authenticated:
        return False
    participant = registration.participant
    return participant.user_id is not None and participant.user_id == user.pk


@rules.predicate
def is_organiser_of_participant(user, participant=None) -> bool:
    """A person's profile spans events: the organisers of a team where they
    registered, and administrators. Without an object: any organiser."""
    if participant is None or is_administrator(user):
        return is_organiser_of_event(user, None)
    if not is_organiser_of_event(user, None):
        return False
    return participant.registrations.filter(event__team__in=team_ids(user)).exists()


# "My tickets" belongs to participants (everyone who signed up is one; a
# door-staff or organiser account made by an admin is not, unless granted).
rules.add_perm("participants.access_tickets", is_participant)
# Anyone signed in may register themselves for a public event (and becomes a
# participant by doing so); the service checks the event accepts it.
rules.add_perm("participants.register", is_authenticated)
rules.add_perm("participants.change_own_profile", is_authenticated)
# A ticket: its holder and the organisers of the event's team; nobody else.
rules.add_perm("participants.view_registration", is_own_registration | is_organiser_of_event)
rules.add_perm("participants.cancel_registration", is_own_registration | is_organiser_of_event)
rules.add_perm("participants.change_registration", is_organiser_of_event)
rules.add_perm("participants.view_participant", is_organiser_of_participant)
rules.add_perm("participants.change_participant", is_organiser_of_participant)
# Organisers' pages about an event's people: the list, approval, invitations,
# imports and exports (with the event as the object): the event's team.
rules.add_perm("participants.manage_registrations", is_organiser_of_event)
# Confirming and merging institutions typed in by participants: the install's
# shared list of institutions (names and counts, no people), every organiser.
rules.add_perm("participants.manage_institutions", is_organiser)
rules.add_perm("participants.manage_erasure_requests", is_organiser)
