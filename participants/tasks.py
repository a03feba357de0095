"""Background tasks (Django Tasks API, queue "email"): participants' e-mails.

Each task re-reads the registrations and skips one whose state no longer
matches the e-mail (a confirmation queued for someone who cancelled a second
later is not sent). The reminder is claimed with a conditional UPDATE before
it is sent, so it goes out at most once however often it is queued.
"""

import logging

from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from participants.emails import Mail, invitation_message, language_for, registration_message
from participants.models import Invitation, Registration
from participants.models.registrations import ACTIVE_STATUSES, RegistrationStatus

logger = logging.getLogger(__name__)

CHUNK = 50  # registrations per task: a 5,000-row import is 100 tasks, not 5,000

STATUS_FOR_MAIL = {
    Mail.RECEIVED: {RegistrationStatus.PENDING},
    Mail.CONFIRMED: {RegistrationStatus.APPROVED},
    Mail.PROMOTED: {RegistrationStatus.APPROVED},
    Mail.REISSUED: {RegistrationStatus.APPROVED},
    Mail.REMINDER: {RegistrationStatus.APPROVED},
    Mail.WAITLISTED: {RegistrationStatus.WAITLISTED},
    Mail.REJECTED: {RegistrationStatus.REJECTED},
    Mail.CANCELLED: {RegistrationStatus.CANCELLED},
    Mail.EVENT_CANCELLED: set(ACTIVE_STATUSES),
}


@task(queue_name="email")
def send_registration_emails(*, registration_ids: list[int], kind: str) -> int:
    """E-mail each of these registrations; returns how many were sent."""
    mail = Mail(kind)
    registrations = (
        Registration.objects.filter(pk__in=registration_ids, status__in=STATUS_FOR_MAIL[mail])
        .select_related("event", "participant", "participant__institution", "participant__user")
        .order_by("pk")
    )
    sent, failed = 0, []
    for registration in registrations:
        if mail == Mail.REMINDER and not _claim_reminder(registration):
            continue
        try:
            with translation.override(language_for(registration)):
                registration_message(registration, mail).send()
        except Exception:
            logger.exception("e-mail %s to registration %s failed", kind, registration.pk)
            failed.append(registration.pk)
            if mail == Mail.REMINDER:  # let a later run try again
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
            continue
        sent += 1
    if failed:
        raise RuntimeError(f"{len(failed)} e-mail(s) failed: registrations {failed}")
    return sent


def enqueue_registration_emails(*, kind: Mail, registration_ids: list[int]) -> None:
    """Queue ``send_registration_emails`` for these registrations, CHUNK at a time."""
    for start in range(0, len(registration_ids), CHUNK):
        send_registration_emails.enqueue(
            registration_ids=registration_ids[start : start + CHUNK], kind=str(kind)
        )


def _claim_reminder(registration: Registration) -> bool:
    claimed = Registration.objects.filter(
        Q(pk=registration.pk) & Q(reminder_sent_at__isnull=True)
    ).update(reminder_sent_at=timezone.now())
    return claimed == 1


@task(queue_name="email")
def send_invitation_email(*, invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, revoked_at__isnull=True)
        .select_related("event", "institution")
        .first()
    )
    if invitation is None:
        return False
    invitation_message(invitation).send()
    return True


@task(queue_name="email")
def notify_event_cancelled(*, event_id: int) -> int:
    """Tell everyone still registered that the event is cancelled."""
    ids = list(
        Registration.objects.filter(event_id=event_id, status__in=ACTIVE_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    enqueue_registration_emails(kind=Mail.EVENT_CANCELLED, registration_ids=ids)
    return len(ids)
