"""The door without a network, in a real browser: the scanner keeps judging
scans on the participant list kept on the phone, survives a reload while
offline (service worker), and sends its queue when the network is back —
each check-in with its original scan time. See docs/offline.md."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, CheckInConflict, ScanLog
from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from participants.services.registrations import (
    registration_cancel,
    registration_reissue_ticket,
)
from tests import factories
from tests.e2e.conftest import sign_in
from tests.e2e.test_door_checkin import expect_answer, wedge_scan

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE_IN_THE_BROWSER = """async () => {
  const db = await window.idb.openDB("bimtek-door");
  const items = await db.getAll("queue");
  db.close();
  return items.map((item) => ({
    token: item.token, scanned_at: item.scanned_at, result: item.offline_result,
  }));
}"""


@pytest.fixture
def door():
    event = factories.EventFactory(title="Bimtek Tahap I")
    session = factories.open_session(event=event, title="Pembukaan")
    steward = factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user
    tickets = [
        factories.RegistrationFactory(event=event, participant__full_name=name)
        for name in ("Budi Santoso", "Siti <b>Rahma</b>", "Rina Lestari")
    ]
    return event, session, steward, tickets


def wait_until(page, condition, timeout_ms: int = 15_000) -> None:
    """Let the browser (and Playwright's route handlers) run until ``condition``."""
    for _tick in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def open_scanner(context, event, session):
    page = context.new_page()
    page.goto(f"/door/{event.code}/sessions/{session.pk}/")
    scanner = page.locator("#scanner")
    expect(scanner).to_have_attribute("data-ready", "true")
    # The participant list is on the phone and the service worker keeps the page.
    expect(scanner).to_have_attribute("data-offline-ready", "true", timeout=30_000)
    return page


def test_three_scans_offline_survive_a_reload_and_sync_with_their_times(
    new_context, live_server, door
):
    event, session, steward, tickets = door
    context = new_context(phone=True)
    sign_in(context, steward, live_server)
    page = open_scanner(context, event, session)
    status = page.get_by_test_id("door-status")
    expect(status).to_have_attribute("data-state", "online")

    context.set_offline(True)
    expect(status).to_have_attribute("data-state", "offline")
    for ticket in tickets:
        wedge_scan(page, ticket.token)
        expect_answer(page, "ok", "Silakan masuk", ticket.participant.display_name)
        expect(page.get_by_test_id("scan-answer")).to_have_attribute("data-offline", "true")
    expect(status).to_have_attribute("data-queued", "3")
    queued = page.evaluate(QUEUE_IN_THE_BROWSER)
    assert sorted(item["token"] for item in queued) == sorted(t.token for t in tickets)
    assert {item["result"] for item in queued} == {"ok"}
    scan_times = {item["token"]: dt.datetime.fromisoformat(item["scanned_at"]) for item in queued}

    # Still offline: the phone reloads the page (or the tab was closed).
    page.wait_for_timeout(1500)
    page.reload()
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    expect(page.get_by_test_id("scanner-session")).to_have_text("Pembukaan")
    expect(status).to_have_attribute("data-state", "offline")
    expect(page.get_by_test_id("door-queue")).to_contain_text("3")
    # A re-scan of an admitted ticket, offline after the reload: already in.
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "already_checked_in", "Sudah registrasi ulang", "oleh Petugas 2")
    assert not CheckIn.objects.exists()

    context.set_offline(False)
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    expect(status).to_have_attribute("data-state", "online")

    checkins = CheckIn.objects.filter(session=session).select_related("registration")
    assert checkins.count() == 3
    assert {c.registration.token: c.checked_in_at for c in checkins} == scan_times
    assert {c.checked_in_by for c in checkins} == {steward}
    logs = ScanLog.objects.filter(session=session)
    assert logs.count() == 4
    assert {log.offline_result for log in logs} == {"ok", "already_checked_in"}
    # Sent later than scanned: the three admissions waited through the reload.
    admissions = logs.filter(offline_result="ok")
    assert all(log.received_at > log.scanned_at + dt.timedelta(seconds=1) for log in admissions)


