"""The remote signer (a BSrE-shaped e-sign API) against a local fake service:
signed PDFs come back and validate; refusals and outages give their codes;
outages are retried; the passphrase is never logged or shown."""

import logging
import socket

import pytest
from django.utils import translation

from certificates import services
from certificates.models import SignedDocument
from certificates.signing import config
from certificates.signing.base import SigningError
from certificates.signing.local import Pkcs12Signer
from certificates.signing.remote import RemoteSigner
from certificates.signing.validation import signatures_in
from tests import factories
from tests.certificates.fake_bsre import NIK, PASSPHRASE, PASSWORD, USER, FakeBsre
from tests.certificates.signing_keys import PASSWORD as P12_PASSWORD
from tests.certificates.signing_keys import authority

__all__ = ["authority"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(authority):
    signer = Pkcs12Signer.load(authority.pkcs12("Walikota Contoh"), password=P12_PASSWORD)
    with FakeBsre(signer) as fake:
        yield fake


@pytest.fixture
def remote_settings(settings, service, authority, tmp_path):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    settings.CERTIFICATE_SIGNER = "remote"
    settings.CERTIFICATE_SIGNING_REMOTE_URL = service.url
    settings.CERTIFICATE_SIGNING_REMOTE_USER = USER
    settings.CERTIFICATE_SIGNING_REMOTE_PASSWORD = PASSWORD
    settings.CERTIFICATE_SIGNING_REMOTE_NIK = NIK
    settings.CERTIFICATE_SIGNING_REMOTE_PASSPHRASE = PASSPHRASE
    settings.CERTIFICATE_SIGNING_REMOTE_RETRIES = 2
    settings.CERTIFICATE_SIGNING_TRUST_ROOTS = [str(roots)]
    config.forget_signers()
    yield settings
    config.forget_signers()


def client(service, **overrides) -> RemoteSigner:
    values = {
        "url": service.url,
        "user": USER,
        "password": PASSWORD,
        "nik": NIK,
        "passphrase": PASSPHRASE,
        "timeout": 5,
        "retries": 2,
        "backoff": 0,
    }
    return RemoteSigner(**(values | overrides))


def a_pdf() -> bytes:
    from certificates.pdf import CertificateRenderer, Design
    from tests.certificates.test_pdf import printed

    return CertificateRenderer(Design()).render(printed())


def test_a_certificate_signed_by_the_service_is_stored_and_validates(
    remote_settings, cert_event, organiser
):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    document = services.certificate_sign(certificate=certificate)

    [report] = signatures_in(services.stored_pdf(document))
    assert report.valid
    signature = document.signatures.get()
    assert signature.signer_kind == "remote"
    assert signature.signer == "Walikota Contoh, Pemerintah Kota Contoh"


@pytest.mark.parametrize(
    ("overrides", "code", "fragment"),
    [
        ({"passphrase": "salah"}, "signer_rejected", "passphrase"),
        ({"nik": "3172000000000000"}, "signer_rejected", "NIK"),
        ({"password": "bukan"}, "signer_rejected", "credentials"),
    ],
    ids=["wrong-passphrase", "unknown-nik", "bad-credentials"],
)
def test_refusals_give_their_code_at_once_without_retrying(service, overrides, code, fragment):
    with translation.override("en"), pytest.raises(SigningError) as refused:
        client(service, **overrides).sign(a_pdf(), field="TTE1")

    assert refused.value.code == code
    assert fragment in refused.value.message
    assert service.requests == 1


def test_an_outage_is_retried_then_signs(service):
    service.failures = [503, 500]

    signed = client(service).sign(a_pdf(), field="TTE1")

    assert signatures_in(signed.data, roots=[])[0].intact
    assert service.requests == 3


def test_a_lasting_outage_says_the_service_is_unavailable(service):
    service.failures = [503, 502, 500, 500]

    with pytest.raises(SigningError) as refused:
        client(service).sign(a_pdf(), field="TTE1")

    assert refused.value.code == "signer_unavailable"
    assert service.requests == 3  # the first try and two retries


def test_a_service_that_is_not_there_is_unavailable():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    signer = RemoteSigner(
        url=f"http://127.0.0.1:{port}",
        user=USER,
        password=PASSWORD,
        nik=NIK,
        passphrase=PASSPHRASE,
        timeout=2,
        retries=1,
        backoff=0,
    )

    with pytest.raises(SigningError) as refused:
        signer.sign(a_pdf(), field="TTE1")

    assert refused.value.code == "signer_unavailable"


def test_the_passphrase_is_never_logged_shown_or_stored(
    remote_settings, service, caplog, cert_event, organiser
):
    caplog.set_level(logging.DEBUG)
    service.failures = [503]
    signer = client(service, passphrase="salah-" + PASSPHRASE)
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    with pytest.raises(SigningError) as refused:
        services.certificate_sign(certificate=certificate, signer=signer)

    assert service.seen_passphrases == [b"salah-" + PASSPHRASE.encode()]  # it was sent
    assert PASSPHRASE not in caplog.text
    assert PASSPHRASE not in refused.value.message
    assert PASSPHRASE not in repr(signer)
    assert NIK not in caplog.text  # masked: only its last four digits
    assert NIK[-4:] in caplog.text
    assert not SignedDocument.objects.exists()
