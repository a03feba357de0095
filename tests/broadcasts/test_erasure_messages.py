"""Issue 17, UU PDP: the messages sent to a person are erased with their data
(their request, completed by an organiser) and after the event's retention
period — name, address, text and links blanked, status and counts kept —
and a delivery not sent yet is never sent afterwards."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from broadcasts.integrations import messages_erase
from outbox.erasure import ERASED_BEFORE_SENDING
from outbox.models import Channel, Delivery, DeliveryStatus, Message
from outbox.selectors import delivery_counts
from outbox.services import (
    Recipient,
    deliveries_recover,
    deliveries_resend_failed,
    deliveries_send,
    message_create,
)
from participants.models import Registration
from participants.services.privacy import (
    erasure_request_complete,
    erasure_request_create,
    personal_data_erase_expired,
)
from tests import factories

pytestmark = pytest.mark.django_db

BLANKED = ("name", "email", "phone", "language", "subject", "body", "unsubscribe_url")


def _recipient(registration, key_suffix="", *, channel=Channel.EMAIL) -> Recipient:
    participant = registration.participant
    return Recipient(
        key=f"registration:{registration.pk}{key_suffix}",
        name=participant.full_name,
        channel=channel,
        subject=f"Info teknis untuk {participant.full_name}",
        body=f"Yth. {participant.full_name}, tiket Anda: https://bimtek.test/t/{registration.pk}",
        email=participant.email,
        phone="+6281234567890" if channel != Channel.EMAIL else "",
        language="id",
        unsubscribe_url=f"https://bimtek.test/u/{registration.pk}",
    )


def _send(event, *recipients) -> Message:
    return message_create(
        topic=f"event:{event.pk}",
        subject="Info teknis",
        body="Yth. {nama}",
        created_by=None,
        recipients=list(recipients),
    )


@pytest.fixture
def siti(event):
    user = factories.participant_user(email="siti@example.org")
    participant = factories.ParticipantFactory(
        user=user, full_name="Siti Aminah", email="siti@example.org"
    )
    return factories.RegistrationFactory(event=event, participant=participant)


@pytest.fixture
def budi(event):
    return factories.RegistrationFactory(
        event=event, participant__full_name="Budi Santoso", participant__email="budi@example.org"
    )


def _erase(registration, actor):
    request = erasure_request_create(participant=registration.participant, actor=actor)
    return erasure_request_complete(request=request, actor=actor)


def test_erasure_blanks_the_persons_deliveries_and_keeps_the_counts(
    siti, budi, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        sent = _send(siti.event, _recipient(siti), _recipient(budi))
        queued = _send(siti.event, _recipient(siti, ":confirmed:1"), _recipient(budi))
        by_hand = _send(siti.event, _recipient(siti, channel=Channel.WA_LINK))
    Delivery.objects.filter(message=sent).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
    Delivery.objects.filter(message=sent, email="siti@example.org").update(
        status=DeliveryStatus.BOUNCED, error="550 siti@example.org: no such user"
    )
    counts_before = delivery_counts(sent)

    _erase(siti, organiser)

    mine = Delivery.objects.filter(recipient_key__startswith=f"registration:{siti.pk}")
    assert mine.count() == 3
    for delivery in mine:
        assert all(getattr(delivery, name) == "" for name in BLANKED), delivery.pk
        assert delivery.payload == {} and delivery.erased_at is not None
        assert "siti" not in delivery.error.lower()
    assert mine.get(message=sent).status == DeliveryStatus.BOUNCED  # what became of it stays
    for message in (queued, by_hand):
        skipped = mine.get(message=message)
        assert skipped.status == DeliveryStatus.SKIPPED
        assert skipped.error == ERASED_BEFORE_SENDING
    assert delivery_counts(sent) == counts_before
    # Budi's are untouched, and the messages themselves stay.
    others = Delivery.objects.filter(recipient_key=f"registration:{budi.pk}")
    assert others.count() == 2
    assert all(d.email == "budi@example.org" and "Budi" in d.body for d in others)
    assert others.get(message=queued).status == DeliveryStatus.QUEUED
    assert sent.deliveries.count() == 2
    Message.objects.get(pk=sent.pk)


def test_an_erased_persons_queued_delivery_is_never_sent(
    siti, budi, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = _send(siti.event, _recipient(siti), _recipient(budi))
    ids = list(message.deliveries.values_list("pk", flat=True))

    _erase(siti, organiser)
    # The worker runs the batch queued before the erasure, then the recovery
    # and an organiser's "resend failed" come along.
    deliveries_send(delivery_ids=ids)
    Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        deliveries_resend_failed(message=message)
    deliveries_recover()
    deliveries_send(delivery_ids=ids)

    # Budi's went out the first time and on the resend; Siti's never.
    assert [m.to for m in mail.outbox] == [["budi@example.org"], ["budi@example.org"]]
    erased = message.deliveries.get(recipient_key=f"registration:{siti.pk}")
    assert erased.status == DeliveryStatus.FAILED  # set by this test, not requeued
    assert erased.erased_at is not None and erased.email == ""


def test_a_delivery_being_sent_during_the_erasure_is_not_recovered(
    siti, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = _send(siti.event, _recipient(siti))
    stale = timezone.now() - dt.timedelta(days=1)
    message.deliveries.update(status=DeliveryStatus.SENDING, claim="abc", claimed_at=stale)

    _erase(siti, organiser)
    deliveries_recover()

    delivery = message.deliveries.get()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert mail.outbox == []


def test_automatic_mails_to_an_erased_person_are_not_queued_again(
    siti, organiser, django_capture_on_commit_callbacks
):
    from participants.notifications import Mail, notify

    with django_capture_on_commit_callbacks(execute=False):
        notify(Mail.CONFIRMED, [siti.pk])
    [delivery] = Delivery.objects.filter(recipient_key__startswith=f"registration:{siti.pk}")
    assert delivery.builder

    _erase(siti, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        notify(Mail.CONFIRMED, [siti.pk])
    deliveries_send(delivery_ids=[delivery.pk])

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED and delivery.payload == {}
    assert Delivery.objects.count() == 1  # nothing queued to the erased address
    assert mail.outbox == []


def test_the_download_after_erasure_lists_the_messages_blanked(
    client, siti, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = _send(siti.event, _recipient(siti))
    message.deliveries.update(status=DeliveryStatus.SENT, sent_at=timezone.now())

    _erase(siti, organiser)
    client.force_login(siti.participant.user)
    response = client.get(reverse("participants:own_data_download"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Siti Aminah" not in text.split('"messages"')[1]
    [row] = json.loads(text)["messages"]
    assert row["status"] == "sent"
    assert (row["address"], row["subject"], row["body"]) == ("", "", "")
    assert row["event"] == siti.event.title


def test_the_listener_with_no_registrations_or_events_erases_nothing(siti):
    assert messages_erase(registrations=Registration.objects.none(), events=None) == 0


def past_event(**kwargs):
    return factories.EventFactory(
        start_date=dt.date(2020, 1, 6),
        registration_opens_at=dt.datetime(2019, 12, 1, tzinfo=dt.UTC),
        **kwargs,
    )


def test_retention_blanks_every_delivery_about_an_expired_event(
    event, django_capture_on_commit_callbacks
):
    past = past_event(retention_days=30)
    account_holder = factories.RegistrationFactory(
        event=past, participant__user=factories.participant_user()
    )
    no_account = factories.RegistrationFactory(event=past)
    current = factories.RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=False):
        old = _send(past, _recipient(account_holder), _recipient(no_account))
        kept = _send(event, _recipient(current))
    old.deliveries.update(status=DeliveryStatus.DELIVERED)

    report = personal_data_erase_expired()
    again = personal_data_erase_expired()
    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)

    assert report.erased["messages"] == 2
    assert again.erased["messages"] == 0  # each once
    assert "messages: 0" in out.getvalue()
    for delivery in old.deliveries.all():
        assert all(getattr(delivery, name) == "" for name in BLANKED)
        assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery_counts(old)["delivered"] == 2
    # The account holder keeps their profile (they manage it), not the texts.
    account_holder.participant.refresh_from_db()
    assert account_holder.participant.erased_at is None
    assert kept.deliveries.get().body.startswith("Yth.")
    assert kept.deliveries.get().erased_at is None


def test_the_organiser_sees_the_erased_recipient_without_their_data(
    client, siti, budi, organiser, django_capture_on_commit_callbacks
):
    from participants.notifications import Mail, notify

    with django_capture_on_commit_callbacks(execute=False):
        notify(Mail.CONFIRMED, [siti.pk, budi.pk])
    _erase(siti, organiser)
    client.force_login(organiser)
    automatic = Message.objects.get(kind="confirmed")

    page = client.get(
        reverse(
            "broadcasts:automatic_detail", kwargs={"code": siti.event.code, "pk": automatic.pk}
        ),
        HTTP_ACCEPT_LANGUAGE="id",
    )

    assert page.status_code == 200
    assert "Siti Aminah" not in page.text and "siti@example.org" not in page.text
    assert "Budi Santoso" in page.text
    assert "Data penerima telah dihapus" in page.text
    assert "data penerima telah dihapus: tidak dikirim" in page.text


def test_the_wa_list_offers_nothing_for_an_erased_recipient(
    client, event, organiser, django_capture_on_commit_callbacks
):
    from broadcasts.models import Broadcast

    registration = factories.RegistrationFactory(
        event=event,
        participant__full_name="Siti Aminah",
        participant__phone="+6281234567890",
        whatsapp_consent=True,
    )
    client.force_login(organiser)
    client.post(
        reverse("broadcasts:compose", kwargs={"code": event.code}),
        {
            "statuses": ["approved"],
            "channel": "wa_link",
            "subject": "Info teknis",
            "body": "Yth. {nama}, bawa laptop.",
            "send": "1",
        },
    )
    broadcast = Broadcast.objects.get()
    _erase(registration, organiser)

    page = client.get(broadcast.get_absolute_url())

    assert "Siti Aminah" not in page.text
    assert "https://wa.me/" not in page.text and 'data-testid="wa-mark-sent"' not in page.text
    assert 'data-testid="delivery-erased"' in page.text
