"""The one registry type behind every extension point.

A lower app cannot import a higher one, so it offers a ``Registry`` and the
higher app adds its entries to it from its ``integrations.register()``,
called once from its ``AppConfig.ready()``. accounts is the lowest app, so
the type lives here and every app can use it: the navigation bar
(``accounts.navigation``), the events pages (``bimtek.extensions``) and the
ticket page (``participants.extensions``).

Entries are keyed: registering a key again replaces that entry, so running
``register()`` twice (a test, a reloaded app) leaves one of each. ``all()``
lists them by ``(order, key)``.
"""

from typing import Generic, Protocol, TypeVar


class Entry(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=Entry)


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(sorted(self._items))}>"

    def register(self, item: T) -> T:
        self._items[item.key] = item
        return item

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def all(self) -> list[T]:
        return sorted(self._items.values(), key=lambda item: (item.order, item.key))
