"""An organiser schedules an event in a real browser; a visitor reads the agenda on a phone."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bimtek.models import Event
from bimtek.models.events import EventStatus
from tests.e2e.conftest import sign_in
from tests.factories import WIB, EventFactory, SessionFactory, organiser_user

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "test-results"

HENDRA, SRI, RIZAL = (
    "Dr. Ir. Hendra Wijaya, M.Sc.",
    "Prof. Dr. Sri Wahyuni, M.T.",
    "Ahmad Rizal, S.Kom., M.Kom.",
)
ROOM = "Aula Lantai 3"
# (day index, start, end, title, speakers, room)
AGENDA = [
    (0, "08:00", "09:00", "Registrasi ulang dan pembukaan", "", ROOM),
    (0, "09:00", "10:30", "Kebijakan Gerakan Menuju 100 Smart City", HENDRA, ROOM),
    (0, "10:30", "12:00", "Penyusunan Masterplan Smart City", SRI, ROOM),
    (0, "13:00", "14:30", "Smart Governance", RIZAL, ROOM),
    (0, "14:30", "16:00", "Smart Branding dan Smart Economy", "Dr. Lestari Handayani", ROOM),
    (1, "08:00", "09:30", "Smart Living dan Smart Society", HENDRA, ROOM),
    (1, "09:30", "11:00", "Smart Environment", SRI, ROOM),
    (1, "11:00", "12:30", "Rencana aksi dan penutupan", RIZAL, ROOM),
]
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def _add_session(page, day_section, start, end, title, speakers, room):
    """Fill the day's form; registration ("Registrasi ulang…") does not count for the JP."""
    form = day_section.get_by_test_id("add-session")
    if form.get_attribute("open") is None:
        form.locator(":scope > summary").click()
    form.locator("input[name$='-start_time']").fill(start)
    form.locator("input[name$='-end_time']").fill(end)
    form.locator("input[name$='-title']").fill(title)
    form.locator("textarea[name$='-speakers']").fill(speakers)
    form.locator("input[name$='-room']").fill(room)
    if title.startswith("Registrasi ulang"):
        form.locator("input[name$='-counts_for_certificate']").uncheck()
    form.get_by_role("button", name="Tambahkan sesi").click()


def test_organiser_schedules_a_two_day_event_and_a_visitor_reads_it_on_a_phone(
    new_context, live_server
):
    organiser = organiser_user()
    start = timezone.localdate() + dt.timedelta(days=21)
    end = start + dt.timedelta(days=1)
    context = new_context()
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. A new event, as a draft
    page.goto("/organiser/")
    page.get_by_test_id("new-event").click()
    expect(page).to_have_url(re.compile(r"/organiser/new/$"))
    page.wait_for_load_state()
    form = page.get_by_test_id("event-form")
    form.locator("input[name=title]").fill("Bimtek Tahap I Gerakan Menuju 100 Smart City")
    # a code is proposed from the title (at most 40 characters)
    expect(form.locator("input[name=code]")).to_have_value(
        "bimtek-tahap-i-gerakan-menuju-100-smart"
    )
    form.locator("input[name=code]").fill("bimtek-sc-2026-1")
    form.locator("input[name=organiser_unit]").fill(
        "Dinas Komunikasi dan Informatika Kota Tanjungpinang"
    )
    form.locator("input[name=venue]").fill("Aula Lantai 3, Kantor Wali Kota Tanjungpinang")
    form.locator("input[name=city]").fill("Tanjungpinang")
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill(end.isoformat())
    form.locator("input[name=registration_closes_at]").fill(
        f"{(start - dt.timedelta(days=1)).isoformat()}T17:00"
    )
    form.locator("input[name=capacity]").fill("100")
    form.get_by_test_id("save-event").click()

    # 2. The agenda, day by day, with Indonesian day names
    expect(page).to_have_url(re.compile(r"/organiser/events/bimtek-sc-2026-1/agenda/$"))
    days = page.get_by_test_id("agenda-day")
    expect(days).to_have_count(2)
    expect(days.nth(0)).to_contain_text(DAY_NAMES[start.weekday()])
    expect(days.nth(1)).to_contain_text(DAY_NAMES[end.weekday()])

    for count, (day, begin, finish, title, speakers, room) in enumerate(AGENDA, start=1):
        _add_session(page, days.nth(day), begin, finish, title, speakers, room)
        expect(page.get_by_test_id("agenda-notice")).to_contain_text(title)
        expect(page.get_by_test_id("agenda-session")).to_have_count(count)

    # 3. A clash is refused inline, next to the form, and nothing is saved
    _add_session(page, days.nth(1), "09:00", "10:00", "Sesi bentrok", "", "aula lantai 3")
    errors = days.nth(1).get_by_test_id("session-errors")
    expect(errors).to_be_visible()
    expect(days.nth(1).locator(".invalid-feedback")).to_contain_text("Bentrok dengan")
    expect(page.get_by_test_id("agenda-session")).to_have_count(8)
    days.nth(1).get_by_role("link", name="Batal").click()
    expect(page.get_by_test_id("session-errors")).to_have_count(0)
    expect(page.get_by_test_id("agenda-summary")).to_contain_text("8 sesi")
    expect(page.get_by_test_id("agenda-summary")).to_contain_text("14 JP")

    # 4. Publish from the overview
    page.get_by_test_id("event-menu").get_by_role("link", name="Ringkasan").click()
    page.get_by_role("button", name="Publikasikan").click()
    expect(page.get_by_test_id("event-status")).to_have_text("Dipublikasikan")
    assert Event.objects.get(code="bimtek-sc-2026-1").status == EventStatus.PUBLISHED

    # 5. A visitor on a phone finds it and reads the agenda
    phone = new_context(phone=True).new_page()
    phone.goto("/")
    phone.get_by_role("link", name="Bimtek Tahap I Gerakan Menuju 100 Smart City").click()
    agenda = phone.get_by_test_id("public-agenda")
    expect(agenda.get_by_test_id("agenda-day")).to_have_count(2)
    expect(agenda.get_by_test_id("agenda-day").nth(0)).to_have_text(
        re.compile(rf"^{DAY_NAMES[start.weekday()]}, {start.day} ")
    )
    expect(agenda.locator(".agenda-item")).to_have_count(8)
    expect(agenda).to_contain_text("09.00–10.30 WIB")
    expect(agenda).to_contain_text("Kebijakan Gerakan Menuju 100 Smart City")
    expect(agenda).to_contain_text("Dr. Ir. Hendra Wijaya, M.Sc.")
    expect(phone.get_by_test_id("total-jp")).to_have_text("14 JP")
    # nothing wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "event-page-phone.png"), full_page=True)


