"""Writes of the outbox: create a message, send its deliveries, record what
became of them.

Sending is at most once per delivery: a worker claims a chunk of deliveries
with one conditional UPDATE (queued → sending, its own claim token) before it
sends them one by one, recording each outcome at once. A worker killed
mid-chunk leaves the one in flight and the untried rest in "sending";
``deliveries_recover`` marks the chunk's lowest one failed ("interrupted") —
it may have gone out, so it is never sent again unless an organiser asks —
and queues again the untried rest and every delivery nobody claimed yet.
"""

import secrets
import smtplib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox import reasons
from outbox.builders import NoLongerHolds
from outbox.channels import SendError
from outbox.channels import email as email_channel
from outbox.channels import whatsapp as whatsapp_channel
from outbox.errors import OutboxError
from outbox.models import (
    PROGRESS,
    Channel,
    Delivery,
    DeliveryStatus,
    Message,
    Suppression,
    SuppressionReason,
)

SENT_BY_WORKER = (Channel.EMAIL, Channel.WHATSAPP)


@dataclass(frozen=True)
class Recipient:
    """One person, with the text already written for them."""

    key: str
    name: str
    channel: str
    subject: str
    body: str
    email: str = ""
    phone: str = ""
    language: str = ""
    # A non-essential message's one-click link for this person (e-mail: the
    # footer and the List-Unsubscribe headers); "" for an essential one.
    unsubscribe_url: str = ""


def message_create(
    *, topic: str, subject: str, body: str, created_by, recipients: Sequence[Recipient]
) -> Message:
    """Store the message and one delivery per recipient, and queue the sending
    after commit. Suppressed addresses get a delivery marked bounced at once."""
    if not recipients:
        raise OutboxError("A message needs at least one recipient.", code="no_recipients")
    with transaction.atomic():
        message = Message.objects.create(
            topic=topic, subject=subject[:200], body=body, created_by=created_by
        )
        suppressed = set(
            Suppression.objects.filter(
                address__in=[r.email.lower() for r in recipients if r.email]
            ).values_list("address", flat=True)
        )
        now = timezone.now()
        rows = []
        for recipient in recipients:
            row = Delivery(
                message=message,
                recipient_key=recipient.key[:64],
                name=recipient.name[:300],
                email=recipient.email,
                phone=recipient.phone,
                language=recipient.language,
                channel=recipient.channel,
                subject=recipient.subject[:300],
                body=recipient.body,
                unsubscribe_url=recipient.unsubscribe_url,
                status_at=now,
            )
            if recipient.channel == Channel.EMAIL and recipient.email.lower() in suppressed:
                row.status, row.error = DeliveryStatus.BOUNCED, reasons.BOUNCED_BEFORE
            rows.append(row)
        Delivery.objects.bulk_create(rows, batch_size=1000)
        transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return message


def message_dispatch(*, message_id: int) -> int:
    """Queue a task for every CHUNK of this message's unclaimed deliveries
    that a worker sends (not the wa.me ones). Queuing twice is harmless."""
    from outbox.tasks import send_deliveries

    size = max(settings.OUTBOX_BATCH_SIZE, 1)
    queued = 0
    for channel, queue in ((Channel.EMAIL, "email"), (Channel.WHATSAPP, "default")):
        ids = list(
            Delivery.objects.filter(
                message_id=message_id, channel=channel, status=DeliveryStatus.QUEUED
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), size):
            send_deliveries.using(queue_name=queue).enqueue(delivery_ids=ids[start : start + size])
        queued += len(ids)
    return queued


def deliveries_dispatch(*, delivery_ids: Sequence[int]) -> None:
    """Queue the sending of these e-mail deliveries, OUTBOX_BATCH_SIZE a task."""
    _dispatch_ids(list(delivery_ids), queue="email")


def _dispatch_ids(ids: list[int], *, queue: str) -> None:
    from outbox.tasks import send_deliveries

    size = max(settings.OUTBOX_BATCH_SIZE, 1)
    for start in range(0, len(ids), size):
        send_deliveries.using(queue_name=queue).enqueue(delivery_ids=ids[start : start + size])


