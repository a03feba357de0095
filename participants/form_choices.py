"""The choices of the person form's institution and category selects, read
as plain rows: the sign-up page shows ~150 institutions, and building a model
instance per row (with its category) was a good part of the form's CPU
(docs/profile.md, "The sign-up form"). The labels are what the model
choices printed: "Name (Short)" grouped under the category's display name, in
the category's order; a category's display name alone."""

from collections.abc import Callable

from django.db.models import Q

from bimtek.models import Institution, InstitutionCategory


def allowed_institutions(extra_pk: int | None = None) -> Q:
    """The confirmed institutions and ``extra_pk``: the person's own, even
    unconfirmed."""
    allowed = Q(is_confirmed=True)
    if extra_pk is not None:
        allowed |= Q(pk=extra_pk)
    return allowed


def institution_choices(extra_pk: int | None = None) -> list[tuple[str, list]]:
    """[(category label, [(pk, label), …]), …] of the confirmed institutions
    (and ``extra_pk``, the person's own, even unconfirmed)."""
    allowed = allowed_institutions(extra_pk)
    rows = (
        Institution.objects.filter(allowed)
        .order_by("category__sort_order", "category__name", "name")
        .values_list("pk", "name", "short_name", "category__name", "category__name_en")
    )
    groups: dict[str, list] = {}
    for pk, name, short_name, category, category_en in rows:
        label = f"{name} ({short_name})" if short_name and short_name != name else name
        groups.setdefault(InstitutionCategory.label(category, category_en), []).append((pk, label))
    return list(groups.items())


def category_choices() -> list[tuple[int, str]]:
    """[(pk, display name), …] in the categories' own order."""
    rows = InstitutionCategory.objects.values_list("pk", "name", "name_en")
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
