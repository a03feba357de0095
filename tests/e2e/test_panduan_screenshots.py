"""The pictures of the guide for organisers and door staff (docs/panduan/).

Each test walks one part of the guide on the demo data, as the guide tells
it, asserts what each page must show, and saves a viewport screenshot to
docs/panduan/img/<name>.png. Every run overwrites them, so the pictures
follow the pages. Desktop for the organiser's pages, a phone for the door
and the participant. The PNGs are reduced to 256 colours (UI screenshots
lose nothing visible) to keep the repository small.
"""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User
from bimtek.models import Event
from certificates import selectors as certificate_selectors
from certificates.models import Certificate
from checkin.models import CheckIn
from checkin.services.corrections import checkin_window_override_set
from demo import data
from demo.seed import seed_demo
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.e2e.conftest import sign_in
from tests.spreadsheets import person_row, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)

IMG = Path(__file__).resolve().parents[2] / "docs" / "panduan" / "img"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
FORGED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def shot(page, name: str, *, at=None, block: str = "start") -> None:
    """Save what the screen shows (not the whole page) as img/<name>.png;
    ``at`` is a locator scrolled to the top (``block``) of the screen first,
    at once: Bootstrap scrolls smoothly otherwise."""
    if at is not None:
        at.evaluate(
            "(element, block) => element.scrollIntoView({block, behavior: 'instant'})", block
        )
        page.wait_for_timeout(100)
    png = page.screenshot(animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    IMG.mkdir(parents=True, exist_ok=True)
    small.save(IMG / f"{name}.png", optimize=True)


def person(email: str) -> User:
    return User.objects.get(email=email)


def organiser_page(new_context, live_server):
    context = new_context(**DESKTOP)
    sign_in(context, person("panitia@example.org"), live_server)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def phone_page(new_context, live_server, email: str, **options):
    context = new_context(phone=True, **options)
    sign_in(context, person(email), live_server)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def finished_event() -> Event:
    return Event.objects.get(code=data.FINISHED_EVENT["code"])


def wedge_scan(page, code: str) -> None:
    """What a USB/Bluetooth scanner does: type the code, press Enter."""
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def expect_answer(page, result: str, *texts: str):
    answer = page.get_by_test_id("scan-answer")
    expect(answer).to_be_visible()
    expect(answer).to_have_attribute("data-result", result)
    for text in texts:
        expect(answer).to_contain_text(text)
    return answer


def test_menyiapkan_kegiatan(new_context, live_server, tmp_path):
    """Part 1: create the event, its agenda, door staff, certificate design,
    publish, invitations and the import of an invitation list."""
    event = seed_demo().event
    page = organiser_page(new_context, live_server)

    page.goto("/organiser/")
    expect(page.get_by_role("link", name=event.title)).to_be_visible()
    shot(page, "kegiatan-daftar")

    # A new event: the form, then the draft's overview with "Publikasikan".
    page.get_by_test_id("new-event").click()
    form = page.get_by_test_id("event-form")
    start = timezone.localdate() + dt.timedelta(days=30)
    form.locator("input[name=title]").fill("Bimtek Tahap II Gerakan Menuju 100 Smart City")
    form.locator("input[name=code]").fill("bimtek-smart-city-2")
    form.locator("input[name=organiser_unit]").fill(
        "Dinas Komunikasi dan Informatika Kota Tanjungpinang"
    )
    form.locator("input[name=venue]").fill("Aula Lantai 3, Kantor Wali Kota Tanjungpinang")
    form.locator("input[name=city]").fill("Tanjungpinang")
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill(start.isoformat())
    form.locator("input[name=capacity]").fill("80")
    shot(page, "kegiatan-baru")
    form.get_by_test_id("save-event").click()
    expect(page).to_have_url(re.compile(r"/organiser/events/bimtek-smart-city-2/agenda/$"))
    day = page.get_by_test_id("agenda-day").first
    adder = day.get_by_test_id("add-session")
    if adder.get_attribute("open") is None:
        adder.locator(":scope > summary").click()
    adder.locator("input[name$='-start_time']").fill("09:00")
    adder.locator("input[name$='-end_time']").fill("10:30")
    adder.locator("input[name$='-title']").fill("Kebijakan Gerakan Menuju 100 Smart City")
    adder.locator("textarea[name$='-speakers']").fill("Dr. Ir. Hendra Wijaya, M.Sc.")
    adder.locator("input[name$='-room']").fill("Aula Lantai 3")
    shot(page, "sesi-tambah", at=day)
    adder.get_by_role("button", name="Tambahkan sesi").click()
    expect(page.get_by_test_id("agenda-session")).to_have_count(1)
    page.get_by_test_id("event-menu").get_by_role("link", name="Ringkasan").click()
    expect(page.get_by_test_id("draft-callout")).to_be_visible()
    expect(page.get_by_role("button", name="Publikasikan")).to_be_enabled()
    shot(page, "kegiatan-draf")
    page.get_by_role("button", name="Publikasikan").click()
    expect(page.get_by_test_id("event-status")).to_have_text("Dipublikasikan")

    # The demo event's agenda: two days, JP per session, the first not counted.
    page.goto(f"/organiser/events/{event.code}/agenda/")
    expect(page.get_by_test_id("agenda-summary")).to_contain_text("8 sesi")
    expect(page.get_by_test_id("agenda-summary")).to_contain_text("14 JP")
    expect(page.get_by_test_id("agenda-session").first).to_contain_text("tidak dihitung")
    shot(page, "susunan-acara")
    second = event.sessions.order_by("starts_at")[1]
    page.get_by_test_id("edit-session").nth(1).click()
    edit = page.get_by_test_id("session-form").filter(
        has=page.locator(f"input[name='s{second.pk}-title']")
    )
    edit.locator("details summary").first.click()
    expect(edit.get_by_label("Dihitung untuk sertifikat")).to_be_checked()
    shot(page, "sesi-ubah", at=edit)

    page.goto(f"/organiser/events/{event.code}/staff/")
    expect(page.get_by_text("petugas@example.org")).to_be_visible()
    expect(page.get_by_text("petugas2@example.org")).to_be_visible()
    shot(page, "petugas")

    page.goto(f"/organiser/events/{event.code}/certificates/settings/")
    expect(page.get_by_label("Peserta dapat mengunduh sertifikatnya")).to_be_visible()
    shot(page, "sertifikat-ketentuan")
    expect(page.get_by_label("Judul")).to_be_visible()
    shot(page, "sertifikat-desain", at=page.get_by_label("Judul"), block="center")

    # An institution invited with a quota: its contact gets a link.
    page.goto(f"/organiser/events/{event.code}/invitations/")
    page.get_by_label("Instansi", exact=True).select_option(
        label="Dinas Kesehatan Kota Tanjungpinang — OPD"
    )
    page.get_by_label("Kuota").fill("3")
    page.get_by_label("Narahubung", exact=True).fill("Sekretariat Dinas Kesehatan")
    page.get_by_label("Alamat e-mail narahubung").fill("sekretariat.dinkes@example.org")
    page.get_by_role("button", name="Undang dan kirim tautannya").click()
    page.goto(f"/organiser/events/{event.code}/invitations/")
    expect(page.get_by_test_id("invitation-row")).to_contain_text("Dinas Kesehatan")
    shot(page, "undangan")

    # The import: a list with one bad row is refused with the row's number.
    rows = [person_row(n, institution="Diskominfo") for n in range(5)]
    broken = [dict(row) for row in rows]
    broken[2]["Instansi"] = "Dinas Tidak Dikenal"
    (tmp_path / "undangan.xlsx").write_bytes(xlsx_bytes(broken))
    (tmp_path / "undangan-perbaikan.xlsx").write_bytes(xlsx_bytes(rows))
    page.get_by_test_id("event-menu").locator('[data-event-tab="import"]').click()
    expect(page.get_by_role("link", name="Templat (XLSX)")).to_be_visible()
    shot(page, "impor-unggah")
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(
        tmp_path / "undangan.xlsx"
    )
    page.get_by_test_id("import-check").click()
    error = page.get_by_test_id("import-error-row")
    expect(error).to_have_count(1)
    expect(error).to_have_attribute("data-row", "4")
    expect(error).to_contain_text("Dinas Tidak Dikenal")
    expect(page.get_by_test_id("import-commit")).to_have_count(0)
    shot(page, "impor-bermasalah")
    page.get_by_test_id("upload-again").click()
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(
        tmp_path / "undangan-perbaikan.xlsx"
    )
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("5")
    shot(page, "impor-siap")
    page.get_by_test_id("import-commit").click()
    counts = page.get_by_test_id("registration-counts")
    expect(counts.locator('[data-count="active"]')).to_have_text("62", timeout=30_000)
    shot(page, "peserta")
    assert Registration.objects.filter(event=event, source="import").count() >= 5


def test_registrasi_ulang_di_pintu(new_context, live_server):
    """Part 2: the organiser opens check-in, a steward scans on a phone, a
    supervisor checks someone in by hand, a device key, the ticket."""
    event = seed_demo().event
    first, second = event.sessions.order_by("starts_at")[:2]
    approved = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .select_related("participant")
        .order_by("id")[:3]
    )
    rejected = Registration.objects.filter(event=event, status=RegistrationStatus.REJECTED)[0]

    # The demo event is two weeks away: the organiser opens check-in now.
    office = organiser_page(new_context, live_server)
    office.goto(f"/organiser/events/{event.code}/attendance/{first.pk}/")
    opener = office.get_by_role("button", name="Buka sekarang selama 30 menit")
    expect(opener).to_be_visible()
    shot(office, "presensi-buka-sekarang", at=office.get_by_text("Waktu registrasi ulang").first)
    opener.click()
    expect(office.get_by_role("alert")).to_contain_text(
        "Waktu registrasi ulang sesi ini telah diubah"
    )

    # The steward's phone: /door/, the big button, the scanner.
    page = phone_page(new_context, live_server, "petugas2@example.org")
    page.goto("/door/")
    expect(page.get_by_test_id("scan-now")).to_be_visible()
    shot(page, "pintu-beranda")
    page.get_by_test_id("scan-now").click()
    expect(page.get_by_test_id("scanner-session")).to_have_text(first.title)
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    shot(page, "pemindai")

    wedge_scan(page, approved[0].token)
    expect_answer(page, "ok", "Silakan masuk", approved[0].participant.display_name)
    shot(page, "jawaban-diterima")
    wedge_scan(page, approved[0].token)
    expect_answer(page, "already_checked_in", "Sudah registrasi ulang", "oleh Petugas 2")
    shot(page, "jawaban-sudah")
    wedge_scan(page, FORGED)
    expect_answer(page, "invalid", "Tiket tidak dikenal")
    shot(page, "jawaban-tidak-dikenal")
    wedge_scan(page, rejected.token)
    expect_answer(page, "not_approved", "Pendaftaran ditolak")
    shot(page, "jawaban-belum-disetujui")
    wedge_scan(page, approved[1].token)
    expect_answer(page, "ok", approved[1].participant.display_name)
    expect(page.get_by_test_id("scan-answer")).to_be_hidden(timeout=5000)
    expect(page.locator('[data-count="present"]')).to_have_text("2")
    expect(page.locator("[data-recent] li")).to_have_count(5)
    shot(page, "pemindaian-terakhir", at=page.get_by_text("Pindaian terakhir di perangkat ini"))

    # The next session is not open yet: the door says so and admits nobody.
    page.goto(f"/door/{event.code}/sessions/{second.pk}/")
    expect(page.get_by_test_id("scanner-session")).to_have_text(second.title)
    expect(page.locator("#scanner")).to_have_attribute("data-ready", "true")
    wedge_scan(page, approved[2].token)
    expect_answer(page, "outside_window", "Registrasi ulang belum dibuka")
    shot(page, "jawaban-belum-dibuka")

    # The supervisor finds someone without a ticket and checks them in by hand.
    now = timezone.now()
    checkin_window_override_set(
        actor=None,
        session=second,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(hours=1),
    )
    who = approved[2].participant
    door = phone_page(new_context, live_server, "petugas@example.org")
    door.goto(f"/door/{event.code}/sessions/{second.pk}/")
    expect(door.locator("#scanner")).to_have_attribute("data-ready", "true")
    door.locator("[data-search-input]").fill(who.full_name)
    found = door.locator("[data-search-results] li").filter(has_text=who.display_name)
    found.get_by_role("button", name="Catat hadir").click()
    found.get_by_role("combobox").select_option("Ponsel tertinggal")
    shot(door, "catat-manual", at=door.get_by_text("Cari peserta (tanpa tiket)"))
    found.get_by_role("button", name="Catat hadir manual").click()
    expect_answer(door, "ok", who.display_name)
    checkin = CheckIn.objects.get(registration=approved[2], session=second)
    assert (checkin.method, checkin.reason) == ("manual", "Ponsel tertinggal")

    # A key for a handheld scanner or a kiosk, shown once.
    door.goto("/door/devices/")
    door.get_by_label("Nama perangkat").fill("Pintu utama 1")
    door.get_by_role("button", name="Buat kunci").click()
    expect(door.get_by_test_id("new-key")).to_contain_text("bmtd_")
    shot(door, "kunci-perangkat")

    # The participant's ticket, as shown at the door.
    ticket = Registration.objects.get(event=event, participant__user__email="peserta@example.org")
    mine = phone_page(new_context, live_server, "peserta@example.org")
    mine.goto(f"/tickets/{ticket.pk}/")
    expect(mine.get_by_test_id("ticket-qr")).to_be_visible()
    expect(mine.get_by_role("heading", name=event.title)).to_be_visible()
    shot(mine, "tiket")


