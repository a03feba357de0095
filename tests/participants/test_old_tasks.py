"""Task rows queued before the upgrade that moved the automatic e-mails into
the outbox still name the old tasks: each forwards to the new queueing, so
no e-mail queued at a deploy is lost (kept for one release)."""

import pytest
from django.core import mail

from certificates import emails as certificate_emails
from outbox.models import Delivery, DeliveryStatus
from participants import tasks
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_an_old_registration_task_queues_the_outbox_delivery_and_sends_it(
    django_capture_on_commit_callbacks,
):
    registration = RegistrationFactory(event=EventFactory())

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_registration_emails.enqueue(registration_ids=[registration.pk], kind="confirmed")

    delivery = Delivery.objects.get()
    assert delivery.recipient_key.startswith(f"registration:{registration.pk}:")
    assert delivery.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[registration.participant.email]]


def test_old_task_paths_are_still_importable():
    assert tasks.send_invitation_email.name == "send_invitation_email"
    assert tasks.notify_event_cancelled.name == "notify_event_cancelled"
    assert certificate_emails.send_certificate_emails.name == "send_certificate_emails"
