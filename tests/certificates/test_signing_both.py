"""Both signatories sign electronically (issue 18): the first official's
signer, then the second's, one incremental signature after the other, each
stamp under its block; the order is recorded and shown; a design that needs
the second signer without one configured is refused before anything is
signed; ``manage.py check`` reports a broken second signer."""

import io

import pypdf
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import services
from certificates.models import (
    Certificate,
    CertificateJob,
    CertificateSignature,
    ElectronicSignatory,
    JobStatus,
    SignedDocument,
)
from certificates.pdf import signatory_blocks
from certificates.signing import config
from certificates.signing.base import SigningError
from certificates.signing.checks import signing_configuration
from certificates.signing.validation import signatures_in
from tests import factories
from tests.certificates.signing_keys import PASSWORD, authority, local_signing
from tests.certificates.test_signatories import two_signatories
from tests.certificates.test_views_organiser import settings_data
from tests.certificates.test_views_organiser import url as organiser_url

__all__ = ["authority", "local_signing"]

pytestmark = pytest.mark.django_db

FIRST_NAME = "Kepala Dinas Kominfo, Pemerintah Kota Contoh"
SECOND_NAME = "Ketua Panitia Bimtek, Pemerintah Kota Contoh"


@pytest.fixture
def both_signing(local_signing, authority, tmp_path):
    """The first official's PKCS#12 (``local_signing``) and the second's."""
    p12 = tmp_path / "panitia.p12"
    p12.write_bytes(authority.pkcs12("Ketua Panitia Bimtek", password="sandi-panitia"))
    local_signing.CERTIFICATE_SIGNING_SECOND_PKCS12 = str(p12)
    local_signing.CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD = "sandi-panitia"
    config.forget_signers()
    return local_signing


def issue(event, organiser, name="Raja Nurhayati"):
    registration = factories.RegistrationFactory(event=event, participant__full_name=name)
    factories.attend(registration, event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


def stamp_rects(data: bytes) -> dict[str, list[float]]:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    return {
        str(annotation.get_object()["/T"]): [float(v) for v in annotation.get_object()["/Rect"]]
        for annotation in page["/Annots"]
        if annotation.get_object().get("/FT") == "/Sig"
    }


def signed_by_both(event, organiser):
    two_signatories(event.cert_settings, electronic_signatory=ElectronicSignatory.BOTH)
    certificate = issue(event, organiser)
    document = services.certificate_sign(certificate=certificate)
    return certificate, document, services.stored_pdf(document)


def test_both_signatories_sign_in_order_and_both_validate(
    both_signing, authority, cert_event, organiser
):
    certificate, document, data = signed_by_both(cert_event, organiser)

    assert certificate.snapshot["electronic_signatory"] == ElectronicSignatory.BOTH
    # pyHanko itself, against the test CA: both intact, the first one
    # followed only by the second signature, the second covering the file.
    reader = PdfFileReader(io.BytesIO(data))
    first, second = reader.embedded_signatures
    assert (first.field_name, second.field_name) == ("TTE1", "TTE2")
    for embedded in (first, second):
        status = validate_pdf_signature(
            embedded, ValidationContext(trust_roots=[authority.certificate_asn1])
        )
        assert status.bottom_line, status.pretty_print_details()
    assert second.coverage.name == "ENTIRE_FILE"
    assert first.coverage.name == "ENTIRE_REVISION"
    # recorded in signing order, with who signed
    rows = list(CertificateSignature.objects.filter(document=document).order_by("position"))
    assert [(row.position, row.signer) for row in rows] == [(1, FIRST_NAME), (2, SECOND_NAME)]
    reports = signatures_in(data)
    assert [(r.signer, r.valid) for r in reports] == [(FIRST_NAME, True), (SECOND_NAME, True)]
    # each stamp under its own block
    blocks = signatory_blocks(landscape=True, count=2)
    rects = stamp_rects(data)
    for field, block in zip(("TTE1", "TTE2"), blocks, strict=True):
        left, _bottom, right, _top = rects[field]
        assert left == pytest.approx(block.centre - block.width / 2, abs=1)
        assert right == pytest.approx(block.centre + block.width / 2, abs=1)
    # the download is the stored file, byte for byte
    settings = cert_event.cert_settings
    assert services.certificate_download_pdf(certificate, settings=settings) == data


def test_with_one_signatory_signing_only_that_official_signs(both_signing, cert_event, organiser):
    two_signatories(cert_event.cert_settings, electronic_signatory=ElectronicSignatory.FIRST)
    first = services.stored_pdf(services.certificate_sign(certificate=issue(cert_event, organiser)))
    cert_event.cert_settings.electronic_signatory = ElectronicSignatory.SECOND
    cert_event.cert_settings.save()
    second = services.stored_pdf(
        services.certificate_sign(certificate=issue(cert_event, organiser, name="Budi"))
    )

    assert [r.signer for r in signatures_in(first)] == [FIRST_NAME]
    # the second signatory alone: signed by the second official's own signer
    assert [r.signer for r in signatures_in(second)] == [SECOND_NAME]


def test_both_without_a_second_signer_is_refused_and_nothing_is_signed(
    client, local_signing, cert_event, organiser
):
    two_signatories(cert_event.cert_settings, electronic_signatory=ElectronicSignatory.BOTH)
    certificate = issue(cert_event, organiser)

    with pytest.raises(SigningError) as raised:
        services.certificate_download_pdf(certificate, settings=cert_event.cert_settings)
    assert raised.value.code == "signer_misconfigured"
    assert not SignedDocument.objects.exists()

    client.force_login(organiser)
    response = client.get(organiser_url("pdf", cert_event, pk=certificate.pk), follow=True)
    assert "belum ada penanda tangan elektronik yang dikonfigurasi untuk penanda tangan kedua" in (
        response.text
    )
    assert not SignedDocument.objects.exists()


def test_a_bulk_run_needing_the_second_signer_is_refused_before_it_starts(
    client, local_signing, cert_event, organiser, django_capture_on_commit_callbacks
):
    two_signatories(cert_event.cert_settings, electronic_signatory=ElectronicSignatory.BOTH)
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            organiser_url("job_start", cert_event), {"output": "zip"}, follow=True
        )

    assert "Tidak ada yang ditandatangani" in response.text
    assert not CertificateJob.objects.exists()
    assert not Certificate.objects.exists()


