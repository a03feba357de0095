"""Builders of automatic e-mails: the apps above register one per name
(in their AppConfig.ready, through their integrations module); a delivery
with ``builder`` set is written by it when the worker sends it.

A builder is ``build(payload) -> EmailMultiAlternatives``, called inside
``translation.override(delivery.language)``; it re-reads what it needs from
the ids in the payload, so the e-mail (its ticket PDF, its QR image) is the
current one, also when the organiser sends it again. It raises
``NoLongerHolds(reason)`` when the e-mail should not go out any more: the
delivery is then marked "skipped" with the reason. The outbox adds its own
headers and return path and sends it (outbox.services.deliveries_send).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives


class NoLongerHolds(Exception):
    """What the e-mail tells is no longer true: it is not sent."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Builder:
    name: str
    build: Callable[[dict], EmailMultiAlternatives]
    # kind → its label for the organiser (lazy, translated), e.g.
    # "confirmed" → "Registration confirmation".
    labels: Mapping[str, object] = field(default_factory=dict)


_builders: dict[str, Builder] = {}


def register(builder: Builder) -> None:
    """Register (or replace, on a second ready()) a builder by its name."""
    _builders[builder.name] = builder


def get(name: str) -> Builder | None:
    return _builders.get(name)


def label(kind: str) -> str:
    """The organiser's name for an automatic message's kind; the kind itself
    when no builder knows it."""
    for builder in _builders.values():
        if kind in builder.labels:
            return str(builder.labels[kind])
    return kind
