"""Issue 17, "My data": the person's choices about each event's messages
(announcements, WhatsApp), shown and changed there with the ticket page's
views and rule (participants.services.privacy.message_choice_refusal), and in
the data download."""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from participants.errors import RegistrationError
from participants.models.registrations import RegistrationStatus
from participants.services.privacy import (
    MessageChoice,
    message_choice_refusal,
    message_choices_open,
    registration_announcements_resubscribe,
    registration_announcements_unsubscribe,
    registration_whatsapp_consent,
    registration_whatsapp_withdraw,
)
from tests import factories

pytestmark = pytest.mark.django_db

OWN_DATA = reverse("participants:own_data")
CHOICE_URLS = [
    "participants:ticket_announcements_unsubscribe",
    "participants:ticket_announcements_resubscribe",
    "participants:ticket_whatsapp_consent",
    "participants:ticket_whatsapp_withdraw",
]


@pytest.fixture
def siti():
    user = factories.participant_user(email="siti@example.org")
    participant = factories.ParticipantFactory(user=user, email="siti@example.org")
    return user, participant


def _card(page, registration) -> str:
    """The part of the Messages section about one registration."""
    marker = f'data-registration="{registration.pk}"'
    assert marker in page.text
    return page.text.split(marker, 1)[1].split("</article>", 1)[0]


def _url(name, registration) -> str:
    return reverse(name, kwargs={"pk": registration.pk})


def test_the_page_shows_each_own_registration_and_its_choices(client, siti):
    user, participant = siti
    agreed = factories.RegistrationFactory(
        participant=participant,
        event__title="Bimtek Smart City",
        whatsapp_consent=True,
        whatsapp_consent_at=timezone.now(),
    )
    quiet = factories.RegistrationFactory(participant=participant, event__title="Bimtek SPBE")
    registration_announcements_unsubscribe(registration=quiet)
    someone_else = factories.RegistrationFactory(event__title="Bimtek Orang Lain")
    client.force_login(user)

    page = client.get(OWN_DATA)

    assert page.status_code == 200
    assert "Bimtek Smart City" in page.text and "Bimtek SPBE" in page.text
    assert "Bimtek Orang Lain" not in page.text
    assert f'data-registration="{someone_else.pk}"' not in page.text
    first = _card(page, agreed)
    assert "Anda menerima pengumuman dari panitia" in first
    assert 'data-testid="announcements-unsubscribe"' in first
    assert "Anda menyetujui menerima informasi tentang kegiatan ini" in first
    assert 'data-testid="whatsapp-withdraw"' in first
    assert _url("participants:ticket_whatsapp_withdraw", agreed) in first
    second = _card(page, quiet)
    assert 'data-testid="ticket-unsubscribed"' in second
    assert 'data-testid="announcements-resubscribe"' in second
    assert 'data-testid="whatsapp-consent-give"' in second  # has a number, not agreed


