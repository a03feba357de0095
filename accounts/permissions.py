"""Role predicates shared by every app's rules.

The single answer to "may this user do X to this object" is
``user.has_perm("app.action_model", obj)``: django-rules evaluates the
predicates registered in each app's ``permissions.py``. Views, the API and the
admin all ask that, never ``is_staff`` or a group name directly.
"""

import rules

from accounts import permission_facts
from accounts.roles import Role

is_superuser = rules.is_superuser
is_authenticated = rules.is_authenticated


def is_group_member(role: Role) -> rules.Predicate:
    """A member of the role's group. As ``rules.is_group_member``, but the
    group names come with the rest of the user's permission facts: one query
    for every permission question of the request (accounts.permission_facts)."""

    @rules.predicate(f"is_group_member:{role.value}")
    def member(user) -> bool:
        if not user.is_authenticated:
            return False
        return role.value in permission_facts.group_names(user)

    return member


# The whole install: every team's events and personal data.
is_administrator = is_group_member(Role.ADMINISTRATOR) | is_superuser
# An organiser of some team. Alone it answers only "may this user open the
# organiser's pages at all"; a question about one event (or anything of an
# event) asks bimtek.permissions.is_organiser_of_event, which adds the team.
is_organiser = is_group_member(Role.ORGANISER) | is_administrator
is_participant = is_group_member(Role.PARTICIPANT)

rules.add_perm("accounts.view_user", is_organiser)
rules.add_perm("accounts.change_user", is_superuser)
