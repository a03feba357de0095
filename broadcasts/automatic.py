"""Reads: the event's automatic messages (confirmations, reminders,
certificate notices…) — outbox messages grouped per event and kind by
``participants.notifications`` and ``certificates.emails`` — with how far
each got."""

from django.db.models import Count, Q, QuerySet

from outbox import builders
from outbox.automatic import event_message_key, event_topic
from outbox.models import DeliveryStatus, Message

# The columns of the Messages tab: status(es) each counts.
COLUMNS = {
    "queued": [DeliveryStatus.QUEUED, DeliveryStatus.SENDING],
    "sent": [DeliveryStatus.SENT],
    "delivered": [DeliveryStatus.DELIVERED, DeliveryStatus.READ],
    "failed": [DeliveryStatus.FAILED],
    "bounced": [DeliveryStatus.BOUNCED],
    "skipped": [DeliveryStatus.SKIPPED],
}


def automatic_messages(event) -> QuerySet[Message]:
    """The event's automatic messages, each with a count per column and its
    ``label`` (one query; the label is set when the rows are read)."""
    return (
        Message.objects.filter(
            topic=event_topic(event.pk), key__startswith=event_message_key(event.pk, "")
        )
        .annotate(
            total=Count("deliveries"),
            **{
                f"n_{column}": Count("deliveries", filter=Q(deliveries__status__in=statuses))
                for column, statuses in COLUMNS.items()
            },
        )
        .order_by("created_at", "pk")
    )


def with_labels(messages) -> list[Message]:
    rows = list(messages)
    for message in rows:
        message.label = builders.label(message.kind)
    return rows


def automatic_message(event, pk: int) -> Message | None:
    """One of the event's automatic messages, None if it is not one."""
    message = (
        Message.objects.filter(
            pk=pk, topic=event_topic(event.pk), key__startswith=event_message_key(event.pk, "")
        )
        .only("pk", "kind", "key", "topic", "created_at")
        .first()
    )
    if message is not None:
        message.label = builders.label(message.kind)
    return message
