"""The event's automatic messages on its Messages tab: counts per kind,
each recipient's delivery, sending the failed ones again (written anew);
the event's organisers only."""

import io
from email.mime.image import MIMEImage

import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from django.utils import translation
from PIL import Image

from outbox import reasons
from outbox.models import Delivery, DeliveryStatus, Message
from participants.models.registrations import RegistrationStatus
from participants.notifications import Mail, notify
from participants.services.registrations import registration_cancel, registration_create
from participants.tokens import new_ticket_token
from tests import factories

pytestmark = pytest.mark.django_db


def _register(event, capture, n=2):
    with capture(execute=True):
        return [
            registration_create(event=event, participant=factories.ParticipantFactory())
            for _ in range(n)
        ]


def _list_url(event):
    return reverse("broadcasts:list", kwargs={"code": event.code})


def _detail_url(event, message):
    return reverse("broadcasts:automatic_detail", kwargs={"code": event.code, "pk": message.pk})


def test_the_organiser_sees_each_kind_with_its_counts(
    client, event, organiser, django_capture_on_commit_callbacks
):
    _first, second = _register(event, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=second, actor=None)
    client.force_login(organiser)

    with translation.override("id"):
        page = client.get(_list_url(event), HTTP_ACCEPT_LANGUAGE="id")

    assert page.status_code == 200
    rows = {message.kind: message for message in page.context["automatic"]}
    assert set(rows) == {"confirmed", "cancelled"}
    assert (rows["confirmed"].total, rows["confirmed"].n_sent) == (2, 2)
    assert rows["cancelled"].n_sent == 1
    assert "Konfirmasi pendaftaran" in page.text and "Pendaftaran dibatalkan" in page.text
    assert _detail_url(event, rows["confirmed"]) in page.text


def test_the_recipient_page_shows_what_went_out_and_why_one_was_not_sent(
    client, event, organiser, django_capture_on_commit_callbacks
):
    registration = factories.RegistrationFactory(event=event, participant__full_name="Sari")

    with django_capture_on_commit_callbacks(execute=True):
        notify(Mail.CONFIRMED, [registration.pk])
        notify(Mail.WAITLISTED, [registration.pk])  # no longer waitlisted when sent
    client.force_login(organiser)
    confirmed = Message.objects.get(kind="confirmed")
    waitlisted = Message.objects.get(kind="waitlisted")

    page = client.get(_detail_url(event, confirmed), HTTP_ACCEPT_LANGUAGE="id")
    skipped = client.get(_detail_url(event, waitlisted), HTTP_ACCEPT_LANGUAGE="id")

    assert page.status_code == 200
    assert "Sari" in page.text and registration.participant.email in page.text
    assert mail.outbox[0].subject in page.text  # the subject that went out
    assert "Tidak dikirim" in skipped.text
    assert "Pendaftaran berubah sejak itu" in skipped.text


def test_resend_to_the_failed_writes_the_ticket_anew(
    client, event, organiser, django_capture_on_commit_callbacks, monkeypatch
):
    [registration] = _register(event, django_capture_on_commit_callbacks, n=1)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, error=reasons.INTERRUPTED
    )
    # the organiser reissued the ticket meanwhile: the resend carries the new one
    registration.token = new_ticket_token()
    registration.save(update_fields=["token"])
    mail.outbox.clear()
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "broadcasts:automatic_resend",
                kwargs={"code": event.code, "pk": delivery.message_id},
            )
        )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    [message] = mail.outbox
    [image] = [a for a in message.attachments if isinstance(a, MIMEImage)]
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_payload(decode=True))))
    assert barcode.text == registration.token  # the QR as it is now


@pytest.mark.parametrize("role", ["anonymous", "participant", "door_staff", "other_team"])
def test_only_the_events_organisers_see_automatic_messages(
    client, event, user_for_role, role, django_capture_on_commit_callbacks
):
    _register(event, django_capture_on_commit_callbacks, n=1)
    message = Message.objects.get()
    if role == "other_team":
        user = factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")])
    else:
        user = user_for_role(role)
    if user:
        client.force_login(user)

    detail = client.get(_detail_url(event, message))
    resend = client.post(
        reverse("broadcasts:automatic_resend", kwargs={"code": event.code, "pk": message.pk})
    )

    assert detail.status_code in (302, 403, 404) and resend.status_code in (302, 403, 404)
    if user is not None:
        assert detail.status_code in (403, 404)


def test_another_events_automatic_message_is_not_found_under_this_one(
    client, event, organiser, django_capture_on_commit_callbacks
):
    other = factories.EventFactory()
    _register(other, django_capture_on_commit_callbacks, n=1)
    client.force_login(organiser)

    assert client.get(_detail_url(event, Message.objects.get())).status_code == 404
    assert list(client.get(_list_url(event)).context["automatic"]) == []


def test_a_broadcast_is_not_listed_as_automatic(client, event, organiser):
    factories.RegistrationFactory(event=event, status=RegistrationStatus.APPROVED)
    client.force_login(organiser)
    client.post(
        reverse("broadcasts:compose", kwargs={"code": event.code}),
        {
            "statuses": [RegistrationStatus.APPROVED],
            "channel": "email",
            "subject": "Info teknis",
            "body": "Bawa laptop.",
            "send": "1",
        },
    )

    assert Message.objects.count() == 1
    assert list(client.get(_list_url(event)).context["automatic"]) == []


def test_failures_read_in_the_organisers_language_with_the_detail_apart(
    client, event, organiser, django_capture_on_commit_callbacks
):
    first, second = _register(event, django_capture_on_commit_callbacks)
    message = Message.objects.get(kind="confirmed")
    Delivery.objects.filter(recipient_key__startswith=f"registration:{first.pk}:").update(
        status=DeliveryStatus.FAILED, error=reasons.INTERRUPTED
    )
    Delivery.objects.filter(recipient_key__startswith=f"registration:{second.pk}:").update(
        status=DeliveryStatus.FAILED,
        error=reasons.with_detail(
            reasons.SERVER_UNREACHABLE, "ConnectionRefusedError: [Errno 111]"
        ),
    )
    client.force_login(organiser)

    page = client.get(_detail_url(event, message), HTTP_ACCEPT_LANGUAGE="id")

    assert "terputus: proses pengirim berhenti" in page.text
    assert "server e-mail tidak dapat dihubungi" in page.text
    assert "mail server unreachable" not in page.text and "interrupted:" not in page.text
    assert '<small data-testid="delivery-error-detail">ConnectionRefusedError: [Errno 111]' in (
        page.text
    )
    assert page.text.count("text-bg-danger") == 2
    assert "Kirim ulang ke 2 yang gagal" in page.text
    assert page.context["may_have_arrived"] == 1
    assert "1 di antaranya sedang dikirim saat proses pengirim berhenti" in page.text
    assert "tiket sebagaimana adanya" not in page.text
