"""Reads of the outbox: how far a message got."""

from django.db.models import Count

from outbox.models import Delivery, DeliveryStatus, Message


def delivery_counts(message: Message) -> dict[str, int]:
    """Deliveries per status (every status present, 0 when none), and the total
    and how many are done (no longer queued or being sent)."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    rows = (
        Delivery.objects.filter(message=message)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts.update(rows)
    counts["total"] = sum(counts[status] for status in DeliveryStatus.values)
    counts["done"] = (
        counts["total"] - counts[DeliveryStatus.QUEUED] - counts[DeliveryStatus.SENDING]
    )
    return counts
