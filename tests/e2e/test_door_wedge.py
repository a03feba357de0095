"""The door never loses a scan (issue 13), in a real browser: a wedge
scanner in its common factory settings (Tab, AIM identifiers, a configured
prefix and suffix), scans typed while another field has focus, a hanging
network, kiosk mode, the recent-scans list across reloads, and the window
badge following an organiser's override. See docs/checkin.md."""

import contextlib
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, ScanLog
from checkin.services.corrections import checkin_window_override_set
from tests import factories
from tests.e2e.conftest import sign_in
from tests.e2e.test_door_checkin import expect_answer, wedge_scan
from tests.e2e.test_door_offline import open_scanner, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def door():
    event = factories.EventFactory(title="Bimtek Tahap I")
    session = factories.open_session(event=event, title="Pembukaan")
    supervisor = factories.EventStaffFactory(
        event=event, role=StaffRole.SUPERVISOR, user__display_name="Petugas 1"
    ).user
    tickets = [
        factories.RegistrationFactory(event=event, participant__full_name=name)
        for name in ("Budi Santoso", "Siti Rahma", "Rina Lestari")
    ]
    return event, session, supervisor, tickets


def scanner_page(new_context, live_server, door, **options):
    event, session, supervisor, _tickets = door
    context = new_context(**options)
    sign_in(context, supervisor, live_server)
    page = context.new_page()
    page.goto(f"/door/{event.code}/sessions/{session.pk}/")
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    return context, page


def assert_checked_in_once(session, ticket) -> None:
    assert CheckIn.objects.filter(session=session, registration=ticket).count() == 1
    assert ScanLog.objects.filter(session=session, registration=ticket).count() == 1


def test_wedge_scan_ending_in_tab_checks_in_once(new_context, live_server, door):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)

    for ticket in tickets[:2]:
        page.keyboard.type(ticket.token, delay=5)
        page.keyboard.press("Tab")
        expect_answer(page, "ok", ticket.participant.display_name)
    # Tab did not move focus, and the second code was not appended to the first.
    expect(page.locator("#wedge")).to_be_focused()
    expect(page.locator("#wedge")).to_have_value("")

    for ticket in tickets[:2]:
        assert_checked_in_once(session, ticket)
    assert ScanLog.objects.filter(session=session).count() == 2


def test_wedge_scan_with_an_aim_prefix_checks_in_once(new_context, live_server, door):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)

    wedge_scan(page, f"]Q1{tickets[0].token}")
    expect_answer(page, "ok", tickets[0].participant.display_name)
    # ]Q3: the modifier is a token character too; still the identifier.
    page.keyboard.type(f"]Q3{tickets[1].token}", delay=5)
    page.keyboard.press("Tab")
    expect_answer(page, "ok", tickets[1].participant.display_name)

    assert_checked_in_once(session, tickets[0])
    assert_checked_in_once(session, tickets[1])
    assert ScanLog.objects.filter(session=session).count() == 2


def test_wedge_scan_with_a_configured_prefix_and_suffix_checks_in_once(
    new_context, live_server, door
):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)

    settings = page.get_by_test_id("reader-settings")
    settings.locator("summary").click()
    settings.get_by_label("Awalan yang dibuang").fill("TIKET:")
    settings.get_by_label("Akhiran yang dibuang").fill("#")
    # Without looking for the token inside: the prefix and suffix alone do it.
    settings.get_by_label("Cari kode tiket di dalam hasil pindaian").uncheck()
    settings.get_by_role("button", name="Simpan").click()
    expect(settings).to_contain_text("Tersimpan")

    # Focus is on the Save button: the scan is caught all the same.
    wedge_scan(page, f"TIKET:{tickets[0].token}#")
    expect_answer(page, "ok", tickets[0].participant.display_name)
    assert_checked_in_once(session, tickets[0])

    # Kept on this device.
    page.reload()
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    expect(page.locator("#reader-prefix")).to_have_value("TIKET:")
    expect(page.locator("#reader-suffix")).to_have_value("#")
    wedge_scan(page, f"TIKET:{tickets[1].token}#")
    expect_answer(page, "ok", tickets[1].participant.display_name)
    assert_checked_in_once(session, tickets[1])
    assert ScanLog.objects.filter(session=session).count() == 2


def test_scan_typed_while_the_search_box_has_focus_checks_in_once(new_context, live_server, door):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)
    search = page.locator("[data-search-input]")
    search.click()
    page.keyboard.type("Budi", delay=150)  # a person typing
    expect(search).to_have_value("Budi")
    page.wait_for_timeout(300)

    wedge_scan(page, tickets[1].token)
    expect_answer(page, "ok", tickets[1].participant.display_name)

    expect(search).to_have_value("Budi")
    expect(search).to_be_focused()
    assert_checked_in_once(session, tickets[1])
    assert ScanLog.objects.filter(session=session).count() == 1
    # The person goes on typing: the field still takes it.
    page.get_by_test_id("scan-answer").click()
    search.click()
    page.keyboard.type(" San", delay=150)
    expect(search).to_have_value("Budi San")


