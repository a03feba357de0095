"""The organiser's registration list and its export show each person's
WhatsApp consent and whether they unsubscribed from the event's
announcements (issue 17)."""

import csv
import io

import pytest
from django.urls import reverse

from participants.services.privacy import (
    registration_announcements_unsubscribe,
    registration_whatsapp_withdraw,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(event):
    agreed = factories.RegistrationFactory(
        event=event, participant__full_name="Ani Setuju", whatsapp_consent=True
    )
    gone = factories.RegistrationFactory(event=event, participant__full_name="Budi Berhenti")
    registration_announcements_unsubscribe(registration=gone)
    return agreed, gone


def test_the_list_shows_consent_and_unsubscribed(client, event, organiser, people):
    client.force_login(organiser)

    page = client.get(reverse("participants:organiser_list", kwargs={"code": event.code}))

    rows = {
        name: chunk
        for chunk in page.text.split('data-testid="registration-row"')[1:]
        for name in ("Ani Setuju", "Budi Berhenti")
        if name in chunk
    }
    assert 'data-testid="whatsapp-consent"' in rows["Ani Setuju"]
    assert 'data-testid="unsubscribed"' not in rows["Ani Setuju"]
    assert 'data-testid="whatsapp-no-consent"' in rows["Budi Berhenti"]
    assert 'data-testid="unsubscribed"' in rows["Budi Berhenti"]
    assert "Berhenti berlangganan pengumuman" in rows["Budi Berhenti"]


def test_the_export_has_consent_and_unsubscribed_columns(client, event, organiser, people):
    client.force_login(organiser)

    response = client.get(
        reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": "csv"})
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["Nama lengkap"]: row for row in rows}
    assert by_name["Ani Setuju"]["Setuju dihubungi lewat WhatsApp"] == "Ya"
    assert by_name["Ani Setuju"]["Berhenti berlangganan pengumuman"] == ""
    assert by_name["Budi Berhenti"]["Setuju dihubungi lewat WhatsApp"] == "Tidak"
    assert by_name["Budi Berhenti"]["Berhenti berlangganan pengumuman"] != ""
    assert by_name["Budi Berhenti"]["Waktu pilihan WhatsApp"] == ""


def test_the_export_keeps_when_the_consent_was_withdrawn(client, event, organiser, people):
    agreed, _gone = people
    registration_whatsapp_withdraw(registration=agreed, actor=None)
    client.force_login(organiser)

    response = client.get(
        reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": "csv"})
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    [row] = [row for row in rows if row["Nama lengkap"] == "Ani Setuju"]
    assert row["Setuju dihubungi lewat WhatsApp"] == "Tidak"
    assert row["Waktu pilihan WhatsApp"] != ""


def test_the_holder_sees_on_the_ticket_that_they_unsubscribed(client):
    holder = factories.participant_user(email="pemilik@example.org")
    ticket = factories.RegistrationFactory(participant__user=holder)
    client.force_login(holder)

    before = client.get(ticket.get_absolute_url())
    registration_announcements_unsubscribe(registration=ticket)
    after = client.get(ticket.get_absolute_url())

    assert 'data-testid="ticket-unsubscribed"' not in before.text
    assert 'data-testid="ticket-unsubscribed"' in after.text
    assert "berhenti berlangganan pengumuman" in after.text


def test_the_holder_takes_the_announcements_again_from_the_ticket(client):
    holder = factories.participant_user(email="kembali@example.org")
    ticket = factories.RegistrationFactory(participant__user=holder)
    registration_announcements_unsubscribe(registration=ticket)
    client.force_login(holder)
    url = reverse("participants:ticket_announcements_resubscribe", kwargs={"pk": ticket.pk})

    page = client.get(ticket.get_absolute_url())
    response = client.post(url, follow=True)

    assert 'data-testid="announcements-resubscribe"' in page.text
    ticket.refresh_from_db()
    assert ticket.announcements_unsubscribed_at is None
    assert "pengumuman dari panitia tentang kegiatan ini akan sampai lagi" in response.text
    assert 'data-testid="ticket-unsubscribed"' not in response.text


def test_nobody_else_resubscribes_a_ticket(client):
    ticket = factories.RegistrationFactory()
    registration_announcements_unsubscribe(registration=ticket)
    client.force_login(factories.participant_user(email="lain@example.org"))

    response = client.post(
        reverse("participants:ticket_announcements_resubscribe", kwargs={"pk": ticket.pk})
    )

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.announcements_unsubscribed_at is not None


def test_the_holder_agrees_to_whatsapp_from_the_ticket(client):
    holder = factories.participant_user(email="wa@example.org")
    ticket = factories.RegistrationFactory(
        participant__user=holder, participant__phone="+6281234567890"
    )
    client.force_login(holder)
    url = reverse("participants:ticket_whatsapp_consent", kwargs={"pk": ticket.pk})

    page = client.get(ticket.get_absolute_url())
    response = client.post(url, follow=True)

    assert 'data-testid="whatsapp-consent-give"' in page.text and "+6281234567890" in page.text
    ticket.refresh_from_db()
    assert ticket.whatsapp_consent and ticket.whatsapp_consent_at is not None
    assert 'data-testid="whatsapp-withdraw"' in response.text


def test_no_whatsapp_consent_button_without_a_number_and_nobody_elses(client):
    holder = factories.participant_user(email="tanpa@example.org")
    ticket = factories.RegistrationFactory(participant__user=holder, participant__phone="")
    client.force_login(holder)
    assert 'data-testid="whatsapp-consent-give"' not in client.get(ticket.get_absolute_url()).text

    client.force_login(factories.participant_user(email="orang-lain@example.org"))
    response = client.post(
        reverse("participants:ticket_whatsapp_consent", kwargs={"pk": ticket.pk})
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert not ticket.whatsapp_consent
