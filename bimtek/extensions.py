"""Extension points through which higher apps add to the events pages.

The events app never imports participants or certificates; they register
here in ``AppConfig.ready()`` (the higher app calls the lower one):

* ``event_links``: entries of an event's organiser menu (participants,
  attendance, certificates…), each shown if ``user.has_perm(permission, event)``;
* ``event_counters``: figures on the organiser's event list, each an
  annotation added to the event queryset, so the list costs the same number
  of queries whatever the number of events;
* ``event_change_notices``: warnings shown to an organiser who edits a
  published event (e.g. "57 people have registered"); each returns a message
  or None;
* ``event_clone_listeners``: called inside the transaction that clones an
  event ("Tahap II" from "Tahap I"), so a higher app copies what it keeps per
  event (the certificate design) — all of it, or nothing;
* ``event_status_listeners``: called (after commit) when an event changes
  status, e.g. to tell registrants that it was cancelled;
* ``event_public_panels``: sections of the public event page (e.g. the
  registration call-to-action in its true state), each a template rendered
  with the context its ``context(request, event)`` function returns, or
  skipped when that returns None.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class EventLink:
    key: str
    label: str | Promise
    url_name: str  # reversed with kwargs={"code": event.code}
    permission: str  # checked with the event as the object
    icon: str = ""
    order: int = 100

    def url(self, event) -> str:
        return reverse(self.url_name, kwargs={"code": event.code})


@dataclass(frozen=True)
class EventCounter:
    key: str  # the annotation's name on each event
    label: str | Promise
    annotate: Callable[[QuerySet], QuerySet]
    order: int = 100


@dataclass(frozen=True)
class EventPanel:
    key: str
    template_name: str
    context: Callable[..., dict | None]  # (request, event) -> context or None
    order: int = 100


@dataclass(frozen=True)
class EventNotice:
    key: str
    notice: Callable[..., str | None]  # (event) -> message or None


@dataclass(frozen=True)
class EventStatusListener:
    key: str
    # (*, event, old_status, new_status, actor) -> None; runs after commit
    on_change: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class EventCloneListener:
    key: str
    # (*, source, event, days, actor) -> None; runs inside the clone's transaction
    on_clone: Callable[..., None]
    order: int = 100


T = TypeVar(
    "T", EventLink, EventCounter, EventPanel, EventNotice, EventStatusListener, EventCloneListener
)


class _Registry(Generic[T]):
    def __init__(self) -> None:
        self._items: dict[str, T] = {}

    def register(self, item: T) -> None:
        self._items[item.key] = item

    def all(self) -> list[T]:
        return sorted(self._items.values(), key=lambda i: (getattr(i, "order", 100), i.key))


event_links: _Registry[EventLink] = _Registry()
event_counters: _Registry[EventCounter] = _Registry()
event_public_panels: _Registry[EventPanel] = _Registry()
event_change_notices: _Registry[EventNotice] = _Registry()
event_status_listeners: _Registry[EventStatusListener] = _Registry()
event_clone_listeners: _Registry[EventCloneListener] = _Registry()


def links_for(user, event) -> list[tuple[EventLink, str]]:
    return [
        (link, link.url(event))
        for link in event_links.all()
        if user.has_perm(link.permission, event)
    ]


def annotate_counters(queryset: QuerySet) -> QuerySet:
    for counter in event_counters.all():
        queryset = counter.annotate(queryset)
    return queryset


def change_notices(event) -> list[str]:
    return [text for item in event_change_notices.all() if (text := item.notice(event))]
