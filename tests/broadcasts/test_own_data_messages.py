"""Issue 17, "My data": the download has every message sent to the person —
each outbox delivery addressed to one of their registrations (broadcasts and
automatic mails, whose keys carry a suffix) or to their e-mail address, with
its text — and nobody else's."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from broadcasts import services
from broadcasts.models import BroadcastChannel
from broadcasts.selectors import RecipientFilter
from outbox.models import Channel, Delivery, DeliveryStatus
from outbox.services import Recipient, message_create
from tests import factories

pytestmark = pytest.mark.django_db

DOWNLOAD = reverse("participants:own_data_download")


def _send(key: str, subject: str, *, email: str = "", phone: str = "", channel=Channel.EMAIL):
    message_create(
        topic="test",
        subject=subject,
        body=f"Isi {subject}",
        created_by=None,
        recipients=[
            Recipient(
                key=key,
                name="Siti",
                channel=channel,
                subject=subject,
                body=f"Isi {subject} untuk Anda",
                email=email,
                phone=phone,
            )
        ],
    )


@pytest.fixture
def siti():
    user = factories.participant_user(email="siti@example.org")
    participant = factories.ParticipantFactory(user=user, email="siti@example.org")
    registration = factories.RegistrationFactory(
        participant=participant, event__title="Bimtek Smart City"
    )
    return user, participant, registration


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_download_has_the_deliveries_to_the_person(client, siti):
    user, _, registration = siti
    key = f"registration:{registration.pk}"
    _send(key, "Info teknis", email="siti@example.org")
    _send(f"{key}:confirmed:1", "Konfirmasi pendaftaran", email="siti@example.org")
    _send(key + "1", "Bukan untuk Siti (kunci lain)", email="lain@example.org")
    _send("invitation:5", "Undangan ke alamatnya", email="SITI@Example.org")
    _send(key, "Lewat WhatsApp", phone="+6281234567890", channel=Channel.WA_LINK)
    _send("registration:999999", "Orang lain", email="budi@example.org")
    Delivery.objects.filter(subject="Info teknis").update(
        status=DeliveryStatus.SENT, sent_at=timezone.now()
    )

    data = _download(client, user)

    rows = {row["subject"]: row for row in data["messages"]}
    assert set(rows) == {
        "Info teknis",
        "Konfirmasi pendaftaran",
        "Undangan ke alamatnya",
        "Lewat WhatsApp",
    }
    sent = rows["Info teknis"]
    assert sent["body"] == "Isi Info teknis untuk Anda"
    assert (sent["channel"], sent["status"]) == ("email", "sent")
    assert sent["sent_at"] is not None and sent["address"] == "siti@example.org"
    assert sent["event"] == "Bimtek Smart City"
    assert rows["Konfirmasi pendaftaran"]["event"] == "Bimtek Smart City"
    assert rows["Undangan ke alamatnya"]["event"] is None
    assert rows["Lewat WhatsApp"]["address"] == "+6281234567890"
    assert rows["Lewat WhatsApp"]["channel"] == "wa_link"
    entry = AuditEntry.objects.get(action="export.own_data")
    assert entry.changes["rows"] >= 4


def test_a_sent_announcement_is_in_the_download_with_the_choices(
    client, siti, organiser, django_capture_on_commit_callbacks
):
    user, _, registration = siti
    draft = services.Draft(
        channel=BroadcastChannel.EMAIL,
        subject="Info teknis {kegiatan}",
        body="Yth. {nama}, mohon membawa laptop.",
        chosen=RecipientFilter(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.broadcast_send(event=registration.event, actor=organiser, draft=draft)

    data = _download(client, user)

    (row,) = data["messages"]
    assert row["subject"] == "Info teknis Bimtek Smart City"
    assert "mohon membawa laptop" in row["body"]
    assert row["status"] == "sent" and row["sent_at"] is not None
    (registration_row,) = data["registrations"]
    assert registration_row["whatsapp_consent"] is False
    assert registration_row["announcements_unsubscribed_at"] is None


def test_someone_else_sees_none_of_it(client, siti):
    _, _, registration = siti
    _send(f"registration:{registration.pk}", "Info teknis", email="siti@example.org")
    budi = factories.participant_user(email="budi@example.org")
    factories.RegistrationFactory(participant__user=budi, participant__email="budi@example.org")

    data = _download(client, budi)

    assert data["messages"] == []
