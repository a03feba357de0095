"""At the door, in a real browser: the organiser opens check-in, a door
steward scans demo participants with a keyboard-wedge scanner on a phone,
and the organiser's live page counts them."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from checkin.models import CheckIn, ScanLog
from demo.seed import seed_demo
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FORGED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def wedge_scan(page, code: str) -> None:
    """What a USB/Bluetooth scanner does: type the code, press Enter."""
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def expect_answer(page, result: str, *texts: str) -> None:
    answer = page.get_by_test_id("scan-answer")
    expect(answer).to_be_visible()
    expect(answer).to_have_attribute("data-result", result)
    for text in texts:
        expect(answer).to_contain_text(text)


def test_steward_checks_in_demo_participants_and_organiser_sees_counts(new_context, live_server):
    demo = seed_demo()
    event = demo.event
    first_session = event.sessions.order_by("starts_at").first()
    organiser = User.objects.get(email="panitia@example.org")
    steward = User.objects.get(email="petugas2@example.org")
    approved = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .select_related("participant")
        .order_by("id")[:4]
    )

    # The organiser opens check-in now (the demo event is two weeks away).
    office = new_context()
    sign_in(office, organiser, live_server)
    panel = office.new_page()
    panel.goto(f"/organiser/events/{event.code}/attendance/{first_session.pk}/")
    panel.get_by_role("button", name="Buka sekarang selama 30 menit").click()
    expect(panel.get_by_role("alert")).to_contain_text(
        "Waktu registrasi ulang sesi ini telah diubah"
    )

    # The steward, on a phone, goes from /door/ to the session open now.
    phone = new_context(phone=True)
    sign_in(phone, steward, live_server)
    page = phone.new_page()
    page.goto("/door/")
    page.get_by_test_id("scan-now").click()
    expect(page.get_by_test_id("scanner-session")).to_have_text(first_session.title)
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    expect(page.locator("#wedge")).to_be_focused()
    # Nothing is wider than the phone (a long session title must truncate).
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360

    for registration in approved[:2]:
        wedge_scan(page, registration.token)
        expect_answer(page, "ok", "Silakan masuk", registration.participant.display_name)

    # Focus wanders (a tap on the header); the scanner still catches the code,
    # typed in lower case as some scanners do.
    page.get_by_test_id("scanner-session").click()
    wedge_scan(page, approved[2].token.lower())
    expect_answer(page, "ok", approved[2].participant.display_name)

    wedge_scan(page, approved[0].token)
    expect_answer(page, "already_checked_in", "Sudah registrasi ulang", "oleh Petugas 2")

    wedge_scan(page, FORGED)
    expect_answer(page, "invalid", "Tiket tidak dikenal")
    wedge_scan(page, "https://example.org/not-a-ticket")
    expect_answer(page, "invalid", "Bukan tiket Bimtek")

    # The answer goes away by itself; the header counts three present.
    expect(page.get_by_test_id("scan-answer")).to_be_hidden(timeout=5000)
    expect(page.locator('[data-count="present"]')).to_have_text("3")
    recent = page.locator("[data-recent] li")
    expect(recent).to_have_count(6)

    assert CheckIn.objects.filter(session=first_session).count() == 3
    assert set(
        CheckIn.objects.filter(session=first_session).values_list("registration", flat=True)
    ) == {r.pk for r in approved[:3]}
    assert ScanLog.objects.filter(session=first_session).count() == 6
    assert CheckIn.objects.filter(checked_in_by=steward).count() == 3

    # The organiser's live page shows the counts, and keeps up by itself.
    panel.reload()
    expect(panel.get_by_test_id("live-present")).to_have_text("3")
    expect(panel.get_by_test_id("live-recent")).to_contain_text(
        approved[2].participant.display_name
    )
    wedge_scan(page, approved[3].token)
    expect_answer(page, "ok", approved[3].participant.display_name)
    expect(panel.get_by_test_id("live-present")).to_have_text("4", timeout=15_000)


def test_supervisor_checks_in_by_hand_and_undoes(new_context, live_server):
    demo = seed_demo()
    event = demo.event
    session = event.sessions.order_by("starts_at").first()
    from django.utils import timezone

    from checkin.services.corrections import checkin_window_override_set

    now = timezone.now()
    checkin_window_override_set(
        actor=None,
        session=session,
        opens_at=now - timezone.timedelta(minutes=5),
        closes_at=now + timezone.timedelta(hours=1),
    )
    supervisor = User.objects.get(email="petugas@example.org")
    person = (
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .select_related("participant")
        .order_by("-id")
        .first()
        .participant
    )

    context = new_context(phone=True)
    sign_in(context, supervisor, live_server)
    page = context.new_page()
    page.goto(f"/door/{event.code}/sessions/{session.pk}/")
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")

    page.locator("[data-search-input]").fill(person.full_name)
    result = page.locator("[data-search-results] li").filter(has_text=person.display_name)
    result.get_by_role("button", name="Catat hadir").click()
    result.get_by_role("combobox").select_option("Ponsel tertinggal")
    result.get_by_role("button", name="Catat hadir manual").click()
    expect_answer(page, "ok", person.display_name)

    checkin = CheckIn.objects.get(registration__participant=person, session=session)
    assert (checkin.method, checkin.reason) == ("manual", "Ponsel tertinggal")

    page.get_by_test_id("scan-answer").click()
    row = page.locator("[data-recent] li").first
    row.get_by_role("button", name="Batalkan").click()
    # Undo asks first, and for a reason: none chosen, nothing is undone.
    row.get_by_role("button", name="Ya, batalkan registrasi ulang").click()
    expect(row).to_contain_text("Pilih atau tulis alasannya.")
    assert CheckIn.objects.filter(registration__participant=person, session=session).exists()
    row.get_by_role("combobox").select_option("Orang yang salah")
    row.get_by_role("button", name="Ya, batalkan registrasi ulang").click()
    expect_answer(page, "undone", "Registrasi ulang dibatalkan")
    expect(page.locator("[data-recent] li").first).to_contain_text("Registrasi ulang dibatalkan")
    assert not CheckIn.objects.filter(registration__participant=person, session=session).exists()
    undo_log = ScanLog.objects.order_by("-id").first()
    assert re.search("undo", undo_log.action)
    assert undo_log.note == "Orang yang salah"
