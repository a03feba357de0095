"""The organiser's live session page, in a real browser: a scan made at the
door meanwhile (through the check-in API, as a handheld sends it) shows up by
itself in the counts, the charts and the list of who is missing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from checkin.services.devices import door_device_create
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH = 15_000  # the page refreshes every 10 s


def test_live_page_charts_and_missing_list_follow_a_scan(new_context, live_server, playwright):
    organiser = factories.organiser_user()
    event = factories.EventFactory()
    session = factories.open_session(event=event, title="Kebijakan Smart City")
    opd = factories.InstitutionFactory(name="Dinas Kominfo", category=factories.category("opd"))
    banks = factories.category("perbankan")
    bank = factories.InstitutionFactory(name="Bank Riau Kepri", category=banks)
    budi = factories.RegistrationFactory(
        event=event, participant__full_name="Budi Santoso", participant__institution=opd
    )
    rina = factories.RegistrationFactory(
        event=event, participant__full_name="Rina Lestari", participant__institution=bank
    )
    factories.RegistrationFactory(
        event=event, participant__full_name="Siti Aminah", participant__institution=opd
    )
    factories.CheckInFactory(registration=budi, session=session)
    _device, key = door_device_create(user=organiser, name="Pintu utama")

    office = new_context()
    sign_in(office, organiser, live_server)
    panel = office.new_page()
    panel.goto(reverse("checkin:attendance_session", args=[event.code, session.pk]))
    expect(panel.get_by_test_id("live-present")).to_have_text("1")
    expect(panel.get_by_test_id("arrival-chart")).to_have_attribute("data-total", "1")
    bank_bar = panel.locator(f'[data-testid="category-chart"] [data-category="{banks.name}"]')
    expect(bank_bar).to_have_attribute("data-present", "0")
    missing = panel.get_by_test_id("missing-list")
    expect(missing).to_contain_text("Rina Lestari")
    expect(panel.get_by_test_id("missing-count")).to_have_text("2")
    # Something typed in the search field (not sent yet) survives the refreshes.
    panel.locator("#missing-q").fill("Sit")
    refreshed = panel.get_by_test_id("live-panel").get_attribute("data-refreshed")

    door = playwright.request.new_context(
        base_url=live_server.url, extra_http_headers={"Authorization": f"Token {key}"}
    )
    try:
        answer = door.post(
            reverse("api:checkin_create"),
            data={"token": rina.token, "session": session.pk, "client_id": "e2e-rina"},
        )
        assert answer.status == 200
        assert answer.json()["result"] == "ok"
    finally:
        door.dispose()

    expect(panel.get_by_test_id("live-present")).to_have_text("2", timeout=REFRESH)
    assert panel.get_by_test_id("live-panel").get_attribute("data-refreshed") != refreshed
    expect(panel.get_by_test_id("arrival-chart")).to_have_attribute("data-total", "2")
    expect(panel.locator('[data-testid="arrival-chart"] rect.chart-bar')).not_to_have_count(0)
    expect(bank_bar).to_have_attribute("data-present", "1")
    expect(missing).not_to_contain_text("Rina Lestari")
    expect(missing).to_contain_text("Siti Aminah")
    expect(panel.get_by_test_id("missing-count")).to_have_text("1")
    expect(panel.locator("#missing-q")).to_have_value("Sit")


def test_overview_refreshes_its_counts_by_itself(new_context, live_server):
    organiser = factories.organiser_user()
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    registration = factories.RegistrationFactory(event=event)
    office = new_context()
    sign_in(office, organiser, live_server)
    page = office.new_page()
    page.goto(reverse("checkin:attendance", args=[event.code]))
    present = page.locator(f'[data-session="{session.pk}"] [data-present]')
    expect(present).to_have_text("0")

    factories.CheckInFactory(registration=registration, session=session)

    expect(present).to_have_text("1", timeout=REFRESH)
