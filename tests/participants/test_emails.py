"""Participants' e-mails: automatic messages of the outbox, queued in the
change's transaction and sent by its worker in the person's language, with
the ticket (QR inline, PDF attached) when they carry one."""

import datetime as dt
import io
from email.mime.image import MIMEImage

import pytest
import zxingcpp
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from bimtek import extensions
from bimtek.models.events import EventStatus
from outbox.models import Delivery, DeliveryStatus, Message
from outbox.services import deliveries_retry_due
from participants.models.registrations import RegistrationStatus
from participants.notifications import Mail, muted, notify, notify_invitation
from participants.services.invitations import invitation_create
from participants.services.registrations import registration_cancel, registration_create
from participants.services.reminders import reminders_queue
from tests.certificates.pdfcheck import qr_texts
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    ParticipantFactory,
    RegistrationFactory,
    organiser_user,
    participant_user,
)

pytestmark = pytest.mark.django_db


def _qr_image(message) -> bytes:
    [image] = [a for a in message.attachments if isinstance(a, MIMEImage)]
    return image


def _pdf(message) -> bytes:
    [pdf] = [a for a in message.attachments if not isinstance(a, MIMEImage)]
    return pdf


def _notify(capture, kind, registrations):
    with capture(execute=True):
        notify(kind, [r.pk for r in registrations])


def _decode(png: bytes) -> str:
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return barcode.text


def test_confirmation_carries_the_qr_inline_and_the_pdf_ticket(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    participant = ParticipantFactory(full_name="Siti <b>Rahma</b>", email="siti@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(event=event, participant=participant)

    [message] = mail.outbox
    assert message.to == ["siti@example.org"]
    assert event.title in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "cid:ticket-qr" in html
    assert "Siti &lt;b&gt;Rahma&lt;/b&gt;" in html  # markup shown literally
    image = _qr_image(message)
    assert image["Content-ID"] == "<ticket-qr>"
    assert _decode(image.get_payload(decode=True)) == registration.token
    filename, content, content_type = _pdf(message)
    assert filename == f"tiket-{event.code}.pdf" and content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert "Siti <b>Rahma</b>" in reader.pages[0].extract_text()
    assert qr_texts(content) == [registration.token]  # vector runs, read from the printed page


def test_subject_shows_markup_in_the_event_title_literally(django_capture_on_commit_callbacks):
    event = EventFactory(title="Bimtek <Literasi> & Keamanan Siber")

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, participant=ParticipantFactory())

    [message] = mail.outbox
    assert message.subject.endswith("Bimtek <Literasi> & Keamanan Siber")
    assert "&amp;" not in message.subject and "&lt;" not in message.subject


def test_invitation_subject_shows_markup_in_the_event_title_literally(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title="Bimtek <Literasi> & Keamanan Siber", registration_mode="both")

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            event=event,
            institution=InstitutionFactory(),
            quota=2,
            contact_name="Ibu Sekretaris",
            contact_email="umum@example.org",
            actor=organiser_user(),
        )

    [message] = mail.outbox
    assert message.subject.endswith("Bimtek <Literasi> & Keamanan Siber")


def test_email_is_in_the_language_of_the_account(django_capture_on_commit_callbacks):
    user = participant_user(language="en")
    registration = RegistrationFactory(participant__user=user)

    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, [registration])

    assert mail.outbox[0].subject.startswith("[Bimtek] Your ticket")


def test_email_without_account_is_in_the_language_used_to_register(
    django_capture_on_commit_callbacks,
):
    english = RegistrationFactory(participant__language="en")
    indonesian = RegistrationFactory(participant__language="")

    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, [english, indonesian])

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[english.participant.email].startswith("[Bimtek] Your ticket")
    assert subjects[indonesian.participant.email].startswith("[Bimtek] Tiket Anda")


def test_people_without_an_account_are_told_how_to_see_their_tickets(
    django_capture_on_commit_callbacks,
):
    registration = RegistrationFactory(participant__user=None)

    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, [registration])

    assert "/accounts/signup/" in mail.outbox[0].body


def test_waitlist_email_tells_the_place_in_line(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    registration_create(event=event, participant=ParticipantFactory())
    registration_create(event=event, participant=ParticipantFactory())

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, participant=ParticipantFactory(email="w@example.org"))

    [message] = mail.outbox
    assert "2" in message.body
    assert not message.attachments  # no ticket while waiting


def test_an_email_queued_for_a_state_that_changed_is_not_sent(
    django_capture_on_commit_callbacks,
):
    registration = RegistrationFactory(participant__language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(Mail.CONFIRMED, [registration.pk])
        # cancelled a moment later, before the worker got to the confirmation
        registration_cancel(registration=registration, actor=None)

    confirmation = Delivery.objects.get(message__kind=Mail.CONFIRMED)
    assert confirmation.status == DeliveryStatus.SKIPPED
    assert "no longer applies" in confirmation.error
    [message] = mail.outbox  # the cancellation only
    assert "cancelled" in message.subject.lower()


def test_each_change_queues_one_delivery_in_the_events_message_of_its_kind(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    first, second = RegistrationFactory(event=event), RegistrationFactory(event=event)

    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, [first])
    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, [second, first])

    [message] = Message.objects.all()
    assert message.key == f"auto:event:{event.pk}:confirmed"
    assert message.topic == f"event:{event.pk}"
    deliveries = list(message.deliveries.order_by("pk"))
    # a confirmation may recur (a resend, approved again): one per occasion
    assert len(deliveries) == 3 and len({d.recipient_key for d in deliveries}) == 3
    sent = deliveries[0]
    assert sent.status == DeliveryStatus.SENT and sent.builder == "participants.registration"
    assert sent.subject == mail.outbox[0].subject and sent.body == mail.outbox[0].body
    assert mail.outbox[0].extra_headers["X-Bimtek-Delivery"] == str(sent.pk)


