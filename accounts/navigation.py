"""The navigation bar, assembled from what each app registers.

accounts is the lowest layer, so it cannot name the pages of higher apps; each
app registers its own entries in ``nav_items`` from its
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


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in nav_items.all() if user.has_perm(item.permission)]