def test_menerbitkan_sertifikat(new_context, live_server, settings):
    """Part 3: the rule, exceptions, bulk issue, revoke and reissue, the
    participant's download and the verification page."""
    settings.SITE_URL = live_server.url
    seed_demo()
    event = finished_event()
    registrations = list(
        Registration.objects.filter(event=event).select_related("participant", "event")
    )
    progress = certificate_selectors.eligibility_for_registrations(
        event=event, registrations=registrations
    )
    eligible = [r for r in registrations if progress[r.pk].eligible]
    short = next(r for r in registrations if not progress[r.pk].eligible)
    page = organiser_page(new_context, live_server)

    page.goto(f"/organiser/events/{event.code}/certificates/")
    expect(page.get_by_test_id("count-eligible")).to_have_text(str(len(eligible)))
    expect(page.get_by_text("Peserta dapat mengunduh sertifikatnya.")).to_be_visible()
    shot(page, "sertifikat-daftar")

    # An exception: someone who missed a session with a letter from their office.
    page.goto(f"/organiser/events/{event.code}/certificates/registrations/{short.pk}/")
    expect(page.get_by_text("Belum memenuhi syarat").first).to_be_visible()
    form = page.get_by_test_id("exception-form")
    form.get_by_label("Berikan sertifikat walaupun kehadiran tidak memenuhi").check()
    form.get_by_label("Alasan").fill("Surat tugas mendadak dari Kepala Dinas, terlampir")
    shot(page, "sertifikat-pengecualian", at=page.get_by_role("heading", name="Presensi"))
    form.get_by_role("button", name="Catat pengecualian").click()
    expect(page.get_by_text("Memenuhi syarat").first).to_be_visible()

    # Issue and download all: one PDF to print (the test runs the task at once).
    page.goto(f"/organiser/events/{event.code}/certificates/")
    expect(page.get_by_test_id("count-eligible")).to_have_text(str(len(eligible) + 1))
    page.get_by_label("Satu PDF untuk dicetak, satu halaman per sertifikat").check()
    page.get_by_test_id("bulk-start").click()
    expect(page.get_by_test_id("job-download").first).to_be_visible()
    expect(page.get_by_test_id("count-issued")).to_have_text(str(len(eligible) + 1))
    shot(page, "sertifikat-massal", at=page.get_by_text("Terbitkan dan unduh semua").first)

    # A name printed wrong: revoke and reissue.
    wrong = Certificate.objects.filter(registration__event=event).order_by("pk").last()
    page.goto(f"/organiser/events/{event.code}/certificates/registrations/{wrong.registration_id}/")
    reissue = page.get_by_test_id("reissue-form")
    expect(reissue).to_be_visible()
    reissue.get_by_label("Alasan").fill("Gelar belakang salah tulis")
    shot(page, "sertifikat-cabut", at=page.get_by_role("heading", name="Sertifikat", exact=True))
    reissue.get_by_role("button", name="Cabut dan terbitkan ulang").click()
    expect(page.get_by_text(wrong.number).first).to_be_visible()
    wrong.refresh_from_db()
    assert wrong.revoked_at is not None

    # The participant downloads from "Tiket saya"; anyone verifies by QR.
    mine = phone_page(new_context, live_server, "peserta@example.org", accept_downloads=True)
    mine.goto("/tickets/")
    panel = mine.get_by_test_id("certificate-panel").filter(has_text="Nomor sertifikat")
    expect(panel.get_by_test_id("certificate-download")).to_contain_text("Unduh sertifikat (PDF)")
    shot(mine, "tiket-sertifikat", at=panel, block="end")
    own = Certificate.objects.get(
        registration__event=event,
        registration__participant__user__email="peserta@example.org",
        revoked_at__isnull=True,
    )
    visitor = new_context(phone=True).new_page()
    visitor.goto(own.verify_url)
    expect(visitor.get_by_test_id("verify-status")).to_contain_text("Sah")
    expect(visitor.get_by_test_id("verify-details")).to_contain_text(own.number)
    shot(visitor, "verifikasi")
    visitor.goto(wrong.verify_url)
    expect(visitor.get_by_test_id("verify-status")).to_contain_text("Dicabut")
    shot(visitor, "verifikasi-dicabut")