def test_a_bulk_run_has_every_certificate_signed_by_both(
    client, both_signing, cert_event, organiser, django_capture_on_commit_callbacks
):
    two_signatories(cert_event.cert_settings, electronic_signatory=ElectronicSignatory.BOTH)
    for registration in factories.RegistrationFactory.create_batch(3, event=cert_event):
        factories.attend(registration, cert_event.countable)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(organiser_url("job_start", cert_event), {"output": "zip"})

    job = CertificateJob.objects.get()
    assert job.status == JobStatus.DONE, job.error
    assert job.signed == 3
    for document in SignedDocument.objects.all():
        reports = signatures_in(services.stored_pdf(document))
        assert [(r.signer, r.valid) for r in reports] == [(FIRST_NAME, True), (SECOND_NAME, True)]
        assert list(document.signatures.values_list("position", flat=True)) == [1, 2]


def test_verification_page_and_api_list_both_signatures_in_order(
    client, both_signing, cert_event, organiser
):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    certificate, _document, data = signed_by_both(cert_event, organiser)

    page = client.get(certificate.get_absolute_url()).text
    api = client.get(reverse("api:certificate_verify", kwargs={"code": certificate.code})).json()
    checked = client.post(
        reverse("certificates:verify_check", kwargs={"code": certificate.code}),
        {"file": SimpleUploadedFile("s.pdf", data, content_type="application/pdf")},
    )

    assert page.index("Signature 1 of 2") < page.index(f"Signed electronically by {FIRST_NAME}")
    assert page.index(f"Signed electronically by {FIRST_NAME}") < page.index("Signature 2 of 2")
    assert page.index("Signature 2 of 2") < page.index(f"Signed electronically by {SECOND_NAME}")
    assert page.count("Valid signature") == 2
    assert [(s["position"], s["signer"], s["intact"]) for s in api["signatures"]] == [
        (1, FIRST_NAME, True),
        (2, SECOND_NAME, True),
    ]
    assert all(s["signed_at"] for s in api["signatures"])
    assert "is the certificate issued for this code" in checked.text


def test_one_signature_shows_no_order(client, local_signing, cert_event, organiser):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    certificate = issue(cert_event, organiser)
    services.certificate_sign(certificate=certificate)

    page = client.get(certificate.get_absolute_url()).text

    assert "Signed electronically by" in page and "Signature 1 of" not in page


def test_the_design_form_offers_both_and_saves_it(client, organiser, cert_event):
    client.force_login(organiser)

    page = client.get(organiser_url("settings", cert_event)).text
    response = client.post(
        organiser_url("settings", cert_event),
        settings_data(
            cert_event,
            signatory2_name="Rahmat Hidayat",
            signatory2_position="Ketua Panitia",
            electronic_signatory="3",
        ),
    )

    assert "Kedua penanda tangan (pertama, lalu kedua)" in page
    assert response.status_code == 302
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.electronic_signatory == ElectronicSignatory.BOTH


