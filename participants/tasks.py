"""The e-mail tasks from before the outbox sent participants' e-mails
(issue 17), kept for one release: a task row queued before the upgrade and
run after it names these paths. Each forwards to the new queueing (one
outbox delivery per person, sent by the outbox's worker), so no e-mail
queued at the deploy is lost. Remove after the next release
(docs/deploy.md)."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from participants import notifications
from participants.emails import Mail
from participants.models import Registration


@task(queue_name="email")
def send_registration_emails(*, registration_ids: list[int], kind: str) -> int:
    mail = Mail(kind)
    with transaction.atomic():
        notifications.notify(mail, registration_ids)
        if mail == Mail.REMINDER:  # the old task noted it when it sent it
            Registration.objects.filter(
                pk__in=registration_ids, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
    return len(registration_ids)


@task(queue_name="email")
def send_invitation_email(*, invitation_id: int) -> bool:
    with transaction.atomic():
        notifications.notify_invitation(invitation_id)
    return True


@task(queue_name="email")
def notify_event_cancelled(*, event_id: int) -> int:
    with transaction.atomic():
        return notifications.notify_event_cancelled(event_id)