def test_offline_door_refuses_what_its_list_says_and_learns_changes_when_back(
    new_context, live_server, door
):
    event, session, steward, tickets = door
    organiser = factories.organiser_user()
    context = new_context(phone=True)
    sign_in(context, steward, live_server)
    page = open_scanner(context, event, session)
    status = page.get_by_test_id("door-status")

    # The organiser cancels a registration and reissues a ticket while the
    # door is offline.
    context.set_offline(True)
    expect(status).to_have_attribute("data-state", "offline")
    registration_cancel(registration=tickets[2], actor=organiser)
    old_token = tickets[1].token
    registration_reissue_ticket(registration=tickets[1], actor=organiser)
    wedge_scan(page, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    expect_answer(page, "invalid", "Tiket tidak dikenal")
    wedge_scan(page, "not a ticket")
    expect_answer(page, "invalid", "Bukan tiket Bimtek")
    # Offline, the list still says approved: admitted (the server will say no).
    wedge_scan(page, tickets[2].token)
    expect_answer(page, "ok", tickets[2].participant.display_name)

    # Back online: the queue goes, the server refuses the cancelled ticket
    # and records it for the organiser; the list learns the cancellation.
    context.set_offline(False)
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    expect(page.locator("[data-recent] li").first).to_contain_text("Server")
    assert not CheckIn.objects.exists()
    assert CheckInConflict.objects.get().kind == "refused_later"

    # Offline again: now the door refuses both itself, and knows the new ticket.
    context.set_offline(True)
    expect(status).to_have_attribute("data-state", "offline")
    wedge_scan(page, tickets[2].token)
    expect_answer(page, "not_approved", "Pendaftaran dibatalkan")
    wedge_scan(page, old_token)
    expect_answer(page, "invalid", "Tiket sudah diganti")
    tickets[1].refresh_from_db()
    wedge_scan(page, tickets[1].token)
    expect_answer(page, "ok", tickets[1].participant.display_name)


def test_door_answers_already_in_for_a_checkin_made_at_another_door(new_context, live_server, door):
    event, session, steward, tickets = door
    other_door = factories.EventStaffFactory(event=event, user__display_name="Petugas 3").user
    checkin_record(
        session=session,
        staff=other_door,
        attempt=ScanAttempt(
            token=tickets[1].token, scanned_at=timezone.now() - dt.timedelta(minutes=3)
        ),
    )
    context = new_context(phone=True)
    sign_in(context, steward, live_server)
    page = open_scanner(context, event, session)

    context.set_offline(True)
    expect(page.get_by_test_id("door-status")).to_have_attribute("data-state", "offline")
    wedge_scan(page, tickets[1].token)

    expect_answer(page, "already_checked_in", "oleh Petugas 3")


def test_queue_holds_through_server_faults_and_nothing_is_doubled(new_context, live_server, door):
    # The server falls over during a door rush (its database restarts): some
    # answers are lost after the server recorded the scan, some requests never
    # get there. The door keeps admitting offline and its queue holds.
    event, session, steward, tickets = door
    context = new_context(phone=True, expected_errors=(r"status of 50[23]",))
    sign_in(context, steward, live_server)
    page = open_scanner(context, event, session)
    status = page.get_by_test_id("door-status")
    calls = []

    def fault(route):
        calls.append(route.request.url)
        if len(calls) % 2:
            route.fetch()  # recorded by the server, but the answer is lost
            route.fulfill(status=502, content_type="text/html", body="Bad Gateway")
        else:
            route.fulfill(status=503, content_type="text/html", body="Service Unavailable")

    context.route("**/api/v1/checkins/**", fault)
    for ticket in tickets:
        wedge_scan(page, ticket.token)
        expect_answer(page, "ok", ticket.participant.display_name)
    expect(status).to_have_attribute("data-state", "offline")
    expect(status).to_have_attribute("data-queued", "3")

    sync_now = page.get_by_test_id("sync-now")
    for tries in (2, 3):
        expect(status).to_have_attribute("data-syncing", "false")
        sync_now.click()
        wait_until(page, lambda tries=tries: len(calls) >= tries)
        expect(status).to_have_attribute("data-syncing", "false")
        expect(status).to_have_attribute("data-queued", "3")

    context.unroute("**/api/v1/checkins/**", fault)
    sync_now.click()
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    expect(status).to_have_attribute("data-state", "online")

    assert CheckIn.objects.filter(session=session).count() == 3
    assert ScanLog.objects.filter(session=session).count() == 3
    expect(page.locator("[data-recent] li[data-offline='sent']")).to_have_count(3)


def test_supervisor_finds_someone_and_checks_them_in_by_hand_offline(
    new_context, live_server, door
):
    event, session, _steward, tickets = door
    supervisor = factories.EventStaffFactory(
        event=event, role=StaffRole.SUPERVISOR, user__display_name="Petugas 1"
    ).user
    context = new_context(phone=True)
    sign_in(context, supervisor, live_server)
    page = open_scanner(context, event, session)
    status = page.get_by_test_id("door-status")

    context.set_offline(True)
    expect(status).to_have_attribute("data-state", "offline")
    page.locator("[data-search-input]").fill("rina")
    result = page.locator("[data-search-results] li").filter(has_text="Rina Lestari")
    result.get_by_role("button", name="Catat hadir").click()
    result.get_by_role("combobox").select_option("Ponsel tertinggal")
    result.get_by_role("button", name="Catat hadir manual").click()
    expect_answer(page, "ok", "Rina Lestari")
    # Found again: now checked in (on this device).
    page.locator("[data-search-input]").fill("rina")
    expect(
        page.locator("[data-search-results] li").filter(has_text="Rina Lestari")
    ).to_contain_text("Hadir pukul")

    context.set_offline(False)
    expect(status).to_have_attribute("data-queued", "0", timeout=20_000)
    checkin = CheckIn.objects.get()
    assert (checkin.registration, checkin.method, checkin.reason) == (
        tickets[2],
        "manual",
        "Ponsel tertinggal",
    )
    assert checkin.checked_in_by == supervisor


def test_wrong_device_clock_is_corrected_by_the_servers(new_context, live_server, door):
    # The phone's clock is two hours behind: uncorrected, every offline scan
    # would be "not open yet" and recorded at the wrong time.
    event, session, steward, tickets = door
    context = new_context(phone=True)
    context.clock.install(time=timezone.now() - dt.timedelta(hours=2))
    sign_in(context, steward, live_server)
    page = open_scanner(context, event, session)
    expect(page.locator("[data-status-problem]")).to_contain_text("selisih 120 menit")

    context.set_offline(True)
    expect(page.get_by_test_id("door-status")).to_have_attribute("data-state", "offline")
    wedge_scan(page, tickets[0].token)
    expect_answer(page, "ok", tickets[0].participant.display_name)
    context.set_offline(False)
    expect(page.get_by_test_id("door-status")).to_have_attribute("data-queued", "0", timeout=20_000)

    checkin = CheckIn.objects.get()
    assert abs(checkin.checked_in_at - timezone.now()) < dt.timedelta(minutes=1)