def test_setelah_kegiatan(new_context, live_server):
    """Part 4: attendance, the daftar hadir and the exports, the archive, history."""
    seed_demo()
    event = finished_event()
    sessions = list(event.sessions.order_by("starts_at"))
    page = organiser_page(new_context, live_server)

    page.goto(f"/organiser/events/{event.code}/attendance/")
    expect(page.get_by_text(sessions[1].title)).to_be_visible()
    expect(page.get_by_text("Pintu ruang rapat")).to_be_visible()
    shot(page, "presensi-ringkasan")

    page.goto(f"/organiser/events/{event.code}/attendance/{sessions[1].pk}/")
    expect(page.get_by_test_id("live-present")).to_have_text("25")
    shot(page, "presensi-sesi")
    sheet = page.get_by_role("link", name="Daftar hadir (PDF)")
    expect(sheet).to_be_visible()
    answer = page.request.get(sheet.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    shot(page, "presensi-berkas", at=page.get_by_role("heading", name="Berkas"))

    page.goto(f"/organiser/events/{event.code}/attendance/participants/")
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    expect(page.get_by_text("4/4").first).to_be_visible()
    shot(page, "presensi-per-peserta")

    page.goto(f"/organiser/events/{event.code}/attendance/log/")
    expect(page.get_by_text("Pintu ruang rapat").first).to_be_visible()
    shot(page, "log-pindaian")

    page.goto(f"/organiser/events/{event.code}/archive/")
    expect(page.get_by_text("Unduh arsip (ZIP)")).to_be_visible()
    shot(page, "arsip")

    page.goto(f"/organiser/events/{event.code}/history/")
    expect(page.get_by_text("Kegiatan ditandai selesai")).to_be_visible()
    shot(page, "riwayat")
