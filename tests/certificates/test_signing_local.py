"""PAdES signing with a local PKCS#12: what a recipient's reader checks."""

import asyncio

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from certificates import services
from certificates.signing import config
from certificates.signing.base import SigningError
from certificates.signing.local import Pkcs12Signer
from certificates.signing.validation import load_roots, signatures_in
from tests import factories
from tests.certificates.pdfcheck import qr_texts
from tests.certificates.signing_keys import PASSWORD, authority, local_signing, make_authority

__all__ = ["authority", "local_signing"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cert_event, organiser):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


def test_signed_certificate_validates_as_intact_and_whole(local_signing, certificate):
    document = services.certificate_sign(certificate=certificate)

    data = services.stored_pdf(document)
    [report] = signatures_in(data)
    assert report.intact and report.trusted and report.whole and report.valid
    assert report.signer == "Kepala Dinas Kominfo, Pemerintah Kota Contoh"
    signature = document.signatures.get()
    assert (signature.position, signature.signer_kind, signature.level) == (1, "pkcs12", "B-B")
    assert signature.signer == report.signer


def test_one_changed_byte_makes_the_signature_invalid(local_signing, certificate):
    data = bytearray(services.stored_pdf(services.certificate_sign(certificate=certificate)))
    position = data.index(b"/MediaBox") + 12
    data[position] = ord("7") if data[position] != ord("7") else ord("8")

    [report] = signatures_in(bytes(data))

    assert not report.intact
    assert not report.valid


def test_signature_by_an_unknown_authority_is_intact_but_not_trusted(
    local_signing, certificate, tmp_path
):
    other = tmp_path / "other.pem"
    other.write_bytes(make_authority("CA Lain").pem)

    data = services.stored_pdf(services.certificate_sign(certificate=certificate))
    [report] = signatures_in(data, roots=load_roots([str(other)]))

    assert report.intact and not report.trusted and not report.valid


def test_the_signed_certificate_still_carries_its_verification_qr(local_signing, certificate):
    data = services.stored_pdf(services.certificate_sign(certificate=certificate))

    assert certificate.verify_url in qr_texts(data)


def test_signing_twice_keeps_the_first_file(local_signing, certificate):
    first = services.certificate_sign(certificate=certificate)
    again = services.certificate_sign(certificate=certificate)

    assert again.pk == first.pk
    assert default_storage.exists(first.file.name)


def test_two_signatures_in_order_both_validate(authority, certificate, local_signing):
    pdf = services.certificate_download_pdf(
        certificate, settings=certificate.event.certificate_settings
    )
    second = Pkcs12Signer.load(authority.pkcs12("Ketua Panitia"), password=PASSWORD)

    signed = second.sign(pdf, field="TTE2").data
    reports = signatures_in(signed)

    assert [r.signer.split(",")[0] for r in reports] == ["Kepala Dinas Kominfo", "Ketua Panitia"]
    assert all(r.intact and r.trusted and r.whole for r in reports)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda ca: b"not a pkcs12 at all", "does not open"),
        (lambda ca: ca.pkcs12(password="another"), "does not open"),
        (lambda ca: ca.pkcs12(days=-1, starts=-30), "expired"),
        (lambda ca: ca.pkcs12(signing=False), "key usage"),
    ],
    ids=["garbage", "wrong-password", "expired", "no-signing-usage"],
)
def test_an_unusable_pkcs12_is_refused_with_its_reason(authority, make, fragment):
    with translation.override("en"), pytest.raises(SigningError) as refused:
        Pkcs12Signer.load(make(authority), password=PASSWORD)

    assert refused.value.code == "signer_misconfigured"
    assert fragment in refused.value.message


def test_without_a_signer_downloads_are_drawn_as_before(settings, certificate):
    settings.CERTIFICATE_SIGNER = ""
    config.forget_signers()

    data = services.certificate_download_pdf(
        certificate, settings=certificate.event.certificate_settings
    )

    assert signatures_in(data, roots=[]) == []
    assert services.signed_document_for(certificate) is None


def test_signing_and_validating_work_inside_a_running_event_loop(authority):
    from tests.certificates.test_signing_remote import a_pdf

    signer = Pkcs12Signer.load(authority.pkcs12(), password=PASSWORD)

    async def inside():
        signed = signer.sign(a_pdf(), field="TTE1")
        return signatures_in(signed.data, roots=[authority.certificate_asn1])

    [report] = asyncio.run(inside())

    assert report.intact and report.trusted
