"""Done when (issue 18): someone holding a signed certificate opens its
verification page, sees who signed it, and "Periksa berkas" tells the issued
file from one changed after signing."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates import services
from tests import factories
from tests.certificates.signing_keys import authority, local_signing

__all__ = ["authority", "local_signing"]


@pytest.mark.django_db(transaction=True)
def test_a_recipient_checks_the_signed_file_on_the_verification_page(
    page, live_server, local_signing, tmp_path
):
    local_signing.SITE_URL = live_server.url
    event = factories.CertificateSettingsFactory().event
    sessions = [factories.SessionFactory(event=event) for _ in range(2)]
    registration = factories.RegistrationFactory(event=event)
    factories.attend(registration, sessions)
    certificate = services.certificate_issue(actor=None, registration=registration)
    data = services.stored_pdf(services.certificate_sign(certificate=certificate))
    issued, changed = tmp_path / "sertifikat.pdf", tmp_path / "diubah.pdf"
    issued.write_bytes(data)
    tampered = bytearray(data)
    position = tampered.index(b"/MediaBox") + 12
    tampered[position] = ord("7") if tampered[position] != ord("7") else ord("8")
    changed.write_bytes(bytes(tampered))

    page.goto(certificate.get_absolute_url())
    expect(page.get_by_test_id("verify-signature")).to_contain_text(
        "Ditandatangani secara elektronik oleh Kepala Dinas Kominfo"
    )
    expect(page.get_by_test_id("verify-signature")).to_contain_text("Tanda tangan sah")

    page.get_by_label("Berkas sertifikat (PDF)").set_input_files(str(issued))
    page.get_by_role("button", name="Periksa berkas", exact=True).click()
    expect(page.get_by_test_id("file-check")).to_contain_text("tanda tangan elektroniknya utuh")

    page.get_by_label("Berkas sertifikat (PDF)").set_input_files(str(Path(changed)))
    page.get_by_role("button", name="Periksa berkas", exact=True).click()
    expect(page.get_by_test_id("file-check")).to_contain_text("diubah setelah ditandatangani")


@pytest.mark.django_db(transaction=True)
def test_both_signatures_are_listed_in_order_and_the_file_checks(
    page, live_server, local_signing, authority, tmp_path
):
    from certificates.models import ElectronicSignatory
    from certificates.signing import config
    from tests.certificates.test_signatories import two_signatories

    second = tmp_path / "panitia.p12"
    second.write_bytes(authority.pkcs12("Ketua Panitia Bimtek", password="sandi-panitia"))
    local_signing.CERTIFICATE_SIGNING_SECOND_PKCS12 = str(second)
    local_signing.CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD = "sandi-panitia"
    config.forget_signers()
    local_signing.SITE_URL = live_server.url
    settings = factories.CertificateSettingsFactory()
    two_signatories(settings, electronic_signatory=ElectronicSignatory.BOTH)
    event = settings.event
    sessions = [factories.SessionFactory(event=event) for _ in range(2)]
    registration = factories.RegistrationFactory(event=event)
    factories.attend(registration, sessions)
    certificate = services.certificate_issue(actor=None, registration=registration)
    issued = tmp_path / "sertifikat.pdf"
    issued.write_bytes(services.stored_pdf(services.certificate_sign(certificate=certificate)))

    page.goto(certificate.get_absolute_url())
    signatures = page.get_by_test_id("verify-signature")
    expect(signatures).to_have_count(2)
    expect(signatures.nth(0)).to_contain_text("Tanda tangan ke-1 dari 2")
    expect(signatures.nth(0)).to_contain_text("oleh Kepala Dinas Kominfo")
    expect(signatures.nth(1)).to_contain_text("Tanda tangan ke-2 dari 2")
    expect(signatures.nth(1)).to_contain_text("oleh Ketua Panitia Bimtek")
    expect(signatures.nth(1)).to_contain_text("Tanda tangan sah")
    page.screenshot(path=str(tmp_path / "verifikasi-dua-ttd.png"), full_page=True)

    page.get_by_label("Berkas sertifikat (PDF)").set_input_files(str(issued))
    page.get_by_role("button", name="Periksa berkas", exact=True).click()
    expect(page.get_by_test_id("file-check")).to_contain_text("tanda tangan elektroniknya utuh")
