"""What a request's permission questions need to know about its user, read
in one query.

Every signed-in page asks ``user.has_perm`` several times: the navigation
bar once per entry, the view for its own check. Answering them took up to
five small queries per page, each compiled by the ORM: the user's group
names (the role predicates), the user's and its groups' model permissions
(Django's ``ModelBackend``, asked whenever the rules say no), and one
existence query per fact another app keeps about users (an HR viewer row:
``competency``).

The role predicates (``accounts.permissions.is_group_member``) ask
``group_names(user)``; the first time in a request, ``load`` reads all of
them in **one** statement (``UNION ALL`` of the same reads, SQLite and
PostgreSQL alike) and leaves each answer where its owner looks for it:
``_group_names_cache`` (as django-rules' own ``is_group_member``),
``_user_perm_cache`` / ``_group_perm_cache`` / ``_perm_cache``
(``ModelBackend``) and each registered fact's attribute. A page that asks no
role question (the PDF ticket: its holder is the answer) reads nothing.

Nothing is kept beyond the user object, which lives for one request: a
change of groups, group permissions, HR assignments or the user's flags is
seen by the next request, exactly as before; there is no cache to
invalidate and no other process to tell. ``forget`` drops the facts of a
user object that changed during the request (``accounts.roles.grant_role``).

A fact another app keeps (a row naming the user) is registered in
``user_facts`` from that app's ``integrations.register()``; its predicate
reads the attribute when it is there and queries otherwise.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.registry import Registry


@dataclass(frozen=True)
class UserFact:
    """ "The user has a row in ``model``": True or False on ``attribute``."""

    key: str
    model: str  # "app_label.ModelName"
    attribute: str  # set on the user object
    user_field: str = "user"  # the model's foreign key to the user
    order: int = 100


user_facts: Registry[UserFact] = Registry("user_facts")

GROUP_NAMES = "_group_names_cache"  # django-rules' is_group_member
MODEL_BACKEND_CACHES = ("_user_perm_cache", "_group_perm_cache", "_perm_cache")


@lru_cache(maxsize=8)
def _statement(vendor: str, facts: tuple[UserFact, ...]) -> str:
    """The one statement: rows of (kind, a, b) with a single parameter, the
    user's id, repeated once per part."""
    q = connection.ops.quote_name
    user_model = get_user_model()
    groups = user_model._meta.get_field("groups").remote_field.through._meta
    user_perms = user_model._meta.get_field("user_permissions").remote_field.through._meta
    group_perms = Group.permissions.through._meta
    group_model = Group._meta
    permission = Permission._meta
    content_type = ContentType._meta

    def column(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    def permission_rows(kind: str, join: str) -> str:
        return (
            f"SELECT '{kind}', ct.{column(content_type, 'app_label')},"
            f" p.{column(permission, 'codename')}"
            f" FROM {q(permission.db_table)} p"
            f" INNER JOIN {q(content_type.db_table)} ct"
            f" ON ct.{column(content_type, 'id')} = p.{column(permission, 'content_type')}"
            f" {join}"
        )

    parts = [
        f"SELECT 'g', g.{column(group_model, 'name')}, ''"
        f" FROM {q(group_model.db_table)} g INNER JOIN {q(groups.db_table)} ug"
        f" ON ug.{column(groups, 'group')} = g.{column(group_model, 'id')}"
        f" WHERE ug.{column(groups, user_model._meta.model_name)} = %s",
        permission_rows(
            "u",
            f"INNER JOIN {q(user_perms.db_table)} up"
            f" ON up.{column(user_perms, 'permission')} = p.{column(permission, 'id')}"
            f" WHERE up.{column(user_perms, user_model._meta.model_name)} = %s",
        ),
        permission_rows(
            "p",
            f"INNER JOIN {q(group_perms.db_table)} gp"
            f" ON gp.{column(group_perms, 'permission')} = p.{column(permission, 'id')}"
            f" INNER JOIN {q(groups.db_table)} ug"
            f" ON ug.{column(groups, 'group')} = gp.{column(group_perms, 'group')}"
            f" WHERE ug.{column(groups, user_model._meta.model_name)} = %s",
        ),
    ]
    for fact in facts:
        assert fact.key.isidentifier(), fact.key  # written into the statement
        meta = apps.get_model(fact.model)._meta
        parts.append(
            f"SELECT 'f', '{fact.key}', '' WHERE EXISTS (SELECT 1 FROM {q(meta.db_table)}"
            f" WHERE {column(meta, fact.user_field)} = %s)"
        )
    return " UNION ALL ".join(parts)


def load(user) -> None:
    """Read the permission facts of ``user`` (one query) and leave them on the
    user object for the rest of its request."""
    facts = tuple(user_facts.all())
    statement = _statement(connection.vendor, facts)
    params = [user.pk] * (3 + len(facts))
    group_names, user_perms, group_perms, present = set(), set(), set(), set()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for kind, a, b in cursor.fetchall():
            if kind == "g":
                group_names.add(a)
            elif kind == "u":
                user_perms.add(f"{a}.{b}")
            elif kind == "p":
                group_perms.add(f"{a}.{b}")
            else:
                present.add(a)
    setattr(user, GROUP_NAMES, group_names)
    # ModelBackend reads nothing for inactive users and every permission for
    # superusers (whom has_perm answers before asking it): left to it, as is
    # a cache it has filled already.
    if user.is_active and not user.is_superuser and not hasattr(user, "_perm_cache"):
        user._user_perm_cache = user_perms
        user._group_perm_cache = group_perms
        user._perm_cache = user_perms | group_perms
    for fact in facts:
        setattr(user, fact.attribute, fact.key in present)


def group_names(user) -> set[str]:
    """The names of the user's groups (its roles), with the other facts read
    the first time a request asks."""
    if not hasattr(user, GROUP_NAMES):
        load(user)
    return getattr(user, GROUP_NAMES)


def fact(user, attribute: str) -> bool:
    """A registered fact (``UserFact.attribute``) of a signed-in ``user``,
    with the other facts read the first time a request asks."""
    if not hasattr(user, attribute):
        load(user)
    return getattr(user, attribute)


def forget(user) -> None:
    """Drop what was read of ``user``: its groups, permissions or facts have
    just changed on this user object."""
    for name in (GROUP_NAMES, *MODEL_BACKEND_CACHES, *(f.attribute for f in user_facts.all())):
        if hasattr(user, name):
            delattr(user, name)
