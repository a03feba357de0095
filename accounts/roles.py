"""The roles of the design brief, as Django groups with explicit permissions.

Which model permissions a role holds is declared by each app on its AppConfig
(``role_permissions``), so this module names no other app. Per-object rights
(door staff of *this* event, a participant's *own* ticket) are rules in each
app's ``permissions.py``; see docs/roles.md.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _

from accounts import permission_facts


class Role(models.TextChoices):
    ORGANISER = "Panitia", _("Organiser")
    DOOR_STAFF = "Petugas", _("Door staff")
    PARTICIPANT = "Peserta", _("Participant")
    # Organiser of every team: the whole view an organiser had before teams.
    ADMINISTRATOR = "Administrator", _("Administrator")


def declared_role_permissions() -> dict[str, set[str]]:
    """Collect ``{role: {"app_label.codename", ...}}`` from every app config."""
    declared: dict[str, set[str]] = {role.value: set() for role in Role}
    for app_config in apps.get_app_configs():
        for role, perms in getattr(app_config, "role_permissions", {}).items():
            declared[role].update(perms)
    # An administrator may do whatever an organiser may, at every team's events.
    declared[Role.ADMINISTRATOR.value] |= declared[Role.ORGANISER.value]
    return declared


def sync_roles() -> None:
    """Create the role groups and give each exactly its declared permissions."""
    for role, perm_names in declared_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in sorted(perm_names):
            app_label, codename = name.split(".", 1)
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def grant_role(user, role: Role) -> None:
    if not _join_existing_group(user, role.value):
        group, _created = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
    # rules and ModelBackend keep the groups and permissions on the user
    # object (accounts.permission_facts): drop them.
    permission_facts.forget(user)


def _join_existing_group(user, name: str) -> bool:
    """On PostgreSQL, one statement (every sign-up grants the participant
    role): add ``user`` to the group called ``name`` unless already in it;
    False when there is no such group (then the caller creates it). Django's
    way is two (read the group, insert the membership); nothing listens to
    this relation's ``m2m_changed``."""
    through = user._meta.get_field("groups").remote_field.through
    connection = connections[router.db_for_write(through)]
    if connection.vendor != "postgresql":
        return False
    quote = connection.ops.quote_name
    sql = (
        f"WITH g AS (SELECT id FROM {quote(Group._meta.db_table)} WHERE name = %s), "
        f"ins AS (INSERT INTO {quote(through._meta.db_table)} "
        f"({quote(through._meta.get_field('user').column)}, "
        f"{quote(through._meta.get_field('group').column)}) "
        "SELECT %s, id FROM g ON CONFLICT DO NOTHING) "
        "SELECT count(*) FROM g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, user.pk])
        return cursor.fetchone()[0] > 0
