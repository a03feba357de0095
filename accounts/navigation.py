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


@dataclass(frozen=True)
class Bar:
    items: list[NavItem]
    user_menu: list[NavItem]


def bar_for(user) -> Bar:
    return Bar(items=items_for(user), user_menu=items_for(user, user_menu_items))