def _claim_chunk(delivery_ids: list[int]) -> tuple[str, list[Delivery]]:
    """Claim those of these deliveries still queued with one conditional
    UPDATE (queued → sending, a fresh claim token), then read what this
    claim got: two queries for the chunk, whatever its size."""
    token = secrets.token_hex(16)
    Delivery.objects.filter(
        pk__in=delivery_ids,
        status=DeliveryStatus.QUEUED,
        channel__in=SENT_BY_WORKER,
        erased_at__isnull=True,  # never to an erased recipient (outbox.erasure)
    ).update(
        status=DeliveryStatus.SENDING,
        claim=token,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    claimed = Delivery.objects.filter(pk__in=delivery_ids, claim=token).order_by("pk")
    return token, list(claimed)


def _give_back(token: str, untried: Sequence[Delivery], later_ids: Sequence[int]) -> None:
    """Give back what this claim holds and did not try, and queue it again
    with the batch's deliveries not reached yet."""
    from outbox.tasks import send_deliveries

    Delivery.objects.filter(
        pk__in=[delivery.pk for delivery in untried], claim=token, status=DeliveryStatus.SENDING
    ).update(status=DeliveryStatus.QUEUED, claim="", claimed_at=None, attempts=F("attempts") - 1)
    waiting = Delivery.objects.filter(
        pk__in=[delivery.pk for delivery in untried] + list(later_ids),
        status=DeliveryStatus.QUEUED,
    ).values_list("pk", "channel")
    by_channel: dict[str, list[int]] = {}
    for pk, channel in waiting:
        by_channel.setdefault(channel, []).append(pk)
    for channel, queue in ((Channel.EMAIL, "email"), (Channel.WHATSAPP, "default")):
        if by_channel.get(channel):
            send_deliveries.using(queue_name=queue).enqueue(
                delivery_ids=sorted(by_channel[channel])
            )


def deliveries_send(*, delivery_ids: Iterable[int]) -> int:
    """Send each of these deliveries that is still queued; how many went out.

    Claimed by chunks of OUTBOX_CLAIM_SIZE, sent in id order, each outcome
    recorded at once: a worker killed mid-chunk leaves the one in flight as
    the chunk's lowest still "sending" (``deliveries_recover``). A chunk not
    finished within half of OUTBOX_STALE_MINUTES is given back before the
    recovery could take it, so a slow worker and a resumed one never both
    send the same delivery."""
    ids = sorted(set(delivery_ids))
    size = max(settings.OUTBOX_CLAIM_SIZE, 1)
    sent = 0
    connection = None
    mail_server_down = ""  # why the mail server could not be reached, once tried
    frames = email_channel.Frames()
    retries: set[datetime] = set()
    try:
        for start in range(0, len(ids), size):
            token, claimed = _claim_chunk(ids[start : start + size])
            suppressed = _bounced_addresses(claimed)
            deadline = time.monotonic() + max(settings.OUTBOX_STALE_MINUTES, 1) * 30
            for index, delivery in enumerate(claimed):
                if time.monotonic() > deadline:
                    _give_back(token, claimed[index:], ids[start + size :])
                    return sent
                written = {}  # an automatic e-mail: what went out
                if delivery.builder and delivery.email.lower() in suppressed:
                    _record_end(
                        delivery, DeliveryStatus.BOUNCED, reasons.BOUNCED_BEFORE, token=token
                    )
                    continue
                try:
                    if delivery.channel == Channel.EMAIL:
                        if mail_server_down:
                            raise SendError(mail_server_down, temporary=True)
                        if connection is None:
                            try:
                                opened = get_connection()
                                opened.open()
                            except (smtplib.SMTPException, OSError) as error:
                                # Nothing was sent: failed (resend when the server is
                                # back), never left "sending" for the recovery to call
                                # "interrupted, may have arrived".
                                mail_server_down = reasons.with_detail(
                                    reasons.SERVER_UNREACHABLE, f"{type(error).__name__}: {error}"
                                )
                                raise SendError(mail_server_down, temporary=True) from error
                            connection = opened
                        if delivery.builder:
                            written = email_channel.send_built(delivery, connection=connection)
                            provider_id = ""
                        else:
                            provider_id = email_channel.send(
                                delivery, connection=connection, frames=frames
                            )
                    else:
                        provider_id = whatsapp_channel.send(delivery)
                except NoLongerHolds as skipped:
                    _record_end(delivery, DeliveryStatus.SKIPPED, skipped.reason, token=token)
                    continue
                except SendError as error:
                    retry_at = _record_failure(delivery, error, token=token)
                    if retry_at:
                        retries.add(retry_at)
                    continue
                now = timezone.now()
                Delivery.objects.filter(
                    pk=delivery.pk, claim=token, status=DeliveryStatus.SENDING
                ).update(
                    status=DeliveryStatus.SENT,
                    provider_id=provider_id,
                    sent_at=now,
                    status_at=now,
                    error="",
                    **written,
                )
                sent += 1
    finally:
        if connection is not None:
            connection.close()
        # One later run for the batch: by then every retry it set is due.
        retry_schedule(max(retries) if retries else None)
    return sent


def _record_end(delivery: Delivery, status: str, reason: str, *, token: str) -> None:
    """Not sent, and not to be retried: why (a hard-bounced address, an
    automatic e-mail that no longer holds)."""
    Delivery.objects.filter(pk=delivery.pk, claim=token, status=DeliveryStatus.SENDING).update(
        status=status, error=reason[:300], status_at=timezone.now()
    )


def _bounced_addresses(claimed: Sequence[Delivery]) -> set[str]:
    """Of these automatic deliveries' addresses, those that bounced hard
    before: not tried again (docs/messages.md); one query, none without
    automatic deliveries."""
    addresses = {d.email.lower() for d in claimed if d.builder and d.email}
    if not addresses:
        return set()
    return set(
        Suppression.objects.filter(
            address__in=addresses, reason=SuppressionReason.BOUNCED
        ).values_list("address", flat=True)
    )


def retry_delay(attempts: int) -> timedelta | None:
    """How long an automatic delivery that failed for a temporary reason on
    its ``attempts``-th try waits before the next: OUTBOX_RETRY_MINUTES,
    doubling each time; None after OUTBOX_RETRY_ATTEMPTS tries."""
    if attempts >= settings.OUTBOX_RETRY_ATTEMPTS:
        return None
    return timedelta(minutes=settings.OUTBOX_RETRY_MINUTES * 2 ** max(attempts - 1, 0))


def _record_failure(delivery: Delivery, error: SendError, *, token: str) -> datetime | None:
    """Record the failure; when to retry it (an automatic delivery that
    failed for a temporary reason), or None."""
    status = DeliveryStatus.BOUNCED if error.bounced else DeliveryStatus.FAILED
    now = timezone.now()
    delay = retry_delay(delivery.attempts) if delivery.builder and error.temporary else None
    retry_at = now + delay if delay else None
    Delivery.objects.filter(pk=delivery.pk, claim=token, status=DeliveryStatus.SENDING).update(
        status=status, error=str(error)[:300], status_at=now, retry_at=retry_at
    )
    if error.bounced:
        address = delivery.email if delivery.channel == Channel.EMAIL else delivery.phone
        if address:
            suppression_add(address=address, reason=SuppressionReason.BOUNCED)
    return retry_at


def retry_schedule(at: datetime | None) -> None:
    """Ask the task queue to retry what is due at ``at`` (when it can run a
    task later; ``outbox_recover`` retries what is due anyway)."""
    from outbox.tasks import retry_deliveries

    if at is None or not retry_deliveries.get_backend().supports_defer:
        return
    retry_deliveries.using(run_after=at).enqueue()


def deliveries_retry_due(*, now: datetime | None = None) -> int:
    """Queue again the automatic deliveries whose retry time has come."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            status=DeliveryStatus.FAILED, retry_at__isnull=False, retry_at__lte=now
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not due:
        return 0
    Delivery.objects.filter(pk__in=due, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.QUEUED, retry_at=None, claim="", claimed_at=None, status_at=now
    )
    deliveries_dispatch(delivery_ids=due)
    return len(due)


def deliveries_recover(*, now: datetime | None = None) -> dict[str, int]:
    """After a worker died: of each chunk it claimed long ago, the lowest
    delivery still "sending" was in flight and becomes failed ("interrupted",
    perhaps sent); the chunk's others were never tried and are queued again,
    with every delivery queued more than OUTBOX_STALE_MINUTES ago that no
    worker took (its task was lost). Those are marked queued now, so a
    backlog the workers are still working through is queued again at most
    once per OUTBOX_STALE_MINUTES, not at every run."""
    now = now or timezone.now()
    stale_before = now - timedelta(minutes=settings.OUTBOX_STALE_MINUTES)
    in_flight, untried, chunks = [], [], set()
    for pk, claim in (
        Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stale_before)
        .order_by("pk")
        .values_list("pk", "claim")
    ):
        if claim and claim in chunks:
            untried.append(pk)
        else:
            in_flight.append(pk)
            chunks.add(claim)
    interrupted = Delivery.objects.filter(pk__in=in_flight, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED,
        error=reasons.INTERRUPTED,
        status_at=now,
    )
    Delivery.objects.filter(pk__in=untried, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.QUEUED,
        claim="",
        claimed_at=None,
        attempts=F("attempts") - 1,
        status_at=stale_before,
    )
    waiting = Delivery.objects.filter(
        status=DeliveryStatus.QUEUED, channel__in=SENT_BY_WORKER, status_at__lte=stale_before
    )
    by_channel: dict[str, list[int]] = {}
    for pk, channel in waiting.order_by("pk").values_list("pk", "channel"):
        by_channel.setdefault(channel, []).append(pk)
    queued = 0
    for channel, ids in by_channel.items():
        queued += Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).update(
            status_at=now
        )
        _dispatch_ids(ids, queue="email" if channel == Channel.EMAIL else "default")
    retried = deliveries_retry_due(now=now)
    return {"interrupted": interrupted, "queued": queued, "retried": retried}


def deliveries_resend_failed(*, message: Message) -> int:
    """Queue the failed deliveries of ``message`` again (bounced addresses
    stay: they were refused; erased recipients too)."""
    with transaction.atomic():
        count = Delivery.objects.filter(
            message=message,
            status=DeliveryStatus.FAILED,
            channel__in=SENT_BY_WORKER,
            erased_at__isnull=True,
        ).update(status=DeliveryStatus.QUEUED, error="", retry_at=None, status_at=timezone.now())
        if count:
            transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return count


def delivery_mark_sent(*, delivery: Delivery, actor) -> bool:
    """The organiser sent this wa.me message by hand; False if it already was."""
    if delivery.channel != Channel.WA_LINK:
        raise OutboxError("Only a message sent by hand can be marked.", code="not_by_hand")
    now = timezone.now()
    return (
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.SENT, sent_at=now, status_at=now, marked_by=actor
        )
        == 1
    )


def delivery_status_record(
    *, provider_id: str, status: str, at: datetime | None = None, error: str = ""
) -> bool:
    """What the provider says became of a message (the WhatsApp webhook).
    Statuses only move forward (sent → delivered → read); "failed" ends it."""
    at = at or timezone.now()
    deliveries = Delivery.objects.filter(provider_id=provider_id, channel=Channel.WHATSAPP)
    if status == "failed":
        return (
            deliveries.exclude(status=DeliveryStatus.FAILED).update(
                status=DeliveryStatus.FAILED, error=error[:300], status_at=at
            )
            > 0
        )
    if status not in PROGRESS:
        return False
    earlier = PROGRESS[: PROGRESS.index(status)]
    return (
        deliveries.filter(Q(status__in=earlier) | Q(status=DeliveryStatus.SENDING)).update(
            status=status, status_at=at
        )
        > 0
    )


def suppression_add(*, address: str, reason: str) -> Suppression:
    suppression, _created = Suppression.objects.get_or_create(
        address=address.strip().lower(), defaults={"reason": reason}
    )
    return suppression
