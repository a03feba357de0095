"""Reads of the outbox: how far a message got."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

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


def owning_key(recipient_key: str, keys) -> str | None:
    """Which of ``keys`` a delivery's recipient key belongs to: the key itself
    or one it extends with ":" ("registration:17:confirmed:…" belongs to
    "registration:17", "registration:170" does not) — the rule of
    ``deliveries_addressed_to``, for rows already read."""
    parts = recipient_key.split(":")
    for end in range(len(parts), 0, -1):
        candidate = ":".join(parts[:end])
        if candidate in keys:
            return candidate
    return None


def deliveries_addressed_to(*, keys: Iterable[str], emails: Iterable[str]) -> QuerySet[Delivery]:
    """Every delivery to one person, oldest first: those whose recipient key is
    one of ``keys`` or extends one with ":" (the composer's key for the person,
    "registration:17", and its suffixed forms, "registration:17:confirmed:…";
    never "registration:170"), and those sent to one of ``emails`` (any case)."""
    chosen = Q(pk__in=[])
    for key in {key for key in keys if key}:
        chosen |= Q(recipient_key=key) | Q(recipient_key__startswith=f"{key}:")
    for email in {email.strip().lower() for email in emails if email and email.strip()}:
        chosen |= Q(email__iexact=email)
    return (
        Delivery.objects.filter(chosen)
        .select_related("message")
        .order_by("message__created_at", "message_id", "id")
    )