def test_both_without_a_second_signatory_is_refused_in_indonesian(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        organiser_url("settings", cert_event), settings_data(cert_event, electronic_signatory="3")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["electronic_signatory"] == [
        "Tidak ada penanda tangan kedua yang dapat menandatangani secara elektronik."
    ]


def check_ids() -> set[str]:
    config.forget_signers()
    return {message.id for message in signing_configuration()}


def test_check_passes_a_working_second_signer(both_signing):
    assert check_ids() == set()


@pytest.mark.parametrize(
    "change",
    [
        {"CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD": PASSWORD},  # the first's password
        {"CERTIFICATE_SIGNING_SECOND_PKCS12": "/nowhere/panitia.p12"},
    ],
)
def test_check_reports_a_broken_second_signer(both_signing, change):
    for name, value in change.items():
        setattr(both_signing, name, value)

    assert check_ids() == {"certificates.E005"}


def test_check_reports_an_expired_second_signer(both_signing, authority, tmp_path):
    expired = tmp_path / "expired.p12"
    expired.write_bytes(authority.pkcs12(days=-1, starts=-30, password="x"))
    both_signing.CERTIFICATE_SIGNING_SECOND_PKCS12 = str(expired)
    both_signing.CERTIFICATE_SIGNING_SECOND_PKCS12_PASSWORD = "x"

    with translation.override("en"):
        [message] = signing_configuration()

    assert message.id == "certificates.E005"
    assert "second signatory" in message.msg and "expired" in message.msg


def test_check_warns_about_second_signer_settings_of_the_other_kind(local_signing):
    local_signing.CERTIFICATE_SIGNING_SECOND_REMOTE_NIK = "3172019876543210"

    assert check_ids() == {"certificates.W003"}


def test_the_remote_second_signer_is_the_second_officials_identity(settings):
    settings.CERTIFICATE_SIGNER = "remote"
    settings.CERTIFICATE_SIGNING_REMOTE_URL = "https://esign.example.go.id"
    settings.CERTIFICATE_SIGNING_REMOTE_NIK = "3172012345678901"
    settings.CERTIFICATE_SIGNING_REMOTE_PASSPHRASE = "satu"
    settings.CERTIFICATE_SIGNING_SECOND_REMOTE_NIK = "3172019876543210"
    settings.CERTIFICATE_SIGNING_SECOND_REMOTE_PASSPHRASE = ""
    settings.CERTIFICATE_SIGNING_TRUST_ROOTS = []
    config.forget_signers()

    assert "certificates.E005" in check_ids()
    settings.CERTIFICATE_SIGNING_SECOND_REMOTE_PASSPHRASE = "dua"
    config.forget_signers()
    assert (config.configured_signer().nik, config.configured_signer(config.SECOND).nik) == (
        "3172012345678901",
        "3172019876543210",
    )
    config.forget_signers()


def test_the_database_accepts_both_and_nothing_else(cert_event):
    from django.db import IntegrityError, transaction

    from certificates.models import CertificateSettings

    two_signatories(cert_event.cert_settings, electronic_signatory=ElectronicSignatory.BOTH)
    assert CertificateSettings.objects.get(event=cert_event).electronic_signatory == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateSettings.objects.filter(event=cert_event).update(electronic_signatory=4)


def test_both_officials_sign_at_the_remote_service_each_with_their_nik(
    settings, authority, cert_event, organiser, tmp_path
):
    from certificates.signing.local import Pkcs12Signer
    from tests.certificates.fake_bsre import (
        NIK,
        NIK2,
        PASSPHRASE,
        PASSPHRASE2,
        USER,
        FakeBsre,
    )
    from tests.certificates.fake_bsre import PASSWORD as SERVICE_PASSWORD

    first = Pkcs12Signer.load(authority.pkcs12("Walikota Contoh"), password=PASSWORD)
    second = Pkcs12Signer.load(authority.pkcs12("Ketua Panitia Bimtek"), password=PASSWORD)
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    with FakeBsre(first, second) as service:
        settings.CERTIFICATE_SIGNER = "remote"
        settings.CERTIFICATE_SIGNING_REMOTE_URL = service.url
        settings.CERTIFICATE_SIGNING_REMOTE_USER = USER
        settings.CERTIFICATE_SIGNING_REMOTE_PASSWORD = SERVICE_PASSWORD
        settings.CERTIFICATE_SIGNING_REMOTE_NIK = NIK
        settings.CERTIFICATE_SIGNING_REMOTE_PASSPHRASE = PASSPHRASE
        settings.CERTIFICATE_SIGNING_SECOND_REMOTE_NIK = NIK2
        settings.CERTIFICATE_SIGNING_SECOND_REMOTE_PASSPHRASE = PASSPHRASE2
        settings.CERTIFICATE_SIGNING_TRUST_ROOTS = [str(roots)]
        config.forget_signers()
        try:
            _certificate, document, data = signed_by_both(cert_event, organiser)
        finally:
            config.forget_signers()

    expected = ["Walikota Contoh, Pemerintah Kota Contoh", SECOND_NAME]
    assert [(r.signer, r.valid) for r in signatures_in(data)] == [(n, True) for n in expected]
    rows = document.signatures.order_by("position")
    assert [(r.position, r.signer, r.signer_kind) for r in rows] == [
        (1, expected[0], "remote"),
        (2, expected[1], "remote"),
    ]
    assert service.seen_passphrases == [PASSPHRASE.encode(), PASSPHRASE2.encode()]
