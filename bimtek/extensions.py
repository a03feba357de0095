"""Extension points through which higher apps add to the events pages.

The events app never imports participants or certificates; they register
here from their ``integrations.register()``, called by their
``AppConfig.ready()`` (the higher app calls the lower one). Each point is an
``accounts.registry.Registry``:

* ``event_links``: entries of an event's organiser menu (participants,
  attendance, certificates…), each shown if ``user.has_perm(permission, event)``;
* ``event_counters``: figures on the organiser's event list, each an
  annotation added to the event queryset, so the list costs the same number
  of queries whatever the number of events;
* ``event_change_notices``: warnings shown to an organiser who edits a
  published event (e.g. "57 people have registered"); each returns a message
  or None; ``event_change_notice_links``: links shown with those warnings
  (e.g. "tell them", to compose a message with the change);
* ``event_capacity_checks``: what a capacity means for another app's data
  ("57 approved: more than 50", "12 waiting, 10 seats free: promote them?"),
  read on the edit form (a warning that must be confirmed before the save)
  and on the event's overview (an offer with its button);
* ``event_clone_listeners``: called inside the transaction that clones an
  event ("Tahap II" from "Tahap I"), so a higher app copies what it keeps per
  event (the certificate design) — all of it, or nothing; one with an
  ``option_label`` is a checkbox of the clone form (the invitations);
* ``event_status_listeners``: called (after commit, or inside the
  transaction for one with ``in_transaction``) when an event changes
  status, e.g. to tell registrants that it was cancelled;
* ``event_public_panels``: sections of the public event page (e.g. the
  registration call-to-action in its true state), each a template rendered
  with the context its ``context(request, event)`` function returns, or
  skipped when that returns None;
* ``audit_kinds`` and ``audit_actions``: what the History tab calls each kind
  of audit entry and each action code, registered by the app that writes it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from accounts.registry import Registry


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
    order: int = 100


@dataclass(frozen=True)
class EventNoticeLink:
    """A way to act on the edit page's warnings (e.g. "tell them": compose a
    message to the registrants with the change written in)."""

    key: str
    link: Callable[..., tuple[str, str] | None]  # (event) -> (label, url) or None
    order: int = 100


@dataclass(frozen=True)
class CapacityNotice:
    """What another app says about an event's capacity. ``confirm``: a save
    that sets this capacity waits until the organiser confirms it; an offer
    is a button posting to ``action_url``, labelled ``action_label``."""

    message: str
    confirm: bool = False
    action_url: str = ""
    action_label: str = ""


@dataclass(frozen=True)
class EventCapacityCheck:
    key: str
    check: Callable[..., CapacityNotice | None]  # (*, event, capacity) -> notice or None
    order: int = 100


@dataclass(frozen=True)
class EventStatusListener:
    key: str
    # (*, event, old_status, new_status, actor) -> None; runs after commit
    on_change: Callable[..., None]
    order: int = 100
    # Run inside the status change's transaction instead (it writes rows
    # that must exist exactly when the change does, e.g. the e-mails it
    # queues); an error then undoes the change.
    in_transaction: bool = False


@dataclass(frozen=True)
class EventCloneListener:
    """What a higher app copies when an event is cloned. With an
    ``option_label`` the clone form offers it as a checkbox (field
    ``clone_<key>``) and it runs only when ticked; without, always."""

    key: str
    # (*, source, event, days, actor) -> None; runs inside the clone's transaction
    on_clone: Callable[..., None]
    order: int = 100
    option_label: str | Promise = ""
    option_help: str | Promise = ""

    @property
    def field_name(self) -> str:
        return f"clone_{self.key}"


@dataclass(frozen=True)
class AuditKind:
    """A kind of audit entry the History tab can filter by (e.g. certificates)."""

    key: str  # the action codes' prefix: "certificate" for "certificate.issue"
    label: str | Promise
    order: int = 100


@dataclass(frozen=True)
class AuditAction:
    """What an audit entry's action code means, as a sentence for people:
    "certificate.issue" -> "Certificate issued". The app that writes the code
    registers its label."""

    key: str  # the action code, e.g. "certificate.issue"
    label: str | Promise
    order: int = 100

    @property
    def kind(self) -> str:
        return self.key.split(".", 1)[0]


event_links: Registry[EventLink] = Registry("event_links")
event_counters: Registry[EventCounter] = Registry("event_counters")
event_public_panels: Registry[EventPanel] = Registry("event_public_panels")
event_change_notices: Registry[EventNotice] = Registry("event_change_notices")
event_change_notice_links: Registry[EventNoticeLink] = Registry("event_change_notice_links")
event_capacity_checks: Registry[EventCapacityCheck] = Registry("event_capacity_checks")
event_status_listeners: Registry[EventStatusListener] = Registry("event_status_listeners")
event_clone_listeners: Registry[EventCloneListener] = Registry("event_clone_listeners")
audit_kinds: Registry[AuditKind] = Registry("audit_kinds")
audit_actions: Registry[AuditAction] = Registry("audit_actions")


def audit_labels_register(*, kinds=(), actions: dict | None = None) -> None:
    """An app's audit kinds ``[(key, label, order)]`` and action sentences
    ``{code: label}``, from its ``integrations.register()``."""
    for key, label, order in kinds:
        audit_kinds.register(AuditKind(key=key, label=label, order=order))
    for key, label in (actions or {}).items():
        audit_actions.register(AuditAction(key=key, label=label))


def audit_action_label(code: str) -> str:
    """The sentence for an audit action code; the code itself when nobody
    registered it (``tests/test_audit_labels.py`` keeps that from happening)."""
    action = audit_actions.get(code)
    return str(action.label) if action is not None else code


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


def change_notice_links(event) -> list[tuple[str, str]]:
    return [found for item in event_change_notice_links.all() if (found := item.link(event))]


def capacity_notices(*, event, capacity) -> list[CapacityNotice]:
    """What would happen with ``capacity`` (the event's own, or one being
    typed on the edit form), as every app registered says."""
    return [
        notice
        for item in event_capacity_checks.all()
        if (notice := item.check(event=event, capacity=capacity))
    ]
