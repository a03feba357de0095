"""Participants' e-mails: sent by background tasks, in their language, with
the ticket (QR inline, PDF attached) when they carry one."""

import datetime as dt
import io
from email.mime.image import MIMEImage

import pytest
import zxingcpp
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from bimtek import extensions
from bimtek.models.events import EventStatus
from participants.models.registrations import RegistrationStatus
from participants.notifications import Mail, notify
from participants.services.invitations import invitation_create
from participants.services.registrations import registration_cancel, registration_create
from participants.tasks import send_registration_emails
from tests.factories import (
    EventFactory,
    InstitutionFactory,
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
    [embedded] = reader.pages[0].images
    assert _decode(embedded.data) == registration.token


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


def test_email_is_in_the_language_of_the_account():
    user = participant_user(language="en")
    registration = RegistrationFactory(participant__user=user)

    send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.CONFIRMED)

    assert mail.outbox[0].subject.startswith("[Bimtek] Your ticket")


def test_email_without_account_is_in_the_language_used_to_register():
    english = RegistrationFactory(participant__language="en")
    indonesian = RegistrationFactory(participant__language="")

    send_registration_emails.call(registration_ids=[english.pk, indonesian.pk], kind=Mail.CONFIRMED)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[english.participant.email].startswith("[Bimtek] Your ticket")
    assert subjects[indonesian.participant.email].startswith("[Bimtek] Tiket Anda")


def test_people_without_an_account_are_told_how_to_see_their_tickets():
    registration = RegistrationFactory(participant__user=None)

    send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.CONFIRMED)

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


def test_an_email_queued_for_a_state_that_changed_is_not_sent():
    registration = RegistrationFactory()
    registration_cancel(registration=registration, actor=None)

    sent = send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.CONFIRMED)

    assert sent == 0 and mail.outbox == []


def test_emails_are_queued_on_the_email_queue_in_chunks(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued = []

    class Recorder:
        def enqueue(self, **kwargs):
            queued.append(kwargs)

    monkeypatch.setattr("participants.tasks.send_registration_emails", Recorder())

    with django_capture_on_commit_callbacks(execute=True):
        notify(Mail.CONFIRMED, range(1, 121))

    assert send_registration_emails.queue_name == "email"
    assert [len(item["registration_ids"]) for item in queued] == [50, 50, 20]


def test_nothing_is_queued_when_the_change_is_rolled_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(Mail.CONFIRMED, [1])

    assert len(callbacks) == 1  # it waits for the commit; a rollback drops it


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


def test_a_reminder_queued_twice_is_sent_once():
    registration = RegistrationFactory(
        event=EventFactory(
            start_date=_tomorrow(), end_date=_tomorrow(), registration_closes_at=None
        )
    )

    send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.REMINDER)
    send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.REMINDER)

    assert len(mail.outbox) == 1


def test_a_failed_reminder_is_released_for_the_next_run(monkeypatch):
    registration = RegistrationFactory()

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(RuntimeError):
        send_registration_emails.call(registration_ids=[registration.pk], kind=Mail.REMINDER)

    registration.refresh_from_db()
    assert registration.reminder_sent_at is None


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
