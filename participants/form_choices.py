"""The choices of the person form's institution and category selects, read
as plain rows: the sign-up page shows ~150 institutions, and building a model
instance per row (with its category) was a good part of the form's CPU
(docs/profile.md, "The sign-up form"). The labels are what the model
choices printed: "Name (Short)" grouped under the category's display name, in
the category's order; a category's display name alone."""

from collections.abc import Callable

from django.db import connections, router
from django.db.models import Q

from bimtek import raw_rows
from bimtek.models import Institution, InstitutionCategory


def allowed_institutions(extra_pk: int | None = None) -> Q:
    """The confirmed institutions and ``extra_pk``: the person's own, even
    unconfirmed."""
    allowed = Q(is_confirmed=True)
    if extra_pk is not None:
        allowed |= Q(pk=extra_pk)
    return allowed


def _rows(model, sql: str, params: list) -> list[tuple]:
    """Rows of a hand-written SELECT: the ORM compiled these two statements on
    every form page for more CPU than PostgreSQL spent running them
    (docs/profile.md, "Page chrome and the form's reads")."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _names(model, *fields: str) -> dict[str, str]:
    using = router.db_for_read(model)
    names = {"table": raw_rows.table(model, using)}
    names.update({field: raw_rows.column(model, field, using) for field in fields})
    return names


def institution_choices(extra_pk: int | None = None) -> list[tuple[str, list]]:
    """[(category label, [(pk, label), …]), …] of the confirmed institutions
    (and ``extra_pk``, the person's own, even unconfirmed), ordered by the
    category's order and name, then the institution's name."""
    i = _names(Institution, "id", "name", "short_name", "category", "is_confirmed")
    c = _names(InstitutionCategory, "id", "name", "name_en", "sort_order")
    sql = (
        f"SELECT i.{i['id']}, i.{i['name']}, i.{i['short_name']}, c.{c['name']}, "
        f"c.{c['name_en']} FROM {i['table']} i INNER JOIN {c['table']} c "
        f"ON c.{c['id']} = i.{i['category']} WHERE (i.{i['is_confirmed']} = %s"
        + (f" OR i.{i['id']} = %s)" if extra_pk is not None else ")")
        + f" ORDER BY c.{c['sort_order']}, c.{c['name']}, i.{i['name']}"
    )
    params = [True] if extra_pk is None else [True, extra_pk]
    groups: dict[str, list] = {}
    for pk, name, short_name, category, category_en in _rows(Institution, sql, params):
        label = f"{name} ({short_name})" if short_name and short_name != name else name
        groups.setdefault(InstitutionCategory.label(category, category_en), []).append((pk, label))
    return list(groups.items())


def category_choices() -> list[tuple[int, str]]:
    """[(pk, display name), …] in the categories' own order."""
    c = _names(InstitutionCategory, "id", "name", "name_en", "sort_order")
    sql = (
        f"SELECT {c['id']}, {c['name']}, {c['name_en']} FROM {c['table']} "
        f"ORDER BY {c['sort_order']}, {c['name']}"
    )
    rows = _rows(InstitutionCategory, sql, [])
    return [(pk, InstitutionCategory.label(name, name_en)) for pk, name, name_en in rows]


def read_once(read: Callable[[], list]) -> Callable[[], list]:
    """Callable choices, read when first drawn and then kept for the form (the
    select iterates them twice: its ``required`` check and its options)."""
    kept: list[list] = []

    def choices() -> list:
        if not kept:
            kept.append(read())
        return kept[0]

    return choices
