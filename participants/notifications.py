"""Queue participants' e-mails once the change that causes them is committed.

Services call ``notify(...)``; the e-mail itself is rendered and sent by a
background task (participants.tasks, queue "email") in the participant's
language. Enqueueing after commit means a rolled-back change never e-mails
anyone, and a worker never looks for a row that is not yet visible.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from django.db import transaction

CHUNK = 50  # registrations per task: a 5,000-row import is 100 tasks, not 5,000

_muted: ContextVar[bool] = ContextVar("participants_notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Send no participant e-mail for what happens inside the block.

    For generated data only (seed_demo): its people are invented, and their
    welcome mails would wait in the queue of a demo that has no worker."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


class Mail(StrEnum):
    RECEIVED = "received"  # awaiting the organiser's approval
    CONFIRMED = "confirmed"  # approved: the ticket, with QR and PDF
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"  # from the waiting list to a seat: the ticket
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    REISSUED = "reissued"  # a new ticket; the old QR no longer works
    REMINDER = "reminder"  # the day before
    EVENT_CANCELLED = "event_cancelled"


def notify(kind: Mail, registration_ids: Iterable[int]) -> None:
    ids = sorted(set(registration_ids))
    if not ids or _muted.get():
        return

    def enqueue() -> None:
        from participants.tasks import send_registration_emails

        for start in range(0, len(ids), CHUNK):
            send_registration_emails.enqueue(
                registration_ids=ids[start : start + CHUNK], kind=str(kind)
            )

    transaction.on_commit(enqueue)


def notify_invitation(invitation_id: int) -> None:
    if _muted.get():
        return

    def enqueue() -> None:
        from participants.tasks import send_invitation_email

        send_invitation_email.enqueue(invitation_id=invitation_id)

    transaction.on_commit(enqueue)
