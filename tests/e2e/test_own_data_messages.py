"""Issue 17, "My data" on a 360 px phone: the person sees, per event, whether
the organiser's announcements reach them and whether they agreed to WhatsApp;
they unsubscribe from one event's announcements there and see it change,
the other event untouched, and the page never wider than the phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.models import Registration
from tests import factories
from tests.e2e.conftest import sign_in

SHOTS = "/tmp/mydata"


@pytest.mark.django_db(transaction=True)
def test_unsubscribe_from_announcements_on_my_data_on_a_phone(new_context, live_server):
    user = factories.participant_user(email="siti@example.org")
    participant = factories.ParticipantFactory(
        user=user, email="siti@example.org", full_name="Siti Rahmawati"
    )
    smart_city = factories.RegistrationFactory(
        participant=participant,
        event__title="Bimtek Tahap I, Gerakan Menuju 100 Smart City",
    )
    spbe = factories.RegistrationFactory(participant=participant, event__title="Bimtek SPBE")
    factories.RegistrationFactory(event=smart_city.event, participant__full_name="Budi")
    context = new_context(phone=True)
    sign_in(context, user, live_server)
    page = context.new_page()

    page.goto(reverse("participants:own_data"))
    cards = page.get_by_test_id("own-messages-registration")
    expect(cards).to_have_count(2)
    card = page.locator(f'[data-registration="{smart_city.pk}"]')
    expect(card).to_contain_text("Bimtek Tahap I, Gerakan Menuju 100 Smart City")
    expect(card.get_by_test_id("announcements-state")).to_contain_text(
        "Anda menerima pengumuman dari panitia"
    )
    expect(card.get_by_test_id("whatsapp-consent-give")).to_be_visible()
    button = card.get_by_test_id("announcements-unsubscribe")
    expect(button).to_have_text("Berhenti berlangganan pengumuman")
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=f"{SHOTS}/own-data-messages.png", full_page=True)

    button.click()

    expect(page).to_have_url(live_server.url + reverse("participants:own_data") + "#messages")
    expect(page.locator(".messages")).to_contain_text(
        "tidak akan menerima pengumuman tentang kegiatan ini lagi"
    )
    card = page.locator(f'[data-registration="{smart_city.pk}"]')
    expect(card.get_by_test_id("ticket-unsubscribed")).to_contain_text(
        "Anda berhenti berlangganan pengumuman tentang kegiatan ini"
    )
    expect(card.get_by_test_id("announcements-resubscribe")).to_have_text("Terima lagi pengumuman")
    other = page.locator(f'[data-registration="{spbe.pk}"]')
    expect(other.get_by_test_id("announcements-unsubscribe")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=f"{SHOTS}/own-data-unsubscribed.png", full_page=True)
    assert Registration.objects.get(pk=smart_city.pk).announcements_unsubscribed_at is not None
    assert Registration.objects.get(pk=spbe.pk).announcements_unsubscribed_at is None
