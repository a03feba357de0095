"""Background tasks of the outbox (Django Tasks API): e-mail on queue
"email", WhatsApp on queue "default"."""

from django_tasks import task

from outbox import services
from outbox.models import Delivery, DeliveryStatus


@task(queue_name="email")
def send_deliveries(*, delivery_ids: list[int]) -> int:
    return services.deliveries_send(delivery_ids=delivery_ids)


@task(queue_name="email")
def send_automatic(*, message_id: int, keys: list[str]) -> int:
    """Send the automatic deliveries of these recipient keys (queued after
    the commit that created them)."""
    return services.deliveries_send(
        delivery_ids=Delivery.objects.filter(
            message_id=message_id, recipient_key__in=keys, status=DeliveryStatus.QUEUED
        ).values_list("pk", flat=True)
    )


@task(queue_name="email")
def retry_deliveries() -> int:
    """Queue again the automatic deliveries whose retry time has come."""
    return services.deliveries_retry_due()