def test_scan_typed_while_the_device_name_has_focus_checks_in_once(new_context, live_server, door):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)
    page.get_by_text("Perangkat ini", exact=True).click()
    name = page.locator("[data-device-input]")
    before = name.input_value()
    name.click()

    page.keyboard.type(tickets[0].token, delay=5)
    page.keyboard.press("Tab")
    expect_answer(page, "ok", tickets[0].participant.display_name)
    page.get_by_test_id("scan-answer").click()
    name.click()
    wedge_scan(page, tickets[1].token)  # Enter: would have saved the name
    expect_answer(page, "ok", tickets[1].participant.display_name)

    expect(name).to_have_value(before)
    assert page.evaluate("localStorage.getItem('bimtek.door.device')") == before
    for ticket in tickets[:2]:
        assert_checked_in_once(session, ticket)
    assert set(ScanLog.objects.values_list("device", flat=True)) == {before}


# The terminator's keydown, and the moment the answer panel shows "checking".
WATCH_CHECKING = """() => {
  window.__door = { key: 0, checking: 0 };
  window.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !window.__door.key) window.__door.key = performance.now();
  }, { capture: true });
  const panel = document.querySelector("[data-answer]");
  new MutationObserver(() => {
    if (!panel.hidden && panel.dataset.result === "checking" && !window.__door.checking) {
      window.__door.checking = performance.now();
    }
  }).observe(panel, { attributes: true });
}"""


def test_hanging_network_shows_checking_at_once_then_the_offline_answer(
    new_context, live_server, door
):
    event, session, supervisor, tickets = door
    context = new_context(phone=True)
    sign_in(context, supervisor, live_server)
    page = open_scanner(context, event, session)
    hanging = []
    # Slow Wi-Fi: the scan's request never gets an answer.
    context.route("**/api/v1/checkins/", lambda route: hanging.append(route))
    page.evaluate(WATCH_CHECKING)

    wedge_scan(page, tickets[0].token)
    answer = page.get_by_test_id("scan-answer")
    expect(answer).to_have_attribute("data-result", "checking")
    expect(answer).to_contain_text("Memeriksa…")
    # Read again while the first is pending: answered once.
    wedge_scan(page, tickets[0].token)
    wait_until(page, lambda: len(hanging) >= 1)
    delay = page.evaluate("window.__door.checking - window.__door.key")
    assert 0 <= delay < 100

    # The request times out: the door judges it on its list and queues it.
    expect_answer(page, "ok", tickets[0].participant.display_name)
    expect(answer).to_have_attribute("data-offline", "true")
    expect(page.locator("[data-recent] li")).to_have_count(1)
    assert len(hanging) == 1
    assert not ScanLog.objects.exists()

    for route in hanging:
        # The page gave up on it long ago; leave nothing pending at teardown.
        with contextlib.suppress(Exception):
            route.abort()
    context.unroute("**/api/v1/checkins/")
    page.get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("door-status")).to_have_attribute("data-queued", "0", timeout=20_000)
    assert_checked_in_once(session, tickets[0])


def test_kiosk_mode_cannot_be_left_without_the_supervisor(new_context, live_server, door):
    _event, session, _supervisor, tickets = door
    _context, page = scanner_page(new_context, live_server, door)
    scanner = page.locator("#scanner")
    settings = page.get_by_test_id("reader-settings")
    settings.locator("summary").click()
    settings.get_by_label("PIN keluar (4 sampai 8 angka)").fill("12")
    page.get_by_test_id("kiosk-start").click()
    expect(settings).to_contain_text("PIN harus 4 sampai 8 angka.")
    expect(scanner).to_have_attribute("data-kiosk", "false")
    settings.get_by_label("PIN keluar (4 sampai 8 angka)").fill("2468")
    page.get_by_test_id("kiosk-start").click()

    expect(scanner).to_have_attribute("data-kiosk", "true")
    for hidden in ("[data-search]", "[data-reader-settings]", "[data-recent]", "nav.navbar"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_test_id("kiosk-ready")).to_be_visible()
    expect(page.get_by_test_id("scanner-session")).to_be_visible()
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "ok", tickets[0].participant.display_name)
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('[data-answer-headline]')).fontSize)"
    )
    assert size >= 56  # ~1.5 cm letters on a laptop: readable from two metres
    assert_checked_in_once(session, tickets[0])

    # A reload does not leave it.
    page.reload()
    expect(scanner).to_have_attribute("data-kiosk", "true")
    expect(page.locator("[data-search]")).to_be_hidden()

    # Nor a wrong PIN.
    page.get_by_test_id("kiosk-exit").click()
    page.get_by_label("PIN pengawas").fill("1111")
    page.get_by_role("button", name="Keluar", exact=True).click()
    expect(page.get_by_text("PIN salah.")).to_be_visible()
    expect(scanner).to_have_attribute("data-kiosk", "true")

    page.get_by_label("PIN pengawas").fill("2468")
    page.get_by_role("button", name="Keluar", exact=True).click()
    expect(scanner).to_have_attribute("data-kiosk", "false")
    expect(page.locator("[data-search]")).to_be_visible()


