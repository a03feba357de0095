"""Done when (issue 21): the organiser fills the rates, uploads three photos
and downloads the SPJ pack."""

import io
import re
import zipfile

import docx
import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from spj.models import Person
from tests.e2e.conftest import sign_in
from tests.spj import conftest as spj_fixtures

spj_event = spj_fixtures.spj_event
organiser = spj_fixtures.organiser


def _photo(path, red: int) -> str:
    Image.new("RGB", (800, 600), (red, 140, 90)).save(path, "JPEG")
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_organiser_fills_rates_uploads_photos_and_downloads_the_pack(
    new_context,
    live_server,
    spj_event,
    organiser,
    tmp_path,
):
    event = spj_event["event"]
    Person.objects.filter(name="Rina Wulandari").delete()
    context = new_context(accept_downloads=True)
    sign_in(context, organiser, live_server)
    page = context.new_page()

    page.goto(f"/organiser/events/{event.code}/")
    page.locator("[data-event-tab=spj]").click()
    row = page.locator('[data-speaker="Rina Wulandari"]')
    row.get_by_role("link", name="Isi data dan tarif").click()
    page.locator("select[name=employment]").select_option("non_pns")
    page.locator("input[name=npwp]").fill("09.254.294.3-407.000")
    page.locator("input[name=rate]").fill("1000000")
    page.get_by_test_id("spj-person-form").locator("button").click()

    # 2 JP × Rp1.000.000, non-PNS with NPWP 2.5 %: Rp50.000 withheld.
    expect(page.locator('[data-speaker="Rina Wulandari"]')).to_contain_text("Rp1.950.000")
    upload = page.get_by_test_id("spj-photo-upload")
    for red, caption in enumerate(["Pembukaan", "Materi", "Praktik"]):
        upload.locator("input[name=image]").set_input_files(
            _photo(tmp_path / f"{red}.jpg", red * 90)
        )
        upload.locator("input[name=caption]").fill(caption)
        upload.locator("button").click()
        upload = page.get_by_test_id("spj-photo-upload")
    expect(page.get_by_test_id("spj-photos").locator("img")).to_have_count(3)
    # Fourteen documents: more than the default ten seconds on a busy machine.
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_test_id("spj-pack").click(no_wait_after=True)

    download = download_info.value
    assert download.suggested_filename == f"paket_spj_{event.code}.zip"
    archive = zipfile.ZipFile(download.path())
    assert len(archive.namelist()) == 14
    report = docx.Document(io.BytesIO(archive.read(f"laporan_kegiatan_{event.code}.docx")))
    assert len(report.inline_shapes) == 3
    honorarium = docx.Document(io.BytesIO(archive.read(f"daftar_honorarium_{event.code}.docx")))
    cells = [c.text for t in honorarium.tables for r in t.rows for c in r.cells]
    assert "Rp1.950.000" in cells


@pytest.mark.django_db(transaction=True)
def test_a_speaker_fills_in_their_own_data_from_the_e_mailed_link(
    new_context, live_server, spj_event, organiser, tmp_path
):
    """The organiser sends Rina the form; Rina, on her phone and without an
    account, opens the e-mailed link and fills in her data; the organiser
    sees it filled in and the honorarium uses it."""
    event = spj_event["event"]
    context = new_context()
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/spj/")
    row = page.locator('[data-speaker="Rina Wulandari"]')
    expect(row.get_by_test_id("spj-request")).to_contain_text("Belum dikirim")
    row.get_by_role("link", name="Kirim formulir").click()
    page.locator("input[name=email]").fill("rina@example.org")
    page.get_by_test_id("spj-request-form").locator("button").click()
    expect(page.locator('[data-speaker="Rina Wulandari"]')).to_contain_text("Menunggu")

    message = next(m for m in mail.outbox if m.to == ["rina@example.org"])
    link = re.search(r"/spj/speaker/\S+/", message.body).group(0)
    speaker = new_context(phone=True).new_page()
    speaker.goto(link)
    expect(speaker.get_by_test_id("speaker-name")).to_have_text("Rina Wulandari")
    expect(speaker.locator("body")).not_to_contain_text("Dr. Budi Santoso")
    form = speaker.get_by_test_id("speaker-data-form")
    form.locator("input[name=institution]").fill("Universitas Riau")
    form.locator("input[name=position]").fill("Dosen")
    form.locator("select[name=employment]").select_option("non_pns")
    form.locator("input[name=nik]").fill("1471010101800002")
    form.locator("input[name=npwp]").fill("09.254.294.3-407.001")
    form.locator("input[name=bank_name]").fill("Bank Riau Kepri")
    form.locator("input[name=bank_account]").fill("9876543210")
    form.locator("input[name=bank_account_holder]").fill("Rina Wulandari")
    speaker.screenshot(path=str(tmp_path / "speaker_form.png"), full_page=True)
    form.locator("button").click()
    expect(speaker.get_by_test_id("speaker-data-done")).to_be_visible()

    page.reload()
    row = page.locator('[data-speaker="Rina Wulandari"]')
    expect(row.get_by_test_id("spj-request")).to_contain_text("Sudah diisi")
    page.screenshot(path=str(tmp_path / "organiser_overview.png"), full_page=True)
    # 2 JP × Rp1.000.000, now with an NPWP: 2.5 % withheld.
    expect(row).to_contain_text("Rp1.950.000")
    person = Person.objects.get(event=event, name="Rina Wulandari")
    assert person.nik == "1471010101800002" and person.institution == "Universitas Riau"
