"""Participants' automatic e-mails, queued in the outbox inside the
transaction of the change that causes them.

Services call ``notify(...)``: one outbox delivery per person, in the
event's message of that kind ("Konfirmasi pendaftaran", "Pengingat H-1"…,
``outbox.automatic``), created in the caller's transaction — a rolled-back
change queues nothing, a committed one always has its row — and sent after
commit by the outbox's worker, which calls ``participants.automatic``'s
builder in the person's language (``participants.emails.language_for``).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

from outbox.automatic import AutoRecipient, automatic_queue, event_message_key, event_topic
from participants.automatic import (
    INVITATION_BUILDER,
    INVITATION_KIND,
    REGISTRATION_BUILDER,
)
from participants.emails import Mail, language_for
from participants.models import Invitation, Registration
from participants.models.registrations import ACTIVE_STATUSES

__all__ = ["Mail", "is_muted", "muted", "notify", "notify_event_cancelled", "notify_invitation"]

_muted: ContextVar[bool] = ContextVar("participants_notifications_muted", default=False)

# Sent once per registration whatever happens; every other kind may recur
# (confirmed again after a re-registration, a reissued ticket, a resend)
# and is keyed by the moment it was caused.
ONCE = {Mail.REMINDER}


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


def occasion() -> str:
    """A short stamp of now, to tell apart two e-mails of a kind that recurs."""
    return format(int(timezone.now().timestamp() * 1_000_000), "x")


def notify(kind: Mail, registrations: Iterable[int | Registration]) -> None:
    """Queue e-mail ``kind`` to these registrations (ids, or rows read with
    their participant), inside the change's transaction: the ids are read
    in one query, then the outbox's two (three the first time)."""
    if _muted.get():
        return
    registrations = list(registrations)
    rows = {r.pk: r for r in registrations if isinstance(r, Registration)}
    ids = {r for r in registrations if not isinstance(r, Registration)} - set(rows)
    if ids:
        rows.update(
            (r.pk, r)
            for r in Registration.objects.filter(pk__in=ids).select_related(
                "participant", "participant__user"
            )
        )
    if not rows:
        return
    kind = Mail(kind)
    stamp = "" if kind in ONCE else f":{occasion()}"
    by_event: dict[int, list[AutoRecipient]] = {}
    for pk in sorted(rows):
        registration = rows[pk]
        participant = registration.participant
        if participant.erased_at is not None:  # no address any more
            continue
        by_event.setdefault(registration.event_id, []).append(
            AutoRecipient(
                key=f"registration:{registration.pk}{stamp}",
                name=participant.display_name,
                email=participant.email,
                language=language_for(registration),
                payload={"registration": registration.pk, "kind": str(kind)},
            )
        )
    for event_id, recipients in by_event.items():
        automatic_queue(
            key=event_message_key(event_id, kind),
            topic=event_topic(event_id),
            kind=str(kind),
            builder=REGISTRATION_BUILDER,
            recipients=recipients,
            # A kind sent once (the reminder) that was skipped (cancelled
            # before it went out) is queued again when it is caused again
            # (registered again: reminder_sent_at was reset); one already
            # sent or still queued is left as it is.
            renew_skipped=kind in ONCE,
        )


def notify_invitation(invitation_id: int) -> None:
    """Queue the invitation's link to the institution's contact (again)."""
    if _muted.get():
        return
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return
    automatic_queue(
        key=event_message_key(invitation.event_id, INVITATION_KIND),
        topic=event_topic(invitation.event_id),
        kind=INVITATION_KIND,
        builder=INVITATION_BUILDER,
        recipients=[
            AutoRecipient(
                key=f"invitation:{invitation.pk}:{occasion()}",
                name=invitation.contact_name,
                email=invitation.contact_email,
                language=settings.LANGUAGE_CODE,
                payload={"invitation": invitation.pk},
            )
        ],
    )


def notify_event_cancelled(event_id: int) -> int:
    """Tell everyone still registered that the event is cancelled."""
    ids = list(
        Registration.objects.filter(event_id=event_id, status__in=ACTIVE_STATUSES).values_list(
            "pk", flat=True
        )
    )
    notify(Mail.EVENT_CANCELLED, ids)
    return len(ids)