def test_unsubscribing_on_my_data_comes_back_there_and_is_audited(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(participant=participant)
    client.force_login(user)

    response = client.post(
        _url("participants:ticket_announcements_unsubscribe", registration),
        {"next": OWN_DATA + "#messages"},
    )
    page = client.get(OWN_DATA)

    assert response.status_code == 302 and response["Location"] == OWN_DATA + "#messages"
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is not None
    entry = AuditEntry.objects.get(action="registration.announcements_unsubscribe")
    assert entry.actor == user and entry.event == registration.event
    card = _card(page, registration)
    assert 'data-testid="ticket-unsubscribed"' in card
    assert 'data-testid="announcements-resubscribe"' in card


def test_taking_them_again_on_my_data(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(participant=participant)
    registration_announcements_unsubscribe(registration=registration)
    client.force_login(user)

    response = client.post(
        _url("participants:ticket_announcements_resubscribe", registration),
        {"next": OWN_DATA + "#messages"},
    )

    assert response["Location"] == OWN_DATA + "#messages"
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is None
    assert AuditEntry.objects.filter(
        action="registration.announcements_resubscribe", actor=user
    ).exists()


def test_whatsapp_consent_given_and_withdrawn_on_my_data(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(participant=participant)
    client.force_login(user)
    back = {"next": OWN_DATA + "#messages"}

    client.post(_url("participants:ticket_whatsapp_consent", registration), back)
    registration.refresh_from_db()
    given = (registration.whatsapp_consent, registration.whatsapp_consent_at)
    client.post(_url("participants:ticket_whatsapp_withdraw", registration), back)
    registration.refresh_from_db()
    download = json.loads(client.get(reverse("participants:own_data_download")).content)

    assert given[0] is True and given[1] is not None
    # The withdrawal keeps its time, in the download too.
    assert registration.whatsapp_consent is False
    assert registration.whatsapp_consent_at >= given[1]
    (row,) = download["registrations"]
    assert row["whatsapp_consent"] is False
    assert row["whatsapp_choice_at"] == registration.whatsapp_consent_at.isoformat()
    assert (
        AuditEntry.objects.filter(actor=user)
        .filter(action__in=["registration.whatsapp_consent", "registration.whatsapp_withdraw"])
        .count()
        == 2
    )


@pytest.mark.parametrize("name", CHOICE_URLS)
def test_another_persons_registration_answers_404_and_stays(client, siti, name):
    user, _ = siti
    other = factories.RegistrationFactory(whatsapp_consent=True)
    if name.endswith("resubscribe"):
        registration_announcements_unsubscribe(registration=other)
    other.refresh_from_db()
    before = (other.whatsapp_consent, other.announcements_unsubscribed_at)
    client.force_login(user)

    response = client.post(_url(name, other), {"next": OWN_DATA})

    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.whatsapp_consent, other.announcements_unsubscribed_at) == before


@pytest.mark.parametrize("name", CHOICE_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    registration = factories.RegistrationFactory()

    response = client.post(_url(name, registration), {"next": OWN_DATA})

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    registration.refresh_from_db()
    assert registration.announcements_unsubscribed_at is None


def test_anonymous_visitors_are_sent_to_log_in_from_my_data(client):
    response = client.get(OWN_DATA)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_next_to_another_site_goes_back_to_the_ticket(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(participant=participant)
    client.force_login(user)

    response = client.post(
        _url("participants:ticket_announcements_unsubscribe", registration),
        {"next": "https://evil.example/phish"},
    )

    assert response["Location"] == registration.get_absolute_url()


def test_a_cancelled_registration_can_say_no_but_not_yes(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(
        participant=participant, status=RegistrationStatus.CANCELLED
    )
    client.force_login(user)

    page = client.get(OWN_DATA)
    refused = client.post(
        _url("participants:ticket_whatsapp_consent", registration), {"next": OWN_DATA}
    )
    registration.refresh_from_db()
    consent_after_refusal = registration.whatsapp_consent
    client.post(
        _url("participants:ticket_announcements_unsubscribe", registration), {"next": OWN_DATA}
    )
    registration.refresh_from_db()

    card = _card(page, registration)
    assert 'data-testid="announcements-unsubscribe"' in card
    assert 'data-testid="whatsapp-consent-give"' not in card
    assert refused["Location"] == OWN_DATA
    assert [str(m) for m in get_messages(refused.wsgi_request)] == [
        "Pendaftaran ini sudah tidak aktif."
    ]
    assert consent_after_refusal is False
    assert registration.announcements_unsubscribed_at is not None


def test_an_erased_person_sees_why_and_no_buttons(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(participant=participant, whatsapp_consent=True)
    participant.erased_at = timezone.now()
    participant.phone = ""
    participant.save()
    client.force_login(user)

    page = client.get(OWN_DATA)
    response = client.post(
        _url("participants:ticket_whatsapp_withdraw", registration), {"next": OWN_DATA}
    )

    card = _card(page, registration)
    assert 'data-testid="choices-erased"' in card
    assert "<form" not in card
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Data kontak Anda sudah dihapus: tidak ada lagi pesan yang dikirim kepada Anda."
    ]
    assert AuditEntry.objects.filter(action="registration.whatsapp_withdraw").count() == 0


def test_the_rule(siti):
    _, participant = siti
    active = factories.RegistrationFactory(participant=participant)
    cancelled = factories.RegistrationFactory(
        participant=participant, status=RegistrationStatus.CANCELLED, whatsapp_consent=True
    )
    no_phone = factories.RegistrationFactory(participant__phone="")

    assert message_choices_open(active) == {
        MessageChoice.WHATSAPP_CONSENT,
        MessageChoice.ANNOUNCEMENTS_UNSUBSCRIBE,
    }
    assert message_choices_open(cancelled) == {
        MessageChoice.WHATSAPP_WITHDRAW,
        MessageChoice.ANNOUNCEMENTS_UNSUBSCRIBE,
    }
    refusal = message_choice_refusal(cancelled, MessageChoice.ANNOUNCEMENTS_RESUBSCRIBE)
    assert refusal is not None and refusal.code == "not_active"
    assert message_choice_refusal(no_phone, MessageChoice.WHATSAPP_CONSENT).code == "no_phone"
    assert MessageChoice.WHATSAPP_CONSENT not in message_choices_open(no_phone)


def test_the_services_keep_the_rule(siti):
    _, participant = siti
    cancelled = factories.RegistrationFactory(
        participant=participant, status=RegistrationStatus.CANCELLED
    )
    registration_announcements_unsubscribe(registration=cancelled)
    no_phone = factories.RegistrationFactory(participant__phone="")

    with pytest.raises(RegistrationError) as not_active:
        registration_announcements_resubscribe(registration=cancelled, actor=None)
    with pytest.raises(RegistrationError) as no_number:
        registration_whatsapp_consent(registration=no_phone, actor=None)

    assert not_active.value.code == "not_active" and no_number.value.code == "no_phone"
    cancelled.refresh_from_db()
    no_phone.refresh_from_db()
    assert cancelled.announcements_unsubscribed_at is not None
    assert no_phone.whatsapp_consent is False
    # A choice already made changes nothing and records nothing.
    assert registration_whatsapp_withdraw(registration=no_phone, actor=None) is False
    assert registration_announcements_unsubscribe(registration=cancelled) is False
    assert AuditEntry.objects.filter(action="registration.whatsapp_withdraw").count() == 0


def test_the_download_has_the_choices(client, siti):
    user, participant = siti
    registration = factories.RegistrationFactory(
        participant=participant, whatsapp_consent=True, whatsapp_consent_at=timezone.now()
    )
    registration_announcements_unsubscribe(registration=registration)
    registration.refresh_from_db()
    client.force_login(user)

    data = json.loads(client.get(reverse("participants:own_data_download")).content)

    (row,) = data["registrations"]
    assert row["whatsapp_consent"] is True
    assert row["whatsapp_choice_at"] == registration.whatsapp_consent_at.isoformat()
    assert (
        row["announcements_unsubscribed_at"]
        == registration.announcements_unsubscribed_at.isoformat()
    )


def test_the_page_costs_the_same_queries_for_one_registration_or_many(client, siti):
    user, participant = siti
    factories.RegistrationFactory(participant=participant)
    client.force_login(user)
    client.get(OWN_DATA)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as one:
        client.get(OWN_DATA)
    factories.RegistrationFactory.create_batch(4, participant=participant, whatsapp_consent=True)
    with CaptureQueriesContext(connection) as five:
        page = client.get(OWN_DATA)

    assert page.text.count('data-testid="own-messages-registration"') == 5
    assert len(five) == len(one)