def test_agenda_reorders_by_drag_and_drop(new_context, live_server):
    event = EventFactory(status=EventStatus.DRAFT)
    day = event.start_date
    for hour, title in ((8, "Satu"), (9, "Dua"), (10, "Tiga")):
        SessionFactory(
            event=event,
            title=title,
            starts_at=dt.datetime.combine(day, dt.time(hour), tzinfo=WIB),
            ends_at=dt.datetime.combine(day, dt.time(hour, 45), tzinfo=WIB),
        )
    context = new_context()
    sign_in(context, organiser_user(), live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/agenda/")

    rows = page.get_by_test_id("agenda-session")
    rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0).locator(".drag-handle"))

    expect(page.get_by_test_id("agenda-notice")).to_be_visible()
    expect(page.get_by_test_id("session-title")).to_have_text(["Tiga", "Satu", "Dua"])
    expect(page.get_by_test_id("session-time").first).to_have_text("08.00–08.45 WIB")
    titles = list(event.sessions.order_by("starts_at").values_list("title", flat=True))
    assert titles == ["Tiga", "Satu", "Dua"]


def test_agenda_works_without_javascript(new_context, live_server):
    event = EventFactory(status=EventStatus.DRAFT)
    day = event.start_date
    SessionFactory(
        event=event,
        title="Pembukaan",
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=WIB),
        ends_at=dt.datetime.combine(day, dt.time(9), tzinfo=WIB),
    )
    context = new_context(java_script_enabled=False)
    sign_in(context, organiser_user(), live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/agenda/")
    first_day = page.get_by_test_id("agenda-day").first

    # add (an invalid one first: the page comes back with the error on the field)
    first_day.get_by_test_id("add-session").locator(":scope > summary").click()
    first_day.locator("input[name$='-start_time']").fill("10:00")
    first_day.locator("input[name$='-end_time']").fill("09:00")
    first_day.locator("input[name$='-title']").fill("Materi 1")
    first_day.get_by_role("button", name="Tambahkan sesi").click()
    first_day = page.get_by_test_id("agenda-day").first
    expect(first_day.locator(".invalid-feedback")).to_contain_text("berakhir setelah dimulai")
    first_day.locator("input[name$='-end_time']").fill("11:00")
    first_day.get_by_role("button", name="Tambahkan sesi").click()
    expect(page.get_by_text("“Materi 1” ditambahkan.")).to_be_visible()

    # move down, edit, delete
    page.get_by_test_id("agenda-session").first.get_by_role("button", name="Lebih akhir").click()
    expect(page.get_by_test_id("session-title")).to_have_text(["Materi 1", "Pembukaan"])
    page.get_by_test_id("edit-session").first.click()
    page.locator("input[name$='-title']").first.fill("Materi 1 (revisi)")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_test_id("session-title").first).to_have_text("Materi 1 (revisi)")
    page.get_by_test_id("delete-session").first.click()
    page.get_by_test_id("confirm-delete").get_by_role("button", name="Ya, hapus").click()
    expect(page.get_by_test_id("session-title")).to_have_text(["Pembukaan"])