def test_recent_scans_and_their_pending_marks_survive_a_reload_and_a_session_switch(
    new_context, live_server, door
):
    event, session, supervisor, tickets = door
    afternoon = factories.SessionFactory(
        event=event,
        title="Sesi Siang",
        starts_at=timezone.now() + dt.timedelta(hours=3),
        ends_at=timezone.now() + dt.timedelta(hours=4),
    )
    context = new_context(phone=True, expected_errors=(r"status of 503",))
    sign_in(context, supervisor, live_server)
    page = open_scanner(context, event, session)
    recent = page.locator("[data-recent] li")

    wedge_scan(page, tickets[0].token)
    expect_answer(page, "ok", tickets[0].participant.display_name)
    # The server falls over: the next scan is answered here and waits.
    context.route(
        "**/api/v1/checkins/**",
        lambda route: route.fulfill(status=503, content_type="text/html", body="Unavailable"),
    )
    wedge_scan(page, tickets[1].token)
    expect_answer(page, "ok", tickets[1].participant.display_name)
    expect(recent).to_have_count(2)
    expect(recent.first).to_have_attribute("data-offline", "pending")

    page.reload()
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    expect(recent).to_have_count(2)
    expect(recent.first).to_contain_text(tickets[1].participant.display_name)
    expect(recent.first).to_have_attribute("data-offline", "pending")
    expect(recent.first).to_contain_text("menunggu dikirim")

    page.goto(f"/door/{event.code}/sessions/{afternoon.pk}/")
    expect(page.get_by_test_id("scanner-session")).to_have_text("Sesi Siang")
    expect(recent).to_have_count(2)
    expect(recent.nth(1)).to_contain_text("Pembukaan")  # scanned for the morning
    context.unroute("**/api/v1/checkins/**")
    page.get_by_test_id("sync-now").click()
    expect(recent.first).to_have_attribute("data-offline", "sent", timeout=20_000)
    assert_checked_in_once(session, tickets[1])


def test_window_badge_follows_an_override_set_meanwhile(new_context, live_server, door):
    event, _session, _supervisor, tickets = door
    tomorrow = factories.SessionFactory(
        event=event,
        title="Hari Kedua",
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=2),
    )
    context = new_context()
    sign_in(context, door[2], live_server)
    page = context.new_page()
    page.goto(f"/door/{event.code}/sessions/{tomorrow.pk}/")
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    badge = page.locator("[data-window-badge]")
    expect(badge).to_have_text("Registrasi ulang belum dibuka")
    # Too early, and not today: the answer says the day too.
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "outside_window", "Registrasi ulang dibuka")
    detail = page.locator("[data-answer-detail]").inner_text()
    assert any(
        day in detail for day in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    )

    now = timezone.now()
    checkin_window_override_set(
        actor=None,
        session=tomorrow,
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(minutes=30),
    )
    expect(badge).to_have_text("Registrasi ulang dibuka", timeout=25_000)
    expect(page.get_by_test_id("window-times")).to_contain_text("diatur panitia")
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "ok", tickets[0].participant.display_name)


def test_signed_out_banner_fits_a_phone_and_does_not_say_sesi(new_context, live_server, door):
    event, session, supervisor, tickets = door
    context = new_context(phone=True, expected_errors=(r"status of 401",))
    sign_in(context, supervisor, live_server)
    page = open_scanner(context, event, session)
    context.route(
        "**/api/v1/**",
        lambda route: route.fulfill(
            status=401, content_type="application/json", body='{"detail": "x"}'
        ),
    )
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "ok", tickets[0].participant.display_name)
    status = page.get_by_test_id("door-status")
    expect(status).to_have_attribute("data-state", "signed-out")
    page.get_by_test_id("scan-answer").click()
    expect(page.locator("[data-status-login]")).to_be_visible()
    assert "Sesi" not in status.inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