def test_emails_are_queued_on_the_email_queue_in_batches(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.OUTBOX_BATCH_SIZE = 50
    queued = []

    class Recorder:
        def using(self, **kwargs):
            queued.append(kwargs)
            return self

        def enqueue(self, **kwargs):
            queued[-1].update(kwargs)

    monkeypatch.setattr("outbox.tasks.send_automatic", Recorder())
    event = EventFactory()
    registrations = RegistrationFactory.create_batch(120, event=event)

    _notify(django_capture_on_commit_callbacks, Mail.CONFIRMED, registrations)

    assert {item["queue_name"] for item in queued} == {"email"}
    assert [len(item["keys"]) for item in queued] == [50, 50, 20]


def test_nothing_is_queued_when_the_change_is_rolled_back(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(Mail.CONFIRMED, [registration.pk])
        raise RuntimeError("the change fails after")

    assert not Delivery.objects.exists() and mail.outbox == []


def test_muted_queues_nothing(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()

    with django_capture_on_commit_callbacks(execute=True), muted():
        notify(Mail.CONFIRMED, [registration.pk])
        notify_invitation(InvitationFactory(event=registration.event).pk)

    assert not Delivery.objects.exists() and not Message.objects.exists()


# --- The reminder the day before ----------------------------------------------


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_send_reminders_emails_approved_people_of_tomorrows_events_once(
    django_capture_on_commit_callbacks,
):
    tomorrow = EventFactory(
        start_date=_tomorrow(), end_date=_tomorrow(), registration_closes_at=None
    )
    later = EventFactory()
    approved = RegistrationFactory(event=tomorrow)
    RegistrationFactory(event=tomorrow, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=tomorrow, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=later)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[approved.participant.email]]
    assert "PDF" in mail.outbox[0].body or mail.outbox[0].attachments
    approved.refresh_from_db()
    assert approved.reminder_sent_at is not None


def test_a_reminder_queued_twice_is_sent_once(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(
        event=EventFactory(
            start_date=_tomorrow(), end_date=_tomorrow(), registration_closes_at=None
        )
    )

    _notify(django_capture_on_commit_callbacks, Mail.REMINDER, [registration])
    _notify(django_capture_on_commit_callbacks, Mail.REMINDER, [registration])

    assert len(mail.outbox) == 1
    assert Delivery.objects.get().recipient_key == f"registration:{registration.pk}"


def test_a_reminder_that_failed_for_a_while_is_retried_by_itself(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.OUTBOX_RETRY_MINUTES = 5
    registration = RegistrationFactory(
        event=EventFactory(
            start_date=_tomorrow(), end_date=_tomorrow(), registration_closes_at=None
        )
    )

    def unreachable(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.open", unreachable)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_queue()

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.retry_at is not None
    assert "mail server unreachable" in delivery.error and mail.outbox == []
    assert deliveries_retry_due(now=delivery.retry_at - dt.timedelta(seconds=1)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_retry_due(now=delivery.retry_at) == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert [m.to for m in mail.outbox] == [[registration.participant.email]]


def test_a_reminder_skipped_by_a_cancellation_is_sent_after_registering_again(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(start_date=_tomorrow(), end_date=_tomorrow(), registration_closes_at=None)
    registration = RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks() as queued:
        reminders_queue()
    registration_cancel(registration=registration, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:  # the worker sends it after the cancellation
            callback()
    assert Delivery.objects.get(recipient_key=f"registration:{registration.pk}").status == (
        DeliveryStatus.SKIPPED
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, participant=registration.participant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_queue() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_queue() == 0

    reminder = Delivery.objects.get(recipient_key=f"registration:{registration.pk}")
    assert reminder.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[registration.participant.email]]


# --- The event is cancelled ----------------------------------------------------


def test_cancelling_the_event_emails_everyone_still_registered(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    active = [
        RegistrationFactory(event=event, status=status)
        for status in (
            RegistrationStatus.APPROVED,
            RegistrationStatus.PENDING,
            RegistrationStatus.WAITLISTED,
        )
    ]
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    event.status = EventStatus.CANCELLED
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        for listener in extensions.event_status_listeners.all():
            listener.on_change(
                event=event,
                old_status=EventStatus.PUBLISHED,
                new_status=EventStatus.CANCELLED,
                actor=None,
            )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.participant.email for r in active)
    assert all(event.title in m.subject for m in mail.outbox)


def test_cancelling_the_event_queues_its_mails_in_the_same_transaction(
    django_capture_on_commit_callbacks,
):
    from bimtek.services import event_cancel

    event = EventFactory(status=EventStatus.PUBLISHED)
    registration = RegistrationFactory(event=event)

    with (
        django_capture_on_commit_callbacks(execute=False),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_cancel(actor=organiser_user(), event=event, reason="Gedung dipakai")
        # the deliveries exist already, before any commit
        assert Delivery.objects.filter(message__kind=Mail.EVENT_CANCELLED).count() == 1
        raise RuntimeError("the cancellation is rolled back")
    assert not Delivery.objects.exists()

    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(actor=organiser_user(), event=event, reason="Gedung dipakai")

    [message] = mail.outbox
    assert message.to == [registration.participant.email]
