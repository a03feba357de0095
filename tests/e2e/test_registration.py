"""A participant registers on a phone: signs up on the way, verifies the
address, fills the form, gets the e-mail, and shows the QR in My tickets."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from participants.models import Registration
from tests.factories import EventFactory, InstitutionFactory, SessionFactory

PASSWORD = "Bimtek-Tanjungpinang-2026"


def _wait_for_mail(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [message for message in mail.outbox if predicate(message)]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no such e-mail; outbox: {[m.subject for m in mail.outbox]}")


@pytest.mark.django_db(transaction=True)
def test_participant_registers_on_a_phone_and_shows_the_qr(new_context, live_server):
    event = EventFactory(title="Bimtek Smart City Tahap II", capacity=40)
    SessionFactory(event=event, title="Pembukaan")
    InstitutionFactory(name="Dinas Komunikasi dan Informatika Kota Tanjungpinang")
    page = new_context(phone=True).new_page()

    # The public event page: the call to action in its true state.
    page.goto(event.get_absolute_url())
    panel = page.get_by_test_id("registration-panel")
    expect(panel).to_contain_text("40")
    panel.get_by_test_id("register-button").click()

    # Sign up on the way (allauth), then verify the address from the e-mail.
    page.locator("input[name=email]").fill("siti.rahmawati@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    verification = _wait_for_mail(lambda m: "siti.rahmawati@example.org" in m.to)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", verification.body).group(1)
    page.goto(link)
    page.locator("form button[type=submit]").last.click()

    # Back on the registration form, signed in.
    expect(page.get_by_test_id("registration-form")).to_be_visible()
    expect(page.get_by_test_id("account-email")).to_have_text("siti.rahmawati@example.org")
    page.locator("input[name=full_name]").fill("Siti Rahmawati")
    page.locator("input[name=title_back]").fill("S.Kom., M.T.")
    page.locator("input[name=employment][value=pns]").check()
    page.locator("input[name=nip]").fill("19850312 201001 2 003")
    page.locator("select[name=pangkat_golongan]").select_option("III/c")
    page.locator("input[name=jabatan]").fill("Pranata Komputer Ahli Muda")
    page.locator("select[name=institution]").select_option(
        label="Dinas Komunikasi dan Informatika Kota Tanjungpinang"
    )
    page.locator("input[name=phone]").fill("0812-3456-7890")
    page.locator("input[name=consent]").check()
    whatsapp = page.locator("input[name=whatsapp_consent]")
    expect(whatsapp).not_to_be_checked()  # UU PDP: a separate choice, unticked
    whatsapp.check()
    page.get_by_test_id("submit-registration").click()

    # The ticket, with its QR code big enough for the door.
    qr = page.get_by_test_id("ticket-qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 300  # most of a 360-px screen
    registration = Registration.objects.get(event=event)
    assert registration.status == "approved"
    assert registration.whatsapp_consent is True

    # The WhatsApp consent, withdrawn on the ticket page.
    page.get_by_test_id("whatsapp-withdraw").click()
    expect(page.get_by_test_id("whatsapp-consent")).to_contain_text("e-mail")
    expect(page.get_by_test_id("whatsapp-withdraw")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.whatsapp_consent is False

    # The e-mail with the QR code and the PDF ticket.
    confirmation = _wait_for_mail(
        lambda m: m.to == ["siti.rahmawati@example.org"] and event.title in m.subject
    )
    assert any(
        getattr(attachment, "filename", None) == f"tiket-{event.code}.pdf"
        or (isinstance(attachment, tuple) and attachment[0] == f"tiket-{event.code}.pdf")
        for attachment in confirmation.attachments
    )

    # My tickets, from the navigation.
    page.get_by_role("button", name="Menu").click()
    page.get_by_test_id("nav-role-items").get_by_role("link", name="Tiket saya").click()
    card = page.get_by_test_id("ticket-card")
    expect(card).to_have_count(1)
    expect(card.locator("svg")).to_be_visible()
    expect(card).to_contain_text(event.title)
