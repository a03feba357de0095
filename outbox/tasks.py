"""Background tasks of the outbox (Django Tasks API): e-mail on queue
"email", WhatsApp on queue "default"."""

from django_tasks import task

from outbox import services


@task(queue_name="email")
def send_deliveries(*, delivery_ids: list[int]) -> int:
    return services.deliveries_send(delivery_ids=delivery_ids)


@task(queue_name="email")
def retry_deliveries() -> int:
    """Queue again the automatic deliveries whose retry time has come."""
    return services.deliveries_retry_due()
