"""Journeys across the apps found wanting in the integration pass: pages
built by different people must behave as one product."""

import pytest
from playwright.sync_api import expect

from certificates.services import certificate_issue
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def issued(db):
    """An issued certificate of a participant who attended the one session."""
    event = factories.EventFactory(title="Bimtek Literasi Digital")
    session = factories.SessionFactory(event=event)
    factories.CertificateSettingsFactory(event=event)
    registration = factories.RegistrationFactory(
        event=event, participant__full_name="Siti Rahmawati"
    )
    factories.attend(registration, [session])
    organiser = factories.organiser_user()
    certificate = certificate_issue(actor=organiser, registration=registration)
    return organiser, certificate


def test_revoking_a_certificate_asks_once_and_a_no_keeps_it(new_context, live_server, issued):
    organiser, certificate = issued
    context = new_context(phone=True)
    sign_in(context, organiser, live_server)
    page = context.new_page()
    questions = []
    replies = [False, True]  # first "no", then "yes"

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if replies.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    page.goto(
        f"/organiser/events/{certificate.registration.event.code}/certificates/"
        f"registrations/{certificate.registration.pk}/"
    )
    form = page.get_by_test_id("revoke-form")
    form.get_by_role("textbox").fill("Nama salah ketik")
    form.get_by_role("button", name="Cabut").click()

    expect(form).to_be_visible()
    assert len(questions) == 1 and certificate.number in questions[0]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    with page.expect_navigation():
        form.get_by_role("button", name="Cabut").click()

    assert len(questions) == 2
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoke_reason == "Nama salah ketik"


def test_the_current_tab_is_in_view_on_a_phone(new_context, live_server, issued):
    organiser, certificate = issued
    context = new_context(phone=True)
    sign_in(context, organiser, live_server)
    page = context.new_page()

    page.goto(f"/organiser/events/{certificate.registration.event.code}/certificates/")

    active = page.get_by_test_id("event-menu").locator(".nav-link.active")
    expect(active).to_be_in_viewport()


@pytest.mark.parametrize("width", [1024, 1280])
def test_every_event_tab_is_in_view_on_a_desktop(new_context, live_server, issued, width):
    organiser, certificate = issued
    organiser.language = "en"  # the longer labels
    organiser.save(update_fields=["language"])
    context = new_context(viewport={"width": width, "height": 800})
    sign_in(context, organiser, live_server)
    page = context.new_page()

    page.goto(f"/organiser/events/{certificate.registration.event.code}/")

    expect(page.get_by_role("link", name="History")).to_be_visible()
    menu = page.get_by_test_id("event-menu")
    assert menu.evaluate("menu => menu.scrollWidth <= menu.clientWidth")
    for tab in menu.locator(".nav-link").all():
        expect(tab).to_be_in_viewport()
    # The event's figures side by side: no tile left alone on a second row.
    tops = (
        page.get_by_test_id("event-figures")
        .locator(".figure-box")
        .evaluate_all("boxes => boxes.map(box => Math.round(box.getBoundingClientRect().top))")
    )
    assert len(tops) >= 6 and len(set(tops)) == 1, tops
