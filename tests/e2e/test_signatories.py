"""Issue 18: an organiser gives the certificate design a second signatory
(a Plt., so no NIP printed) with its own signature image, chooses who signs
electronically, and the preview prints both side by side."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.models import User
from certificates.models import CertificateSettings
from demo.seed import seed_demo
from tests.certificates.pdfcheck import pdf_text
from tests.e2e.conftest import sign_in

SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/bimtek-e2e"))


@pytest.mark.django_db(transaction=True)
def test_organiser_adds_a_second_signatory(new_context, live_server, tmp_path):
    event = seed_demo().event
    organiser = User.objects.get(email="panitia@example.org")
    signature = tmp_path / "ttd-kepala-badan.png"
    image = io.BytesIO()
    Image.new("RGBA", (400, 160), (20, 40, 160, 220)).save(image, "PNG")
    signature.write_bytes(image.getvalue())

    context = new_context()
    context.set_default_timeout(60_000)  # a shared machine: pages render a PDF preview
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/certificates/settings/")
    second = page.get_by_test_id("signatory-2")
    expect(second).to_contain_text("Penanda tangan kedua (opsional)")

    # details without a name: refused, in Indonesian, nothing saved
    second.get_by_label("Jabatan penanda tangan kedua").fill("Kepala Badan Kepegawaian Daerah")
    page.get_by_test_id("settings-save").click()
    expect(
        page.get_by_text("Isi nama penanda tangan kedua, atau kosongkan semua isian")
    ).to_be_visible()

    second = page.get_by_test_id("signatory-2")
    second.get_by_label("Nama penanda tangan kedua").fill("Rahmat Hidayat")
    second.get_by_label("Pejabat pelaksana (penanda tangan kedua)").select_option("Plt.")
    second.get_by_label("NIP penanda tangan kedua").fill("197001011995031002")
    second.get_by_label("Gambar tanda tangan kedua").set_input_files(str(signature))
    page.get_by_label("Penanda tangan kedua", exact=True).check()
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_text("Pengaturan sertifikat disimpan.")).to_be_visible()

    second = page.get_by_test_id("signatory-2")
    expect(second.get_by_label("Nama penanda tangan kedua")).to_have_value("Rahmat Hidayat")
    expect(second.get_by_role("img", name="Gambar tanda tangan kedua")).to_be_visible()
    second.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "certificate-two-signatories.png"), full_page=True)

    saved = CertificateSettings.objects.get(event=event)
    assert (saved.signatory2_name, saved.signatory2_acting, saved.electronic_signatory) == (
        "Rahmat Hidayat",
        "Plt.",
        2,
    )
    preview = page.request.get(f"/organiser/events/{event.code}/certificates/settings/preview.pdf")
    text = pdf_text(preview.body())
    assert "Rahmat Hidayat" in text and saved.signatory_name.split()[0] in text
    assert "197001011995031002" not in text  # a Plt. signs without NIP
