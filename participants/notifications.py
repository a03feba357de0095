"""Queue participants' e-mails once the change that causes them is committed.

Services call ``notify(...)``; the e-mail itself is rendered and sent by a
background task (participants.tasks, queue "email") in the participant's
language. Enqueueing after commit means a rolled-back change never e-mails
anyone, and a worker never looks for a row that is not yet visible.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from participants.emails import Mail
from participants.tasks import enqueue_registration_emails, send_invitation_email

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


def is_muted() -> bool:
    """Inside ``muted()``: other apps that e-mail participants (certificates)
    stay silent too."""
    return _muted.get()


def notify(kind: Mail, registration_ids: Iterable[int]) -> None:
    ids = sorted(set(registration_ids))
    if not ids or _muted.get():
        return

    transaction.on_commit(lambda: enqueue_registration_emails(kind=kind, registration_ids=ids))


def notify_invitation(invitation_id: int) -> None:
    if _muted.get():
        return

    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation_id))
