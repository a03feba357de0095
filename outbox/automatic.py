"""Automatic messages: deliveries written by a registered builder when they
are sent (outbox.builders), grouped as one message per key (e.g. one per
event and kind), created inside the transaction of the change that causes
them and dispatched on commit (docs/messages.md, "Automatic messages").

The outbox still knows nothing of events or registrations: the caller gives
the message's key and kind, and per recipient a key, the address, the
language and the builder's payload.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from outbox.models import Channel, Delivery, DeliveryStatus, Message


def event_topic(event_id: int) -> str:
    """The topic of every message composed for an event (broadcasts and
    automatic ones): the one home of the "event:<id>" format. The outbox
    stores it and knows nothing of events."""
    return f"event:{event_id}"


def event_message_key(event_id: int, kind: str) -> str:
    """The automatic message that groups one event's e-mails of a kind
    (``auto:event:42:confirmed``); with kind "", the prefix of them all."""
    return f"auto:{event_topic(event_id)}:{kind}"


@dataclass(frozen=True)
class AutoRecipient:
    """One person of an automatic message. ``key``: once per message — the
    same key queued again is ignored (idempotent); a kind that may recur
    gives a key that tells the occasions apart."""

    key: str
    name: str
    email: str
    language: str
    payload: dict = field(default_factory=dict)


def _message_id(*, key: str, topic: str, kind: str, subject: str) -> int:
    """The message of this key, created at first need. Two transactions
    creating it at once never fail each other: INSERT … ON CONFLICT DO
    NOTHING waits for the other one's commit, then the read sees its row."""
    connection = connections[router.db_for_read(Message)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # written out: read on every queued e-mail
        cursor.execute(
            f"SELECT id FROM {quote(Message._meta.db_table)} WHERE {quote('key')} = %s", [key]
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    Message.objects.bulk_create(
        [Message(key=key, topic=topic, kind=kind, subject=subject[:200], body="")],
        ignore_conflicts=True,
    )
    return Message.objects.filter(key=key).values_list("pk", flat=True).get()


def automatic_queue(
    *,
    key: str,
    topic: str,
    kind: str,
    builder: str,
    recipients: Sequence[AutoRecipient],
    renew_skipped: bool = False,
) -> int:
    """Store one e-mail delivery per recipient in the caller's transaction
    (a key already in the message is left as it is) and queue the sending
    after commit. ``renew_skipped``: a delivery of the same key that was
    skipped earlier (it did not hold then) is queued again. Three queries
    for a message that exists (four the first time), one more with
    ``renew_skipped``; after commit, the task (no query on the database
    queue's own insert)."""
    recipients = [r for r in recipients if r.email]
    if not recipients:
        return 0
    message_id = _message_id(key=key, topic=topic, kind=kind, subject=kind)
    now = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(
                message_id=message_id,
                recipient_key=recipient.key[:64],
                name=recipient.name[:300],
                email=recipient.email,
                language=recipient.language,
                channel=Channel.EMAIL,
                subject=kind,
                body="",
                builder=builder,
                payload=recipient.payload,
                status_at=now,
            )
            for recipient in recipients
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    keys = [recipient.key[:64] for recipient in recipients]
    if renew_skipped:
        Delivery.objects.filter(
            message_id=message_id,
            recipient_key__in=keys,
            status=DeliveryStatus.SKIPPED,
            erased_at__isnull=True,  # skipped because erased: never again
        ).update(status=DeliveryStatus.QUEUED, error="", claim="", status_at=now)
    transaction.on_commit(lambda: _dispatch(message_id, keys))
    return len(recipients)


def _dispatch(message_id: int, keys: list[str]) -> None:
    """Queue the sending of these deliveries, OUTBOX_BATCH_SIZE keys a task;
    the worker reads their ids (no query here, after the request's commit)."""
    from outbox.tasks import send_automatic

    size = max(settings.OUTBOX_BATCH_SIZE, 1)
    for start in range(0, len(keys), size):
        send_automatic.using(queue_name="email").enqueue(
            message_id=message_id, keys=keys[start : start + size]
        )
