"""Role predicates shared by every app's rules.

The single answer to "may this user do X to this object" is
``user.has_perm("app.action_model", obj)``: django-rules evaluates the
predicates registered in each app's ``permissions.py``. Views, the API and the
admin all ask that, never ``is_staff`` or a group name directly.
"""

import rules

from accounts.roles import Role

is_superuser = rules.is_superuser
is_authenticated = rules.is_authenticated
# The whole install: every team's events and personal data.
is_administrator = rules.is_group_member(Role.ADMINISTRATOR.value) | is_superuser
# An organiser of some team. Alone it answers only "may this user open the
# organiser's pages at all"; a question about one event (or anything of an
# event) asks bimtek.permissions.is_organiser_of_event, which adds the team.
is_organiser = rules.is_group_member(Role.ORGANISER.value) | is_administrator
is_participant = rules.is_group_member(Role.PARTICIPANT.value)

rules.add_perm("accounts.view_user", is_organiser)
rules.add_perm("accounts.change_user", is_superuser)
