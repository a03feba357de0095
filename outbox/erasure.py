"""Erasing what the outbox keeps about a recipient (UU PDP; docs/security.md).

The outbox knows nothing of people: the app that knows whose deliveries
these are (broadcasts, for a person's registrations or an event past its
retention) chooses them and calls ``deliveries_erase`` inside the erasure's
transaction.
"""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from outbox.models import Delivery, DeliveryStatus

# Why a delivery was not sent: its recipient's data was erased first (stored
# untranslated, shown in the reader's language like every skipped reason).
ERASED_BEFORE_SENDING = gettext_noop("recipient's data erased: not sent")

# Not sent yet: the worker would send them (queued; claimed by a worker
# that died, which the recovery queues again).
NOT_SENT_YET = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)


def deliveries_erase(*, deliveries: QuerySet[Delivery], now: dt.datetime | None = None) -> int:
    """Blank the name, address, language, subject, text, unsubscribe link,
    builder's payload and error of these deliveries (an SMTP error may quote
    the address), once each; keep the message, channel, status and times, so
    a message's counts stay true. Those not sent yet are marked "skipped"
    and are never sent (``erased_at`` keeps them out of every resend and
    retry). Returns how many deliveries were erased; two UPDATEs."""
    now = now or timezone.now()
    chosen = deliveries.filter(erased_at__isnull=True)
    blank = {
        "name": "",
        "email": "",
        "phone": "",
        "language": "",
        "subject": "",
        "body": "",
        "unsubscribe_url": "",
        "payload": {},
        "retry_at": None,
        "erased_at": now,
    }
    skipped = chosen.filter(status__in=NOT_SENT_YET).update(
        status=DeliveryStatus.SKIPPED,
        error=ERASED_BEFORE_SENDING,
        claim="",
        status_at=now,
        **blank,
    )
    return skipped + chosen.update(error="", **blank)
