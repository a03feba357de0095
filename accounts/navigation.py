"""The navigation bar, assembled from what each app registers.

accounts is the lowest layer, so it cannot name the pages of higher apps; each
app registers its own entries in ``nav_items`` (the bar) or ``user_menu_items``
(the menu under the user's name, for pages about themselves) from its
``integrations.register()`` with the permission that shows them, and the base
template renders what the user may see.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from accounts.registry import Registry


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str
    icon: str = ""
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


nav_items: Registry[NavItem] = Registry("nav_items")
user_menu_items: Registry[NavItem] = Registry("user_menu_items")


def items_for(user, registry: Registry[NavItem] = nav_items) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in registry.all() if user.has_perm(item.permission)]


def collapse_breakpoint(count: int) -> str:
    """Bootstrap's breakpoint from which the bar shows its entries in a row,
    given how many role entries it has (besides "Upcoming events", the user
    menu and the language switch). Below it they fold under "Menu". The row
    must hold on one line without wrapping a label: one entry fits md's
    720-px container, two lg's 960 px, up to four xl's 1140 px; more (a
    superuser has six) need xxl's 1320 px, so a 1280-px laptop folds them
    (docs/navigation.md)."""
    if count <= 1:
        return "md"
    if count == 2:
        return "lg"
    if count <= 4:
        return "xl"
    return "xxl"


@dataclass(frozen=True)
class Bar:
    items: list[NavItem]
    user_menu: list[NavItem]

    @property
    def expand(self) -> str:
        return collapse_breakpoint(len(self.items))


def bar_for(user) -> Bar:
    return Bar(items=items_for(user), user_menu=items_for(user, user_menu_items))
